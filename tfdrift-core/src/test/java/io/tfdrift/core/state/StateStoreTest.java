package io.tfdrift.core.state;

import static io.tfdrift.core.state.StateFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.state.RefreshResult.Outcome;
import io.tfdrift.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StateStoreTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private final MutableClock clock = MutableClock.at(T0);
  private final StateStore store = new StateStore(clock);

  /** A backend that answers scripted fetches and records the versions it was asked about. */
  private static final class ScriptedBackend implements StateBackend {
    private final Deque<Object> answers = new ArrayDeque<>();
    final List<String> askedVersions = new ArrayList<>();

    ScriptedBackend then(Object answer) {
      answers.add(answer);
      return this;
    }

    @Override
    public StateFetch fetch(String knownVersion) throws StateException {
      askedVersions.add(knownVersion);
      Object answer = answers.isEmpty() ? StateFetch.unchanged(knownVersion) : answers.poll();
      if (answer instanceof StateException e) {
        throw e;
      }
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (StateFetch) answer;
    }

    @Override
    public String location() {
      return "scripted://state";
    }
  }

  private static StateFetch fixture(String version, String fixture) {
    return StateFetch.changed(
        version, List.of(new StateDocument("default", "scripted/" + fixture, bytes(fixture))));
  }

  @Test
  void loadsStateAndSwapsTheIndex() {
    ScriptedBackend backend = new ScriptedBackend().then(fixture("v1", "aws-prod.tfstate"));

    RefreshResult result = store.refresh("prod", backend);

    assertThat(result.outcome()).isEqualTo(Outcome.LOADED);
    assertThat(result.state()).isEqualTo("prod");
    assertThat(result.resources()).isEqualTo(11);
    assertThat(result.attemptedAt()).isEqualTo(T0);
    assertThat(result.lastSuccess()).contains(T0);
    assertThat(store.index().lookup("aws_instance", "i-0123456789abcdef0").state())
        .isEqualTo("prod");
    assertThat(backend.askedVersions).containsExactly("");
  }

  @Test
  void reportsUnchangedWhenTheBackendSaysNothingChanged() {
    ScriptedBackend backend =
        new ScriptedBackend()
            .then(fixture("v1", "aws-prod.tfstate"))
            .then(StateFetch.unchanged("v1"));
    store.refresh("prod", backend);
    StateIndex loaded = store.index();
    clock.advance(Duration.ofSeconds(60));

    RefreshResult result = store.refresh("prod", backend);

    assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(result.resources()).isEqualTo(11);
    assertThat(result.lastSuccess()).contains(T0.plusSeconds(60));
    assertThat(store.index()).isSameAs(loaded);
    assertThat(backend.askedVersions).containsExactly("", "v1");
  }

  @Test
  void keepsLastGoodIndexWhenRefreshFails() {
    ScriptedBackend backend =
        new ScriptedBackend()
            .then(fixture("v1", "aws-prod.tfstate"))
            .then(new StateException("s3://b/k: access denied; grant s3:GetObject"));
    store.refresh("prod", backend);
    StateIndex loaded = store.index();
    clock.advance(Duration.ofSeconds(300));

    RefreshResult result = store.refresh("prod", backend);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("s3://b/k: access denied; grant s3:GetObject");
    assertThat(result.resources()).isEqualTo(11);
    assertThat(result.attemptedAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(result.lastSuccess()).contains(T0);
    assertThat(result.serving()).isTrue();
    assertThat(store.index()).isSameAs(loaded);
  }

  @Test
  void keepsLastGoodIndexWhenTheNewDocumentDoesNotParse() {
    ScriptedBackend backend =
        new ScriptedBackend()
            .then(fixture("v1", "aws-prod.tfstate"))
            .then(fixture("v2", "malformed.tfstate"))
            .then(StateFetch.unchanged("v1"));
    store.refresh("prod", backend);

    RefreshResult failed = store.refresh("prod", backend);
    store.refresh("prod", backend);

    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.message()).contains("scripted/malformed.tfstate", "line 15");
    assertThat(store.index().lookup("aws_db_instance", "prod-db"))
        .extracting(io.tfdrift.api.ManagedResource::address)
        .isEqualTo("module.db.aws_db_instance.main");
    // The failed version is never recorded, so the next fetch asks again from the good one.
    assertThat(backend.askedVersions).containsExactly("", "v1", "v1");
  }

  @Test
  void reportsABackendThatThrowsUncheckedAsAFailure() {
    ScriptedBackend backend =
        new ScriptedBackend()
            .then(fixture("v1", "aws-prod.tfstate"))
            .then(new IllegalStateException("connection pool shut down"));
    store.refresh("prod", backend);

    RefreshResult result = store.refresh("prod", backend);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).contains("scripted://state", "connection pool shut down");
    assertThat(store.index().size()).isEqualTo(11);
  }

  @Test
  void reportsAFirstFailureAsNotServing() {
    ScriptedBackend backend =
        new ScriptedBackend().then(new StateException("./terraform.tfstate does not exist"));

    RefreshResult result = store.refresh("prod", backend);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.resources()).isZero();
    assertThat(result.lastSuccess()).isEmpty();
    assertThat(result.serving()).isFalse();
    assertThat(store.index().size()).isZero();
    assertThat(store.results()).containsEntry("prod", result);
  }

  @Test
  void namesOneStatePerWorkspaceWhenABackendHoldsSeveral() {
    ScriptedBackend backend =
        new ScriptedBackend()
            .then(
                StateFetch.changed(
                    "v1",
                    List.of(
                        new StateDocument("blue", "dir/blue.tfstate", bytes("aws-prod.tfstate")),
                        new StateDocument(
                            "green", "dir/green.tfstate", bytes("gcp-prod.tfstate")))));

    RefreshResult result = store.refresh("net", backend);

    assertThat(result.resources()).isEqualTo(13);
    assertThat(store.index().states()).containsExactly("net/blue", "net/green");
    assertThat(store.index().lookup("google_compute_instance", "vm").state())
        .isEqualTo("net/green");
  }

  @Test
  void indexesEveryConfiguredStateTogether() {
    store.refresh("aws", new ScriptedBackend().then(fixture("a1", "aws-prod.tfstate")));
    store.refresh("gcp", new ScriptedBackend().then(fixture("g1", "gcp-prod.tfstate")));

    assertThat(store.index().states()).containsExactly("aws", "gcp");
    assertThat(store.index().resourcesPerState()).containsEntry("aws", 11).containsEntry("gcp", 2);
    assertThat(store.results()).containsOnlyKeys("aws", "gcp");
    assertThat(store.results().keySet()).containsExactly("aws", "gcp");
  }

  @Test
  void replacesAStateWhenItChangesAndDropsItWhenRemoved() {
    ScriptedBackend aws =
        new ScriptedBackend()
            .then(fixture("a1", "aws-prod.tfstate"))
            .then(fixture("a2", "empty.tfstate"));
    store.refresh("aws", aws);
    store.refresh("gcp", new ScriptedBackend().then(fixture("g1", "gcp-prod.tfstate")));

    RefreshResult emptied = store.refresh("aws", aws);

    assertThat(emptied.outcome()).isEqualTo(Outcome.LOADED);
    assertThat(emptied.resources()).isZero();
    assertThat(store.index().lookup("aws_instance", "i-0123456789abcdef0")).isNull();
    assertThat(store.index().size()).isEqualTo(2);

    store.remove("gcp");

    assertThat(store.index().states()).containsExactly("aws");
    assertThat(store.index().size()).isZero();
  }

  @Test
  void readersSeeACompleteIndexWhileStatesRefreshConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      Future<Integer> reader =
          pool.submit(
              () -> {
                int reads = 0;
                while (!stop.get()) {
                  StateIndex index = store.index();
                  assertThat(index.size()).isIn(0, 2, 11, 13);
                  reads++;
                }
                return reads;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (String name : List.of("aws", "gcp")) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    String fixture = name.equals("aws") ? "aws-prod.tfstate" : "gcp-prod.tfstate";
                    store.refresh(name, new ScriptedBackend().then(fixture("v" + i, fixture)));
                  }
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
      stop.set(true);
      assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
      assertThat(store.index().size()).isEqualTo(13);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
