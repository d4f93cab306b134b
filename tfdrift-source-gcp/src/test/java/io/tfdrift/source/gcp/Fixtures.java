package io.tfdrift.source.gcp;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.mapping.GcpMapperProvider;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The GCP sample LogEntries (one per line) and an engine with a small GCP state. */
final class Fixtures {
  static final String SAMPLES = "samples/gcp/audit.ndjson";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private Fixtures() {}

  static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each line of the sample file: one LogEntry as a Cloud Logging sink publishes it. */
  static List<String> logEntries() {
    return new String(resource(SAMPLES), StandardCharsets.UTF_8).lines().toList();
  }

  /** What replaying the sample file gives, in file order. */
  static List<AuditEvent> replayed() {
    List<AuditEvent> events = new ArrayList<>();
    AuditFileReader.withBuiltInDecoders()
        .read(
            new java.io.ByteArrayInputStream(resource(SAMPLES)),
            SAMPLES,
            new AuditFileReader.Listener() {
              @Override
              public void onEvent(AuditEvent event) {
                events.add(event);
              }

              @Override
              public void onRejected(String where, String problem) {
                throw new AssertionError(where + ": " + problem);
              }
            });
    return events;
  }

  static TfDrift engine() {
    StateStore states = new StateStore(CLOCK);
    byte[] state =
        TerraformStates.builder()
            .resource(
                "google_compute_instance",
                "app",
                Map.of(
                    "id", "projects/project-id/zones/us-central1-a/instances/app",
                    "name", "app",
                    "zone", "us-central1-a",
                    "project", "project-id"))
            .build();
    states.refresh("prod", new InMemoryStateBackend("default").set(state));
    return TfDrift.builder()
        .states(states)
        .mappers(List.of(new GcpMapperProvider().create(ConfigSection.of("mappers.gcp", Map.of()))))
        .clock(CLOCK)
        .build();
  }
}
