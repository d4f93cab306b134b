package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

  @Test
  void commitsOnlyTheCompletedPrefix() {
    PartitionLedger ledger = new PartitionLedger();
    CompletableFuture<Void> m10 = new CompletableFuture<>();
    CompletableFuture<Void> m11 = new CompletableFuture<>();
    CompletableFuture<Void> m12 = new CompletableFuture<>();
    ledger.add(10, m10);
    ledger.add(11, m11);
    ledger.add(12, m12);
    assertThat(ledger.advance()).isNull();
    assertThat(ledger.committable()).isEqualTo(-1);

    m11.complete(null);
    m12.complete(null);
    ledger.advance();
    assertThat(ledger.committable()).as("10 is still in the pipeline").isEqualTo(-1);

    m10.complete(null);
    ledger.advance();
    assertThat(ledger.committable()).isEqualTo(13);
    assertThat(ledger.inFlight()).isZero();
  }

  @Test
  void aCommitIsSentOnceAndAgainOnlyIfItFailed() {
    PartitionLedger ledger = new PartitionLedger();
    ledger.add(0, CompletableFuture.completedFuture(null));
    ledger.advance();
    assertThat(ledger.committable()).isEqualTo(1);
    ledger.committing(1);
    assertThat(ledger.committable()).isEqualTo(-1);
    ledger.commitFailed(1);
    assertThat(ledger.committable()).isEqualTo(1);
  }

  @Test
  void stopsAtAFailedMessageAndBacksOffWhileItKeepsFailing() {
    PartitionLedger ledger = new PartitionLedger();
    ledger.add(5, CompletableFuture.completedFuture(null));
    ledger.add(6, CompletableFuture.failedFuture(new IllegalStateException("shutting down")));
    ledger.add(7, CompletableFuture.completedFuture(null));
    PartitionLedger.Pending failed = ledger.advance();
    assertThat(failed.offset()).isEqualTo(6);
    assertThat(ledger.committable()).isEqualTo(6);

    long now = 1_000_000_000L;
    assertThat(ledger.retryFrom(now)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ledger.inFlight()).isZero();
    assertThat(ledger.retryDue(now + Duration.ofMillis(999).toNanos())).isFalse();
    assertThat(ledger.retryDue(now + Duration.ofSeconds(1).toNanos())).isTrue();
    assertThat(ledger.retryDue(now + Duration.ofSeconds(2).toNanos())).as("once").isFalse();
    assertThat(ledger.retryFrom(now)).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 6; i++) {
      ledger.retryFrom(now);
    }
    assertThat(ledger.retryFrom(now)).isEqualTo(PartitionLedger.MAX_RETRY);

    ledger.add(6, CompletableFuture.completedFuture(null));
    ledger.advance();
    assertThat(ledger.committable()).isEqualTo(7);
    ledger.add(7, CompletableFuture.failedFuture(new IllegalStateException("again")));
    ledger.advance();
    assertThat(ledger.retryFrom(now))
        .as("a success resets the delay")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void countsTheFailuresOfOneMessageInARowAndSkipsItWhenGivenUp() {
    PartitionLedger ledger = new PartitionLedger();
    CompletableFuture<Void> failure = CompletableFuture.failedFuture(new IllegalStateException());
    ledger.add(3, failure);
    assertThat(ledger.failed(ledger.advance().offset())).isEqualTo(1);
    ledger.retryFrom(0);
    ledger.add(3, failure);
    ledger.add(4, CompletableFuture.completedFuture(null));
    assertThat(ledger.failed(ledger.advance().offset())).isEqualTo(2);

    ledger.skipFailed();
    assertThat(ledger.advance()).isNull();
    assertThat(ledger.committable()).as("past the skipped message and the next").isEqualTo(5);
    ledger.add(5, failure);
    assertThat(ledger.failed(ledger.advance().offset())).as("another message").isEqualTo(1);
  }
}
