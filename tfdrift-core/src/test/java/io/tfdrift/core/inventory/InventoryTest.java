package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryDriftStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InventoryTest {
  private final InMemoryDriftStore store = new InMemoryDriftStore();
  private final AtomicInteger commits = new AtomicInteger();
  private final Inventory inventory =
      new Inventory(
          store,
          new Lifecycle(Map.of("slack", Set.of(Transition.values()))),
          new SimpleMeterRegistry(),
          commits::incrementAndGet);

  private static DriftEvent with(DriftKind kind, List<DriftEvent.Change> changes) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    return new DriftEvent(
        d.id(),
        kind,
        d.severity(),
        d.provider(),
        d.resource(),
        changes,
        d.actor(),
        d.event(),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        Optional.empty());
  }

  private static final List<DriftEvent.Change> TWO =
      List.of(
          new DriftEvent.Change("instance_type", Optional.of("t3.micro"), Optional.of("t3.large")),
          new DriftEvent.Change("monitoring", Optional.of(false), Optional.of(true)));

  @Test
  void aModifiedDetectionOfTwoAttributesIsTwoDriftsEachWithItsOwnChange() throws Exception {
    DriftEvent drift = with(DriftKind.MODIFIED, TWO);
    inventory.record(drift);

    List<DriftKey> keys = DriftKeys.of(drift);
    assertThat(keys).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DriftRecord r = store.find(keys.get(i)).orElseThrow();
      assertThat(r.attribute()).isEqualTo(TWO.get(i).attribute());
      assertThat(DriftEventJson.read(r.event()).changes()).containsExactly(TWO.get(i));
    }
    assertThat(commits).as("both drifts committed together, the outbox woken once").hasValue(1);

    inventory.record(drift);
    assertThat(commits).as("the same event again changes nothing").hasValue(1);
  }

  @Test
  void anUnmanagedResourceIsOneDriftWithEveryAttributeItWasCreatedWith() throws Exception {
    DriftEvent drift = with(DriftKind.UNMANAGED, TWO);
    inventory.record(drift);

    DriftRecord r = store.find(DriftKeys.of(drift).get(0)).orElseThrow();
    assertThat(DriftEventJson.read(r.event()).changes()).isEqualTo(TWO);
  }
}
