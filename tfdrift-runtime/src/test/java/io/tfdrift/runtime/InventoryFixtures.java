package io.tfdrift.runtime;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.core.inventory.DriftKeys;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.core.inventory.Sighting;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Drift in a real SQLite inventory, for the inventory API and dashboard tests. */
final class InventoryFixtures {
  private InventoryFixtures() {}

  /** The bundled SQLite store on {@code file}, found as the daemon finds it. */
  static DriftStore sqlite(Path file) {
    return ServiceLoader.load(DriftStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type().equals("sqlite"))
        .findFirst()
        .orElseThrow()
        .create(TestConfigs.of("store", Map.of("path", file.toString())));
  }

  /** {@code instance_type} of {@code address} (state {@code prod}) changed by {@code actor}. */
  static DriftEvent drift(
      String eventId, String address, Severity severity, String actor, Instant time) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    int dot = address.indexOf('.');
    return new DriftEvent(
        d.id(),
        DriftKind.MODIFIED,
        severity,
        "aws",
        new DriftEvent.Resource(
            address,
            address.substring(0, dot),
            address.substring(dot + 1),
            "id-" + eventId,
            "",
            "prod"),
        d.changes(),
        new Actor("IAMUser", actor, "arn:aws:iam::123456789012:user/" + actor, "", ""),
        new DriftEvent.Event(
            eventId,
            d.event().source(),
            d.event().name(),
            time,
            d.event().region(),
            d.event().accountId(),
            "203.0.113.7",
            "aws-cli/2.15.0"),
        List.of("compute"),
        d.detectedAt(),
        Map.of(),
        Optional.empty());
  }

  /** Records one sighting of {@code drift} as the daemon's inventory would. */
  static void see(DriftStore store, Lifecycle lifecycle, DriftEvent drift) throws Exception {
    DriftKey key = DriftKeys.of(drift).get(0);
    Sighting s = new Sighting(key, drift, "instance_type", DriftEventJson.write(drift));
    store.apply(key, c -> lifecycle.seen(c, s));
  }
}
