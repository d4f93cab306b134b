package io.tfdrift.benchmarks;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.Detection;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.mapping.AwsMapperProvider;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matching hot path: an {@link AuditEvent} through mapping, state lookup, comparison and rules,
 * over indexes of 500, 5,000 and 50,000 resources. Baseline: one {@code HashMap.get} on the same
 * key, measured in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MatchBenchmark {
  @Param({"500", "5000", "50000"})
  int resources;

  /**
   * Whether the engine reports evidence (as with a drift inventory): {@code managedUnchanged} then
   * reports its attribute in sync with state. Run {@code -p evidence=false,true} to compare.
   */
  @Param({"false"})
  boolean evidence;

  private TfDrift engine;
  private AuditEvent managedModified;
  private AuditEvent managedUnchanged;
  private AuditEvent unmanaged;
  private AuditEvent irrelevant;
  private AuditEvent otherAccount;
  private Map<String, Object> baseline;
  private String key;

  @Setup
  public void setUp() {
    StateStore store = new StateStore();
    InMemoryStateBackend backend =
        new InMemoryStateBackend("default").set(Fixtures.state(resources));
    store.refresh("bench", backend);
    engine =
        TfDrift.builder()
            .states(store)
            .mappers(
                List.of(new AwsMapperProvider().create(ConfigSection.of("mappers.aws", Map.of()))))
            .rules(EngineSettings.defaultRules())
            .reportEvidence(evidence)
            .build();
    key = Fixtures.instanceId(resources / 2 - (resources / 2) % 10);
    Actor alice =
        new Actor(
            "IAMUser", "alice", "arn:aws:iam::111122223333:user/alice", "AIDA1", "111122223333");
    managedModified =
        event(
            "ModifyInstanceAttribute",
            alice,
            Map.of("instanceId", key, "instanceType", Map.of("value", "t3.large")),
            Map.of());
    managedUnchanged =
        event(
            "ModifyInstanceAttribute",
            alice,
            Map.of("instanceId", key, "disableApiTermination", Map.of("value", true)),
            Map.of());
    unmanaged =
        event(
            "RunInstances",
            alice,
            Map.of("instanceType", "t3.large"),
            Map.of(
                "instancesSet",
                Map.of(
                    "items",
                    List.of(Map.of("instanceId", "i-0ffee0000c0ffee01", "imageId", "ami-1")))));
    irrelevant = event("SendSerialConsoleSSHPublicKey", alice, Map.of("instanceId", key), Map.of());
    otherAccount =
        event(
            "ModifyInstanceAttribute",
            alice,
            Map.of("instanceId", key, "instanceType", Map.of("value", "t3.large")),
            Map.of(),
            "444455556666");
    baseline = new HashMap<>();
    for (int i = 0; i < resources; i++) {
      baseline.put(Fixtures.instanceId(i), Integer.valueOf(i));
    }
    if (engine.process(managedModified).drift().size() != 1
        || engine.process(unmanaged).drift().size() != 1
        || !engine.process(otherAccount).drift().get(0).resource().state().isEmpty()) {
      throw new IllegalStateException("benchmark fixtures do not produce the expected drift");
    }
  }

  private static AuditEvent event(
      String action, Actor actor, Map<String, Object> request, Map<String, Object> response) {
    return event(action, actor, request, response, "111122223333");
  }

  private static AuditEvent event(
      String action,
      Actor actor,
      Map<String, Object> request,
      Map<String, Object> response,
      String account) {
    return AuditEvent.builder()
        .provider("aws")
        .service("ec2.amazonaws.com")
        .action(action)
        .eventId("6b1c3f0e-0a8e-4b9e-9d3c-" + action.length())
        .time(Instant.parse("2026-11-23T09:30:00Z"))
        .actor(actor)
        .accountId(account)
        .region("us-east-1")
        .sourceIp("203.0.113.10")
        .userAgent("aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux")
        .request(request)
        .response(response)
        .build();
  }

  /** The floor: one hash lookup of the same key. */
  @Benchmark
  public Object baselineHashMapGet() {
    return baseline.get(key);
  }

  /** A managed instance whose type changed: mapping, lookup, comparison, rules, DriftEvent. */
  @Benchmark
  public Detection managedModified() {
    return engine.process(managedModified);
  }

  /**
   * A managed instance re-set to what state holds: the whole matching path (mapping, lookup,
   * comparison) without building a DriftEvent.
   */
  @Benchmark
  public Detection managedUnchanged() {
    return engine.process(managedUnchanged);
  }

  /** A new instance no state holds. */
  @Benchmark
  public Detection unmanaged() {
    return engine.process(unmanaged);
  }

  /**
   * The managed-modified call made in another account than the one state's ARNs name: the instance
   * id is a namesake there, so the call is unmanaged, not drift of the managed instance.
   */
  @Benchmark
  public Detection otherAccount() {
    return engine.process(otherAccount);
  }

  /** A call no mapping knows: the common case on a busy account. */
  @Benchmark
  public Detection irrelevant() {
    return engine.process(irrelevant);
  }
}
