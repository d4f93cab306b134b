package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryDriftStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory's group commit ({@link Inventory#commit}): many hand-overs in one transaction, each
 * completed once written, store failures retried without loss, a failing decision isolated, and
 * nothing acknowledged that was not written.
 */
class GroupCommitTest {
  private final GatedStore store = new GatedStore();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Inventory inventory =
      new Inventory(
          store, new Lifecycle(Map.of("slack", Set.of(Transition.values()))), meters, () -> {});

  @AfterEach
  void close() {
    store.gate.countDown();
    store.down.set(false);
    inventory.close();
  }

  /** A store that counts its batches, can hold the next one, and can be down. */
  static final class GatedStore extends InMemoryDriftStore {
    final List<Integer> batches = new ArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public List<Result> applyAll(List<Update> updates) throws StoreException {
      entered.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted");
      }
      if (down.get()) {
        throw new StoreException("memory: connection refused");
      }
      List<Result> results = super.applyAll(updates);
      synchronized (batches) {
        batches.add(updates.size());
      }
      return results;
    }
  }

  /** The same drift (aws_instance.web instance_type) seen by audit event {@code eventId}. */
  private static DriftEvent seenBy(String eventId) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    return new DriftEvent(
        d.id(),
        d.kind(),
        d.severity(),
        d.provider(),
        d.resource(),
        d.changes(),
        d.actor(),
        new DriftEvent.Event(
            eventId,
            d.event().source(),
            d.event().name(),
            d.event().time(),
            d.event().region(),
            d.event().accountId(),
            d.event().sourceIp(),
            d.event().userAgent()),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        d.lifecycle());
  }

  private CompletableFuture<Void> commit(DriftEvent drift) throws InterruptedException {
    return inventory.commit(inventory.sightings(drift), List.of());
  }

  @Test
  void handOversArrivingWhileABatchCommitsAreWrittenInOneTransaction() throws Exception {
    store.gate = new CountDownLatch(1);
    CompletableFuture<Void> first = commit(seenBy("e-0"));
    assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Void>> next = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      next.add(commit(seenBy("e-" + i)));
    }
    assertThat(first).isNotDone();
    assertThat(next).noneMatch(CompletableFuture::isDone);

    store.gate.countDown();
    CompletableFuture.allOf(next.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(first).isDone();
    assertThat(store.batches).containsExactly(1, 20);
    DriftRecord web = store.find(inventory.sightings(seenBy("e-0")).get(0).key()).orElseThrow();
    assertThat(web.occurrences()).isEqualTo(21);
    assertThat(store.claim("r", 100, Instant.now(), Duration.ofMinutes(1)))
        .as("one drift, opened once")
        .hasSize(1);
    assertThat(meters.get("tfdrift.store.batch.size").summary().max()).isEqualTo(20);
  }

  @Test
  void theSameEventTwiceInOneBatchIsOneOccurrence() throws Exception {
    store.gate = new CountDownLatch(1);
    commit(seenBy("e-hold"));
    assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> a = commit(seenBy("e-1"));
    CompletableFuture<Void> b = commit(seenBy("e-1"));
    store.gate.countDown();
    CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);

    assertThat(store.batches).containsExactly(1, 2);
    assertThat(meters.get("tfdrift.store.writes").tag("result", "duplicate").counter().count())
        .isEqualTo(1);
    assertThat(store.occurrences(inventory.sightings(seenBy("e-1")).get(0).key(), 10))
        .hasSize(2); // e-hold and e-1
  }

  @Test
  void aFailingStoreIsRetriedUntilItWorksAndHoldsBackNewHandOvers() throws Exception {
    store.down.set(true);
    CompletableFuture<Void> first = commit(seenBy("e-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !inventory.problem().isEmpty());
    assertThat(inventory.problem()).contains("connection refused");
    assertThat(first).isNotDone();

    CompletableFuture<CompletableFuture<Void>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return commit(seenBy("e-2"));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(30))
        .until(() -> !waiting.isDone());

    store.down.set(false);
    first.get(30, TimeUnit.SECONDS);
    waiting.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
    assertThat(inventory.problem()).isEmpty();
    assertThat(store.find(inventory.sightings(seenBy("e-1")).get(0).key()))
        .get()
        .extracting(DriftRecord::occurrences)
        .isEqualTo(2L);
    assertThat(meters.get("tfdrift.store.failures").counter().count()).isPositive();
  }

  @Test
  void aDecisionThatThrowsFailsOnlyItsOwnHandOver() throws Exception {
    store.gate = new CountDownLatch(1);
    commit(seenBy("e-hold"));
    assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> broken =
        inventory.commit(
            List.of(),
            List.of(
                new Inventory.Resolve(
                    inventory.sightings(seenBy("e-hold")).get(0).key(),
                    drift -> {
                      throw new IllegalStateException("a bug in a resolution check");
                    },
                    new Resolution(Resolution.Reason.REVERTED, Instant.now(), "bob", ""))));
    CompletableFuture<Void> fine = commit(seenBy("e-2"));
    store.gate.countDown();

    fine.get(30, TimeUnit.SECONDS);
    assertThat(broken)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .withRootCauseInstanceOf(IllegalStateException.class);
    assertThat(store.find(inventory.sightings(seenBy("e-2")).get(0).key()))
        .get()
        .extracting(DriftRecord::status, DriftRecord::occurrences)
        .containsExactly(DriftStatus.OPEN, 2L);
  }

  @Test
  void whatIsNotWrittenWhenTheInventoryClosesFails() throws Exception {
    store.down.set(true);
    CompletableFuture<Void> pending = commit(seenBy("e-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !inventory.problem().isEmpty());
    assertThat(inventory.drain(Duration.ofMillis(100))).isFalse();

    inventory.close();
    assertThat(pending)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .withRootCauseInstanceOf(StoreException.class);
    assertThat(store.find(inventory.sightings(seenBy("e-1")).get(0).key())).isEmpty();
  }
}
