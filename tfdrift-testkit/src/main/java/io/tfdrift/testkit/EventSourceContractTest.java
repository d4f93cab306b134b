package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EventSourceProvider} keeps: it is discoverable, it delivers what its
 * peer sends, it reports whether it is connected, and it closes cleanly. Extend it and make a real
 * peer send one call (POST to the receiver, publish to the queue).
 */
public abstract class EventSourceContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract EventSourceProvider provider();

  /**
   * A configuration that works against the test's peer.
   *
   * @return the section's keys and values
   */
  protected abstract Map<String, Object> config();

  /**
   * Makes the peer send one mutating call to the started source.
   *
   * @param source the started source
   * @throws Exception if the peer cannot send
   */
  protected abstract void sendOneCall(EventSource source) throws Exception;

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(EventSourceProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void deliversWhatItsPeerSends() throws Exception {
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = provider().create(TestConfigs.of("source", config()))) {
      source.start(sink);
      sendOneCall(source);
      assertThat(sink.awaitEvents(1, Duration.ofSeconds(10)))
          .first()
          .satisfies(
              e -> {
                assertThat(e.provider()).isNotBlank();
                assertThat(e.action()).isNotBlank();
              });
    }
  }

  @Test
  void isConnectedWhileStartedAndNotAfterClose() throws Exception {
    EventSource source = provider().create(TestConfigs.of("source", config()));
    source.start(new RecordingEventSink());
    await("connected after start").atMost(Duration.ofSeconds(10)).until(source::connected);
    source.close();
    assertThat(source.connected()).isFalse();
    source.close();
  }
}
