package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GCP labels are compared over the keys Terraform manages. hashicorp/google 6 adds {@code
 * goog-terraform-provisioned} at creation and keeps it out of {@code labels} (it is in {@code
 * effective_labels}), and since 5.0 {@code labels} is non-authoritative: labels set outside
 * Terraform are not its own. A {@code setLabels} sends the whole map back, so a whole-map compare
 * reported both as drift. Compute Engine logs labels as a list of {@code {key, value}} entries, as
 * the real entry {@code real/gcp/records/compute_instances_insert_5.json} shows.
 */
class GcpLabelsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final String VM = "projects/shop/zones/us-central1-a/instances/web-1";

  @Test
  void readsComputeLabelsLoggedAsKeyValueEntriesOnARealEntry() throws IOException {
    AuditEvent entry =
        AuditSamples.gcp(
            JsonTrees.parseObject(
                Files.readAllBytes(
                    Path.of(
                        "src/test/resources/real/gcp/records/compute_instances_insert_5.json"))));
    TfDrift engine = engine(provider6(Map.of("env", "prod")));

    DriftEvent created = only(engine.process(entry).drift());

    assertThat(created.kind()).isEqualTo(DriftKind.UNMANAGED);
    assertThat(created.changes())
        .filteredOn(c -> c.attribute().equals("labels"))
        .singleElement()
        .satisfies(c -> assertThat(c.actual()).contains(Map.of("goog-caip-notebook", "")));
  }

  @Test
  void aSetLabelsSendingBackTheProviderLabelIsNoDrift() {
    TfDrift engine = engine(provider6(Map.of("env", "prod")));

    Detection d =
        engine.process(setLabels(Map.of("env", "prod", "goog-terraform-provisioned", "true")));

    assertThat(d.drift()).isEmpty();
    assertThat(d.outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void aLabelAddedOutsideTerraformIsNotTerraformsOnProvider5AndLater() {
    TfDrift engine = engine(provider6(Map.of("env", "prod")));

    Detection d =
        engine.process(
            setLabels(Map.of("env", "prod", "owner", "eve", "goog-terraform-provisioned", "true")));

    assertThat(d.drift()).isEmpty();
  }

  @Test
  void aManagedLabelChangedOrRemovedIsDriftOfThatKeyOnly() {
    TfDrift engine = engine(provider6(Map.of("env", "prod", "team", "web")));

    DriftEvent changed =
        only(
            engine
                .process(
                    setLabels(
                        Map.of("env", "dev", "team", "web", "goog-terraform-provisioned", "true")))
                .drift());
    DriftEvent removed =
        only(
            engine
                .process(setLabels(Map.of("team", "web", "goog-terraform-provisioned", "true")))
                .drift());

    assertThat(changed.kind()).isEqualTo(DriftKind.MODIFIED);
    assertThat(changed.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.attribute()).isEqualTo("labels");
              assertThat(c.expected()).contains(Map.of("env", "prod", "team", "web"));
              assertThat(c.actual()).contains(Map.of("env", "dev", "team", "web"));
            });
    assertThat(removed.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.actual()).contains(Map.of("team", "web")));
  }

  @Test
  void anOlderProviderManagesTheWholeMapButNeverTheProviderLabel() {
    TerraformStates provider4 =
        TerraformStates.builder()
            .resource(
                "google_compute_instance",
                "web",
                Map.of("id", VM, "name", "web-1", "labels", Map.of("env", "prod")));
    TfDrift engine = engine(provider4);

    Detection providerLabel =
        engine.process(setLabels(Map.of("env", "prod", "goog-terraform-provisioned", "true")));
    DriftEvent added =
        only(engine.process(setLabels(Map.of("env", "prod", "owner", "eve"))).drift());

    assertThat(providerLabel.drift()).isEmpty();
    assertThat(added.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.actual()).contains(Map.of("env", "prod", "owner", "eve")));
  }

  /** As Compute Engine logs a setLabels: the labels as {@code [{key, value}]}. */
  private static AuditEvent setLabels(Map<String, String> labels) {
    List<Map<String, String>> entries =
        labels.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
            .toList();
    return AuditEvents.gcp("compute.googleapis.com", "v1.compute.instances.setLabels")
        .resources(List.of(VM))
        .request(
            Map.of(
                "@type",
                "type.googleapis.com/compute.instances.setLabels",
                "labels",
                entries,
                "labelFingerprint",
                "42WmSpB8rSM="))
        .build();
  }

  /** As hashicorp/google 6 writes an instance: labels, terraform_labels, effective_labels. */
  private static TerraformStates provider6(Map<String, String> labels) {
    Map<String, Object> effective = new java.util.TreeMap<>(labels);
    effective.put("goog-terraform-provisioned", "true");
    return TerraformStates.builder()
        .resource(
            "google_compute_instance",
            "web",
            Map.of(
                "id",
                VM,
                "name",
                "web-1",
                "labels",
                labels,
                "terraform_labels",
                effective,
                "effective_labels",
                effective));
  }

  private static TfDrift engine(TerraformStates state) {
    StateStore store = new StateStore(CLOCK);
    store.refresh("prod", new InMemoryStateBackend("default").set(state.build()));
    return TfDrift.builder()
        .states(store)
        .mappers(Samples.mappers())
        .rules(EngineSettings.defaultRules())
        .clock(CLOCK)
        .build();
  }

  private static DriftEvent only(List<DriftEvent> drift) {
    assertThat(drift).hasSize(1);
    return drift.get(0);
  }
}
