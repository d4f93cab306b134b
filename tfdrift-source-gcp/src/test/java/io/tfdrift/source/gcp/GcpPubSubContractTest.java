package io.tfdrift.source.gcp;

import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.testkit.EventSourceContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class GcpPubSubContractTest extends EventSourceContractTest {
  private FakePubSub pubsub;

  @BeforeEach
  void startPubSub() throws Exception {
    pubsub = new FakePubSub();
  }

  @AfterEach
  void stopPubSub() throws Exception {
    pubsub.close();
  }

  @Override
  protected EventSourceProvider provider() {
    return new GcpPubSubSourceProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of(
        "subscription",
        "projects/p/subscriptions/s",
        "endpoint",
        pubsub.endpoint(),
        "plaintext",
        true);
  }

  @Override
  protected void sendOneCall(EventSource source) {
    pubsub.publish(Fixtures.logEntries().get(6));
  }
}
