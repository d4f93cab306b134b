package io.tfdrift.source.aws;

import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.testkit.EventSourceContractTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

class AwsSqsContractTest extends EventSourceContractTest {
  private AwsPeers peers;
  private String queueUrl;

  @BeforeEach
  void newQueue() throws Exception {
    peers = AwsPeers.get();
    queueUrl = peers.newQueue();
  }

  @Override
  protected EventSourceProvider provider() {
    return new AwsSqsSourceProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return peers.config(queueUrl);
  }

  @Override
  protected void sendOneCall(EventSource source) {
    peers.send(queueUrl, Fixtures.eventBridge(Fixtures.record()));
  }
}
