package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.api.spi.StateFetch;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StateBackendProvider} keeps: it serves what is stored, answers
 * "unchanged" for the version it returned, notices changes, and fails clearly when the state is
 * missing. Extend it and store documents in a real peer (a directory, S3Proxy, a GCS fake).
 */
public abstract class StateBackendContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract StateBackendProvider provider();

  /**
   * Stores a state document where the configuration returned by {@link #config()} reads it,
   * replacing what was there.
   *
   * @param document the state JSON
   * @throws Exception if storing fails
   */
  protected abstract void store(byte[] document) throws Exception;

  /**
   * A state section that reads the stored document.
   *
   * @return the section's keys and values
   */
  protected abstract Map<String, Object> config();

  /**
   * A state section that points at a state that does not exist.
   *
   * @return the section's keys and values
   */
  protected abstract Map<String, Object> configOfMissingState();

  private StateBackend backend(Map<String, Object> values) {
    return provider().create(TestConfigs.of("providers.aws.state", values));
  }

  private static byte[] state(String instanceType) {
    return TerraformStates.builder()
        .resource("aws_instance", "web", Map.of("id", "i-0abc", "instance_type", instanceType))
        .build();
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(StateBackendProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void servesTheStoredDocument() throws Exception {
    byte[] document = state("t3.micro");
    store(document);
    try (StateBackend backend = backend(config())) {
      StateFetch fetch = backend.fetch("");
      assertThat(fetch).isInstanceOf(StateFetch.Changed.class);
      assertThat(StateFetches.changed(fetch).documents())
          .singleElement()
          .satisfies(d -> assertThat(d.content()).isEqualTo(document));
      assertThat(backend.location()).isNotBlank();
    }
  }

  @Test
  void answersUnchangedForTheVersionItReturned() throws Exception {
    store(state("t3.micro"));
    try (StateBackend backend = backend(config())) {
      String version = backend.fetch("").version();
      StateFetch again = backend.fetch(version);
      assertThat(again).isInstanceOf(StateFetch.Unchanged.class);
    }
  }

  @Test
  void noticesAChangedDocument() throws Exception {
    store(state("t3.micro"));
    try (StateBackend backend = backend(config())) {
      String version = backend.fetch("").version();
      byte[] changed = state("t3.large");
      store(changed);
      StateFetch fetch = backend.fetch(version);
      assertThat(fetch).isInstanceOf(StateFetch.Changed.class);
      assertThat(fetch.version()).isNotEqualTo(version);
      assertThat(StateFetches.changed(fetch).documents())
          .singleElement()
          .satisfies(d -> assertThat(d.content()).isEqualTo(changed));
    }
  }

  @Test
  void failsClearlyForAMissingState() {
    try (StateBackend backend = backend(configOfMissingState())) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining(backend.location());
    }
  }
}
