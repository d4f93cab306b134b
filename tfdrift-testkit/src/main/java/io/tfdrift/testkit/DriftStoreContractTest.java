package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftPage;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.DriftSummary;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.PendingNotification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DriftStore} keeps: a change is written whole or not at all, an
 * occurrence is stored once, concurrent writers of one drift are serialised, a batch ({@link
 * DriftStore#applyAll}) is applied in order with one result per update (the same drift or the same
 * event twice in it included) and, unless {@link #writesABatchInOneTransaction()} says otherwise,
 * in one transaction, a notification is claimed by one owner at a time and comes back after its
 * lease, delivered ones are removed one by one or together, and queries filter, order, page and
 * count as documented. Extend it with a store on a real peer (a SQLite file, a PostgreSQL server);
 * each test gets an empty store.
 */
public abstract class DriftStoreContractTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  private DriftStore store;

  /**
   * A new, empty store.
   *
   * @return the store under test
   * @throws Exception if it cannot be created
   */
  protected abstract DriftStore newEmptyStore() throws Exception;

  /**
   * The provider of the store under test, to check that {@link ServiceLoader} finds it.
   *
   * @return the provider
   */
  protected abstract DriftStoreProvider provider();

  @BeforeEach
  void openStore() throws Exception {
    store = newEmptyStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /**
   * Whether the store writes {@link DriftStore#applyAll} in one transaction, as the bundled stores
   * do. Override to return {@code false} if it keeps the interface's default (one transaction per
   * update): then a batch that fails half-way is not required to leave nothing behind.
   *
   * @return {@code true} unless overridden
   */
  protected boolean writesABatchInOneTransaction() {
    return true;
  }

  /**
   * The store under test.
   *
   * @return the store opened for this test
   */
  protected DriftStore store() {
    return store;
  }

  private static DriftRecord open(DriftKey key, Severity severity, Instant seen) {
    return DriftRecord.builder()
        .key(key)
        .kind(DriftKind.MODIFIED)
        .severity(severity)
        .provider("aws")
        .state("prod")
        .address("module.net.aws_security_group.web[\"a\"]")
        .resourceType("aws_security_group")
        .resourceId("sg-0a1b2c3d4e5f60002")
        .attribute("ingress")
        .actor("alice")
        .firstSeen(seen)
        .lastSeen(seen)
        .occurrences(1)
        .event("{\"kind\":\"modified\",\"note\":\"ünïcode | \\\"quoted\\\"\"}")
        .build();
  }

  private static Occurrence occurrence(String eventId, Instant time) {
    return new Occurrence(eventId, time, "alice", "{\"event\":{\"id\":\"" + eventId + "\"}}");
  }

  /** Opens a drift, or adds an occurrence to it: what the core's inventory does, simplified. */
  private DriftStore.Result seen(DriftKey key, String eventId, Instant time) throws Exception {
    return store.apply(key, sighting(key, eventId, time).decide());
  }

  private static DriftStore.Update sighting(DriftKey key, String eventId, Instant time) {
    return new DriftStore.Update(
        key,
        current -> {
          DriftRecord next =
              current
                  .map(c -> c.toBuilder().lastSeen(time).occurrences(c.occurrences() + 1).build())
                  .orElseGet(() -> open(key, Severity.HIGH, time));
          List<PendingNotification> notes =
              current.isEmpty()
                  ? List.of(new PendingNotification("slack", Transition.OPENED, next.event()))
                  : List.of();
          return Optional.of(new DriftChange(next, Optional.of(occurrence(eventId, time)), notes));
        });
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(DriftStoreProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
    assertThat(store.location()).isNotBlank();
  }

  @Test
  void keepsEveryFieldOfARecord() throws Exception {
    DriftKey key = DriftKey.of("modified", "prod", "aws_security_group.web", "ingress");
    DriftRecord resolved =
        open(key, Severity.CRITICAL, T0).toBuilder()
            .status(DriftStatus.RESOLVED)
            .lastSeen(T0.plusSeconds(90))
            .occurrences(3)
            .resolution(
                Optional.of(
                    new Resolution(
                        Resolution.Reason.MANUAL, T0.plusSeconds(120), "bob", "fixed in #42")))
            .build();
    store.apply(key, c -> Optional.of(new DriftChange(resolved, Optional.empty(), List.of())));
    assertThat(store.find(key)).contains(resolved);

    DriftRecord acknowledged =
        resolved.toBuilder()
            .status(DriftStatus.ACKNOWLEDGED)
            .resolution(Optional.empty())
            .acknowledgement(Optional.of(new Acknowledgement(T0.plusSeconds(150), "carol", "")))
            .build();
    store.apply(key, c -> Optional.of(new DriftChange(acknowledged, Optional.empty(), List.of())));
    assertThat(store.find(key)).contains(acknowledged);
    assertThat(store.find(DriftKey.of("modified", "prod", "other"))).isEmpty();
  }

  @Test
  void writesTheRecordTheOccurrenceAndTheNotificationsTogether() throws Exception {
    DriftKey key = DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");
    assertThat(seen(key, "e-1", T0)).isEqualTo(DriftStore.Result.WRITTEN);

    assertThat(store.find(key)).get().extracting(DriftRecord::occurrences).isEqualTo(1L);
    assertThat(store.occurrences(key, 10)).containsExactly(occurrence("e-1", T0));
    assertThat(store.claim("r1", 10, T0, Duration.ofMinutes(1)))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.key()).isEqualTo(key);
              assertThat(n.notifier()).isEqualTo("slack");
              assertThat(n.transition()).isEqualTo(Transition.OPENED);
              assertThat(n.attempts()).isZero();
            });
  }

  @Test
  void anOccurrenceSeenTwiceIsStoredOnce() throws Exception {
    DriftKey key = DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");
    seen(key, "e-1", T0);
    assertThat(seen(key, "e-1", T0)).isEqualTo(DriftStore.Result.DUPLICATE);
    assertThat(seen(key, "e-2", T0.plusSeconds(5))).isEqualTo(DriftStore.Result.WRITTEN);

    assertThat(store.find(key)).get().extracting(DriftRecord::occurrences).isEqualTo(2L);
    assertThat(store.occurrences(key, 10))
        .extracting(Occurrence::eventId)
        .containsExactly("e-2", "e-1");
    assertThat(store.occurrences(key, 1)).extracting(Occurrence::eventId).containsExactly("e-2");
  }

  @Test
  void noChangeWritesNothing() throws Exception {
    DriftKey key = DriftKey.of("deleted", "prod", "aws_instance.web");
    assertThat(store.apply(key, c -> Optional.empty())).isEqualTo(DriftStore.Result.UNCHANGED);
    assertThat(store.find(key)).isEmpty();
  }

  @Test
  void aFailingDecisionWritesNothing() throws Exception {
    DriftKey key = DriftKey.of("deleted", "prod", "aws_instance.web");
    seen(key, "e-1", T0);
    try {
      store.apply(
          key,
          c -> {
            throw new IllegalStateException("the inventory failed");
          });
    } catch (IllegalStateException expected) {
      // the store passes the decision's failure on
    }
    assertThat(store.find(key)).get().extracting(DriftRecord::occurrences).isEqualTo(1L);
    assertThat(seen(key, "e-2", T0)).isEqualTo(DriftStore.Result.WRITTEN);
  }

  @Test
  void concurrentWritersOfOneNewDriftAreSerialised() throws Exception {
    DriftKey key = DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");
    int writers = 8;
    List<DriftStore.Result> results = race(writers, i -> seen(key, "e-" + i, T0.plusSeconds(i)));

    assertThat(results).containsOnly(DriftStore.Result.WRITTEN);
    assertThat(store.find(key)).get().extracting(DriftRecord::occurrences).isEqualTo(8L);
    assertThat(store.occurrences(key, 100)).hasSize(writers);
    assertThat(store.claim("r1", 100, T0, Duration.ofMinutes(1)))
        .as("only the writer that opened the drift queued a notification")
        .hasSize(1);
  }

  @Test
  void concurrentWritersOfOneOccurrenceStoreItOnce() throws Exception {
    DriftKey key = DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");
    List<DriftStore.Result> results = race(8, i -> seen(key, "e-same", T0));

    assertThat(results).filteredOn(r -> r == DriftStore.Result.WRITTEN).hasSize(1);
    assertThat(results).filteredOn(r -> r == DriftStore.Result.DUPLICATE).hasSize(7);
    assertThat(store.find(key)).get().extracting(DriftRecord::occurrences).isEqualTo(1L);
  }

  @Test
  void aNotificationIsClaimedByOneOwnerUntilItsLeaseEnds() throws Exception {
    seen(DriftKey.of("a"), "e-1", T0);
    seen(DriftKey.of("b"), "e-2", T0);
    Duration lease = Duration.ofSeconds(30);

    List<Notification> first = store.claim("r1", 10, T0, lease);
    assertThat(first).extracting(n -> n.key().value()).containsExactly("a", "b");
    assertThat(store.claim("r2", 10, T0.plusSeconds(29), lease)).isEmpty();

    store.delivered(first.get(0).id(), Optional.empty());
    List<Notification> again = store.claim("r2", 10, T0.plusSeconds(31), lease);
    assertThat(again).singleElement().satisfies(n -> assertThat(n.key().value()).isEqualTo("b"));
    assertThat(again.get(0).attempts()).isEqualTo(1);
  }

  @Test
  void theThreadADeliveryReturnedComesBackWithTheDriftsNextNotificationToThatNotifierOnly()
      throws Exception {
    DriftKey key = DriftKey.of("a");
    seen(key, "e-1", T0);
    Notification opened = store.claim("r1", 10, T0, Duration.ofMinutes(1)).get(0);
    assertThat(opened.thread()).isEmpty();
    store.delivered(opened.id(), Optional.of("1700000000.000100"));

    store.apply(
        key,
        current ->
            Optional.of(
                new DriftChange(
                    current.orElseThrow(),
                    Optional.empty(),
                    List.of(
                        new PendingNotification("slack", Transition.RESOLVED, "{}"),
                        new PendingNotification("github", Transition.RESOLVED, "{}")))));
    List<Notification> next = store.claim("r1", 10, T0, Duration.ofMinutes(1));
    assertThat(next)
        .extracting(Notification::notifier, Notification::thread)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("slack", Optional.of("1700000000.000100")),
            org.assertj.core.groups.Tuple.tuple("github", Optional.empty()));

    store.delivered(next.get(0).id(), Optional.of("replaced"));
    store.delivered(next.get(1).id(), Optional.empty());
    seen(DriftKey.of("b"), "e-2", T0);
    store.apply(
        key,
        current ->
            Optional.of(
                new DriftChange(
                    current.orElseThrow(),
                    Optional.empty(),
                    List.of(new PendingNotification("slack", Transition.RENOTIFIED, "{}")))));
    assertThat(store.claim("r1", 10, T0, Duration.ofMinutes(1)))
        .filteredOn(n -> n.key().equals(key))
        .singleElement()
        .extracting(Notification::thread)
        .isEqualTo(Optional.of("replaced"));
  }

  @Test
  void aReleasedNotificationIsDueAgainAtItsTime() throws Exception {
    seen(DriftKey.of("a"), "e-1", T0);
    Notification n = store.claim("r1", 10, T0, Duration.ofMinutes(5)).get(0);
    store.release(n.id(), T0.plusSeconds(10));

    assertThat(store.claim("r1", 10, T0.plusSeconds(9), Duration.ofMinutes(5))).isEmpty();
    assertThat(store.claim("r1", 10, T0.plusSeconds(10), Duration.ofMinutes(5))).hasSize(1);
  }

  @Test
  void releasedTogetherNotificationsAreDueAgainAtTheirTime() throws Exception {
    seen(DriftKey.of("a"), "e-1", T0);
    seen(DriftKey.of("b"), "e-2", T0);
    seen(DriftKey.of("c"), "e-3", T0);
    List<Notification> claimed = store.claim("r1", 10, T0, Duration.ofSeconds(30));
    assertThat(claimed).hasSize(3);
    store.releaseAll(List.of(claimed.get(0).id(), claimed.get(1).id()), T0.plusSeconds(60));

    assertThat(store.claim("r2", 10, T0.plusSeconds(45), Duration.ofMinutes(5)))
        .as("the third one's claim ended; the two renewed ones are not due yet")
        .extracting(Notification::id)
        .containsExactly(claimed.get(2).id());
    assertThat(store.claim("r2", 10, T0.plusSeconds(60), Duration.ofMinutes(5)))
        .extracting(Notification::id)
        .containsExactlyInAnyOrder(claimed.get(0).id(), claimed.get(1).id());
    store.releaseAll(List.of(), T0); // nothing to do
  }

  @Test
  void claimsAreExclusiveUnderContention() throws Exception {
    for (int i = 0; i < 40; i++) {
      seen(DriftKey.of("k" + i), "e-" + i, T0);
    }
    List<List<Notification>> claims =
        race(4, i -> store.claim("r" + i, 15, T0, Duration.ofMinutes(1)));
    List<Long> ids = new ArrayList<>();
    claims.forEach(c -> c.forEach(n -> ids.add(n.id())));
    assertThat(ids).doesNotHaveDuplicates().hasSize(40);
  }

  @Test
  void aBatchIsAppliedInOrderWithOneResultPerUpdate() throws Exception {
    DriftKey web = DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");
    DriftKey db = DriftKey.of("modified", "prod", "aws_instance.db", "instance_type");
    DriftKey none = DriftKey.of("deleted", "prod", "aws_instance.gone");
    List<DriftStore.Result> results =
        store.applyAll(
            List.of(
                sighting(web, "e-1", T0),
                sighting(db, "e-1", T0),
                sighting(web, "e-2", T0.plusSeconds(5)),
                sighting(web, "e-1", T0),
                new DriftStore.Update(none, c -> Optional.empty())));

    assertThat(results)
        .as("the second sighting of web sees the first; e-1 again is a duplicate")
        .containsExactly(
            DriftStore.Result.WRITTEN,
            DriftStore.Result.WRITTEN,
            DriftStore.Result.WRITTEN,
            DriftStore.Result.DUPLICATE,
            DriftStore.Result.UNCHANGED);
    assertThat(store.find(web)).get().extracting(DriftRecord::occurrences).isEqualTo(2L);
    assertThat(store.occurrences(web, 10))
        .extracting(Occurrence::eventId)
        .containsExactly("e-2", "e-1");
    assertThat(store.find(db)).get().extracting(DriftRecord::occurrences).isEqualTo(1L);
    assertThat(store.find(none)).isEmpty();
    assertThat(store.claim("r1", 10, T0, Duration.ofMinutes(1)))
        .as("one opened notification per new drift")
        .extracting(n -> n.key().value())
        .containsExactlyInAnyOrder(web.value(), db.value());
    assertThat(store.applyAll(List.of())).isEmpty();
  }

  @Test
  void aBatchAppliedAgainChangesNothing() throws Exception {
    List<DriftStore.Update> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(sighting(DriftKey.of("k" + i), "e-" + i, T0));
    }
    assertThat(store.applyAll(batch)).containsOnly(DriftStore.Result.WRITTEN).hasSize(20);
    assertThat(store.applyAll(batch)).containsOnly(DriftStore.Result.DUPLICATE).hasSize(20);
    assertThat(store.claim("r1", 100, T0, Duration.ofMinutes(1))).hasSize(20);
    assertThat(store.find(DriftKey.of("k7")))
        .get()
        .extracting(DriftRecord::occurrences)
        .isEqualTo(1L);
  }

  @Test
  void aBatchWithAFailingDecisionWritesNothing() throws Exception {
    DriftKey first = DriftKey.of("a");
    seen(first, "e-1", T0);
    List<DriftStore.Update> batch =
        List.of(
            sighting(first, "e-2", T0.plusSeconds(1)),
            sighting(DriftKey.of("b"), "e-1", T0),
            new DriftStore.Update(
                DriftKey.of("c"),
                c -> {
                  throw new IllegalStateException("the inventory failed");
                }));
    assertThatThrownBy(() -> store.applyAll(batch)).isInstanceOf(IllegalStateException.class);
    if (!writesABatchInOneTransaction()) {
      return; // update by update: what came before the failing decision may be written
    }

    assertThat(store.find(first)).get().extracting(DriftRecord::occurrences).isEqualTo(1L);
    assertThat(store.find(DriftKey.of("b"))).isEmpty();
    assertThat(store.claim("r1", 10, T0, Duration.ofMinutes(1)))
        .extracting(n -> n.key().value())
        .containsExactly("a");
  }

  @Test
  void concurrentBatchesOfTheSameDriftsAreSerialised() throws Exception {
    int writers = 4;
    int drifts = 12;
    List<List<DriftStore.Result>> results =
        race(
            writers,
            w -> {
              List<DriftStore.Update> batch = new ArrayList<>();
              for (int i = 0; i < drifts; i++) {
                int k = w % 2 == 0 ? i : drifts - 1 - i; // half of the writers in reverse order
                batch.add(sighting(DriftKey.of("k" + k), "e-" + w, T0.plusSeconds(w)));
              }
              return store.applyAll(batch);
            });

    results.forEach(r -> assertThat(r).containsOnly(DriftStore.Result.WRITTEN).hasSize(drifts));
    for (int i = 0; i < drifts; i++) {
      assertThat(store.find(DriftKey.of("k" + i)))
          .get()
          .extracting(DriftRecord::occurrences)
          .isEqualTo((long) writers);
    }
    assertThat(store.claim("r1", 100, T0, Duration.ofMinutes(1)))
        .as("only the writer that opened each drift queued a notification")
        .hasSize(drifts);
  }

  @Test
  void deliveredNotificationsAreRemovedTogetherWithTheirThreads() throws Exception {
    for (int i = 0; i < 5; i++) {
      seen(DriftKey.of("k" + i), "e-" + i, T0);
    }
    List<Notification> claimed = store.claim("r1", 10, T0, Duration.ofSeconds(30));
    assertThat(claimed).hasSize(5);
    store.deliveredAll(
        List.of(
            new DriftStore.Delivered(claimed.get(0).id(), Optional.of("thread-0")),
            new DriftStore.Delivered(claimed.get(1).id(), Optional.empty()),
            new DriftStore.Delivered(claimed.get(2).id(), Optional.of("thread-2"))));
    store.deliveredAll(List.of());

    assertThat(store.claim("r2", 10, T0.plusSeconds(31), Duration.ofSeconds(30)))
        .extracting(Notification::id)
        .containsExactly(claimed.get(3).id(), claimed.get(4).id());
    store.apply(
        claimed.get(2).key(),
        current ->
            Optional.of(
                new DriftChange(
                    current.orElseThrow(),
                    Optional.empty(),
                    List.of(new PendingNotification("slack", Transition.RESOLVED, "{}")))));
    assertThat(store.claim("r1", 10, T0.plusSeconds(61), Duration.ofSeconds(30)))
        .filteredOn(n -> n.key().equals(claimed.get(2).key()))
        .singleElement()
        .extracting(Notification::thread)
        .isEqualTo(Optional.of("thread-2"));
  }

  @Test
  void queriesFilterOrderPageAndCount() throws Exception {
    put(record("k1", DriftKind.MODIFIED, Severity.CRITICAL, "aws_iam_role.admin", "alice", 1));
    put(record("k2", DriftKind.OUT_OF_BAND, Severity.LOW, "aws_instance.web", "bob", 2));
    put(record("k3", DriftKind.MODIFIED, Severity.HIGH, "aws_instance.db", "alice", 3));
    DriftRecord resolved =
        record("k4", DriftKind.DELETED, Severity.HIGH, "aws_s3_bucket.logs", "carol", 4).toBuilder()
            .status(DriftStatus.RESOLVED)
            .resolution(
                Optional.of(new Resolution(Resolution.Reason.REMOVED, T0, "state refresh", "")))
            .build();
    put(resolved);

    assertThat(keys(DriftQuery.builder().build())).containsExactly("k4", "k3", "k2", "k1");
    assertThat(keys(DriftQuery.builder().statuses(Set.of(DriftStatus.OPEN)).build()))
        .containsExactly("k3", "k2", "k1");
    assertThat(keys(DriftQuery.builder().severities(Set.of(Severity.HIGH)).build()))
        .containsExactly("k4", "k3");
    assertThat(keys(DriftQuery.builder().kinds(Set.of(DriftKind.MODIFIED)).build()))
        .containsExactly("k3", "k1");
    assertThat(keys(DriftQuery.builder().resourceType("aws_instance").build()))
        .containsExactly("k3", "k2");
    assertThat(keys(DriftQuery.builder().actor("alice").build())).containsExactly("k3", "k1");
    assertThat(keys(DriftQuery.builder().text("ADMIN").build())).containsExactly("k1");
    assertThat(keys(DriftQuery.builder().text("100%").build())).isEmpty();
    assertThat(keys(DriftQuery.builder().state("other").build())).isEmpty();
    assertThat(keys(DriftQuery.builder().provider("aws").state("prod").build())).hasSize(4);
    assertThat(keys(DriftQuery.builder().sort(DriftQuery.Sort.SEVERITY, true).build()))
        .containsExactly("k1", "k4", "k3", "k2");
    assertThat(keys(DriftQuery.builder().sort(DriftQuery.Sort.ADDRESS, false).build()))
        .containsExactly("k1", "k3", "k2", "k4");

    DriftPage page = store.query(DriftQuery.builder().page(2, 1).build());
    assertThat(page.total()).isEqualTo(4);
    assertThat(page.items()).extracting(r -> r.key().value()).containsExactly("k3", "k2");
  }

  @Test
  void summarisesByStatusSeverityAndDay() throws Exception {
    put(record("k1", DriftKind.MODIFIED, Severity.CRITICAL, "a.a", "x", 0));
    put(record("k2", DriftKind.MODIFIED, Severity.CRITICAL, "a.b", "x", 60));
    DriftRecord resolved =
        record("k3", DriftKind.MODIFIED, Severity.LOW, "a.c", "x", 0).toBuilder()
            .status(DriftStatus.RESOLVED)
            .resolution(
                Optional.of(
                    new Resolution(
                        Resolution.Reason.REVERTED, T0.plus(Duration.ofDays(1)), "alice", "")))
            .build();
    put(resolved);

    DriftSummary summary = store.summary(T0.minus(Duration.ofDays(1)));
    assertThat(summary.count(DriftStatus.OPEN, Severity.CRITICAL)).isEqualTo(2);
    assertThat(summary.count(DriftStatus.RESOLVED, Severity.LOW)).isEqualTo(1);
    assertThat(summary.count(DriftStatus.OPEN, Severity.LOW)).isZero();
    LocalDate day0 = LocalDate.parse("2026-11-23");
    assertThat(summary.days())
        .contains(new DriftSummary.Day(day0, 3, 0), new DriftSummary.Day(day0.plusDays(1), 0, 1));
    assertThat(summary.meanTimeToResolve()).contains(Duration.ofDays(1));
  }

  @Test
  void prunesDriftsResolvedBeforeTheCutoff() throws Exception {
    put(record("open", DriftKind.MODIFIED, Severity.LOW, "a.a", "x", 0));
    DriftRecord old =
        record("old", DriftKind.MODIFIED, Severity.LOW, "a.b", "x", 0).toBuilder()
            .status(DriftStatus.RESOLVED)
            .resolution(Optional.of(new Resolution(Resolution.Reason.MANUAL, T0, "bob", "ok")))
            .build();
    put(old);
    seen(DriftKey.of("recent"), "e-1", T0);
    store.apply(
        DriftKey.of("recent"),
        c ->
            Optional.of(
                new DriftChange(
                    c.orElseThrow().toBuilder()
                        .status(DriftStatus.RESOLVED)
                        .resolution(
                            Optional.of(
                                new Resolution(
                                    Resolution.Reason.REVERTED, T0.plusSeconds(3600), "a", "")))
                        .build(),
                    Optional.empty(),
                    List.of())));

    assertThat(store.prune(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(store.find(DriftKey.of("old"))).isEmpty();
    assertThat(store.find(DriftKey.of("open"))).isPresent();
    assertThat(store.find(DriftKey.of("recent"))).isPresent();
    assertThat(store.occurrences(DriftKey.of("recent"), 10)).hasSize(1);
  }

  private DriftRecord record(
      String key, DriftKind kind, Severity severity, String address, String actor, int minute) {
    Instant seen = T0.plus(Duration.ofMinutes(minute));
    return DriftRecord.builder()
        .key(DriftKey.of(key))
        .kind(kind)
        .severity(severity)
        .provider("aws")
        .state("prod")
        .address(address)
        .resourceType(address.substring(0, address.indexOf('.')))
        .resourceId("id-" + key)
        .actor(actor)
        .firstSeen(seen)
        .lastSeen(seen)
        .occurrences(1)
        .build();
  }

  private void put(DriftRecord record) throws Exception {
    store.apply(
        record.key(), c -> Optional.of(new DriftChange(record, Optional.empty(), List.of())));
  }

  private List<String> keys(DriftQuery query) throws Exception {
    return store.query(query).items().stream().map(r -> r.key().value()).toList();
  }

  private interface Task<T> {
    T run(int index) throws Exception;
  }

  private static <T> List<T> race(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              start.await();
              return task.run(index);
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
