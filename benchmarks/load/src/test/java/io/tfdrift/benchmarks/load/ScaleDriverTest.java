package io.tfdrift.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas as separate {@code tfdrift run} processes on one Kafka consumer group and one PostgreSQL
 * inventory: two start, one is killed with SIGKILL a third of the way (its partitions, with records
 * it had received but not committed, go to the survivor after the session timeout), and a third
 * replica joins before the last quarter of the records is published (a rebalance while records
 * arrive). Every drift is notified, every offset committed, the outbox empty; no drift is notified
 * twice, except one the killed replica had delivered and not yet removed from the outbox (each
 * replica posts to its own webhook path, so those are told apart: the at-least-once window of a
 * SIGKILL between the webhook's answer and the removal, reported, not failed).
 */
class ScaleDriverTest {
  @TempDir Path dir;

  @Test
  void killedAndJoiningReplicasOnKafkaLoseAndDuplicateNothing() throws Exception {
    ScaleDriver.quietPeers();
    ScaleOptions options =
        ScaleOptions.parse(
            new String[] {
              "--runs", "kafka:2:kill+join",
              "--events", "2000",
              "--rate", "150",
              "--partitions", "6",
              "--timeout", "180"
            },
            TestPostgres.url());

    List<ScaleResult> results = new ScaleDriver(options, dir).runAll();

    ScaleResult r = results.get(0);
    assertThat(r.drifts()).isEqualTo(400);
    assertThat(r.lost()).as("drifts never notified").isZero();
    assertThat(r.duplicates()).as("drifts notified twice (not by a killed replica first)").isZero();
    assertThat(r.unexpected()).as("notifications of no record").isZero();
    assertThat(r.replicas())
        .extracting(ScaleResult.Share::fate)
        .containsExactly("ran", "killed", "joined");
    assertThat(r.joinedPublished())
        .as("the joiner was ready before the last quarter was published")
        .isLessThan(r.events());
    assertThat(r.replicas().get(2).auditEvents())
        .as("the joiner got partitions and consumed from them")
        .isPositive();
    assertThat(r.replicas().get(0).auditEvents() + r.replicas().get(2).auditEvents())
        .as("the survivors consumed everything the killed replica had not committed")
        .isLessThanOrEqualTo(r.events())
        .isGreaterThan(r.events() / 2);
  }
}
