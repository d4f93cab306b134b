package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ResourceMapperProvider} keeps: it is discoverable, it maps the calls it
 * claims, and it ignores calls it does not know without failing.
 */
public abstract class ResourceMapperContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract ResourceMapperProvider provider();

  /**
   * A call the mapper knows, and what it must map it to.
   *
   * @return the call and the expected match
   */
  protected abstract Map.Entry<AuditEvent, ResourceMatch> knownCall();

  private ResourceMapper mapper() {
    return provider().create(TestConfigs.of("mappers." + provider().type(), Map.of()));
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(ResourceMapperProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void mapsAKnownCall() {
    var call = knownCall();
    assertThat(mapper().map(call.getKey())).contains(call.getValue());
  }

  @Test
  void ignoresAnUnknownCall() {
    AuditEvent unknown = AuditEvents.aws("nothing.amazonaws.com", "FrobnicateWidget").build();
    assertThat(mapper().map(unknown)).isEqualTo(List.of());
  }
}
