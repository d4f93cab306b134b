package io.tfdrift.source.kafka;

import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.testkit.EventSourceContractTest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

class KafkaContractTest extends EventSourceContractTest {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private KafkaBroker broker;
  private String topic;
  private String group;

  @BeforeEach
  void newTopic() throws Exception {
    broker = KafkaBroker.get();
    topic = broker.newTopic(2);
    group = "contract-" + GROUPS.incrementAndGet();
  }

  @Override
  protected EventSourceProvider provider() {
    return new KafkaSourceProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return broker.config(topic, group);
  }

  @Override
  protected void sendOneCall(EventSource source) {
    broker.send(topic, "123837392027", Fixtures.json(Fixtures.cloudTrailRecords().get(0)));
  }
}
