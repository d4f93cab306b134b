package io.tfdrift.core;

import static io.tfdrift.core.EngineTest.change;
import static io.tfdrift.core.EngineTest.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.testkit.TerraformStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * GCP calls that were blind spots, on their real records (real/gcp, see its PROVENANCE.tsv): Cloud
 * DNS record-set changes, API Keys' CreateKey (whose last operation entry names the key) and
 * BigQuery's legacy v1 AuditData, whose change is in {@code serviceData}.
 */
class GcpGapsTest {
  private static final String ZONE = "projects/test-project-123456/managedZones/test-zone";
  private static final String SOA = ZONE + "/rrsets/test.detectiontesting.com./SOA";
  private static final String SOA_DATA =
      "ns-gcp-private.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300";

  @Nested
  class DnsRecordSetChanges {
    private TfDrift engine(long ttl) {
      return EngineTest.engine(
          TerraformStates.builder()
              .resource(
                  "google_dns_managed_zone",
                  "zone",
                  Map.of("id", ZONE, "name", "test-zone", "project", "test-project-123456"))
              .resource(
                  "google_dns_record_set",
                  "soa",
                  Map.of(
                      "id",
                      SOA,
                      "name",
                      "test.detectiontesting.com.",
                      "type",
                      "SOA",
                      "ttl",
                      ttl,
                      "rrdatas",
                      List.of(SOA_DATA),
                      "managed_zone",
                      "test-zone",
                      "project",
                      "test-project-123456")));
    }

    @Test
    void aRecordSetDeletedAndAddedAgainIsModifiedInWhatChanged() {
      DriftEvent drift =
          single(engine(21600).process(AuditSamples.gcp(record("dns_changes_create_1"))));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.resource().address()).isEqualTo("google_dns_record_set.soa");
      assertThat(drift.changes()).containsExactly(change("ttl", 21600L, 3600L));
    }

    @Test
    void theSameValuesAreNoDrift() {
      assertThat(engine(3600).process(AuditSamples.gcp(record("dns_changes_create_1"))).outcome())
          .isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void anAdditionAloneCreatesAndADeletionAloneDeletes() {
      Map<String, Object> added = record("dns_changes_create_1");
      AuditSamples.put(added, "protoPayload.request.change.deletions", List.of());
      AuditSamples.put(
          added,
          "protoPayload.request.change.additions",
          List.of(
              Map.of(
                  "name",
                  "www.detectiontesting.com.",
                  "type",
                  "SOA",
                  "ttl",
                  3600,
                  "rrdata",
                  List.of(SOA_DATA))));
      Map<String, Object> deleted = record("dns_changes_create_1");
      AuditSamples.put(deleted, "protoPayload.request.change.additions", List.of());

      DriftEvent created = single(engine(3600).process(AuditSamples.gcp(added)));
      DriftEvent gone = single(engine(3600).process(AuditSamples.gcp(deleted)));

      assertThat(created.kind()).isEqualTo(DriftKind.UNMANAGED);
      assertThat(created.resource().id()).isEqualTo(ZONE + "/rrsets/www.detectiontesting.com./SOA");
      assertThat(gone.kind()).isEqualTo(DriftKind.DELETED);
      assertThat(gone.resource().address()).isEqualTo("google_dns_record_set.soa");
    }
  }

  @Nested
  class ApiKeysCreateKey {
    private final TfDrift engine =
        EngineTest.engine(
            TerraformStates.builder()
                .resource(
                    "google_project",
                    "some",
                    Map.of("id", "projects/some-project", "project_id", "some-project")));

    @Test
    void theLastEntryNamesTheKeyAndIsTheOneFinding() {
      DriftEvent drift = single(engine.process(AuditSamples.gcp(record("apikeys_CreateKey_1"))));

      assertThat(drift.kind()).isEqualTo(DriftKind.UNMANAGED);
      assertThat(drift.resource().type()).isEqualTo("google_apikeys_key");
      assertThat(drift.resource().id())
          .isEqualTo(
              "projects/1028347245602/locations/global/keys/bf67db25-d748-4335-ae08-7f0e65fnfy02");
      // The record was exported with "2024-01-25 13:28:18.961519813" (no T, no zone): UTC.
      assertThat(drift.event().time()).isEqualTo(Instant.parse("2024-01-25T13:28:18.961519813Z"));
    }

    @Test
    void everyCallWhoseLastEntryIsTheChangeIsMapped() {
      List<String> mapped =
          io.tfdrift.core.mapping.MappingTable.builtIn("gcp").calls().stream()
              .map(c -> c.service() + " " + c.action())
              .toList();

      io.tfdrift.core.detect.OperationEntries.lastEntryCalls()
          .forEach(
              (service, calls) ->
                  calls.forEach(call -> assertThat(mapped).contains(service + " " + call)));
    }

    @Test
    void theFirstEntryOfTheSameOperationIsAContinuation() {
      // The opening entry of the same operation: its response is the operation, not the key.
      Map<String, Object> first = record("apikeys_CreateKey_1");
      AuditSamples.put(first, "operation.last", null);
      AuditSamples.put(first, "operation.first", true);
      AuditSamples.put(
          first,
          "protoPayload.response",
          Map.of(
              "@type",
              "type.googleapis.com/google.longrunning.Operation",
              "name",
              "operations/akmf.p7-1028347275902-fe0c0688-44a7-4dca-bc06-8456068e5673"));

      assertThat(engine.process(AuditSamples.gcp(first)).outcome())
          .isEqualTo(Outcome.OPERATION_CONTINUATION);
    }
  }

  @Nested
  class BigQueryLegacyAuditData {
    private final TfDrift engine =
        EngineTest.engine(
            TerraformStates.builder()
                .resource(
                    "google_bigquery_dataset",
                    "dev",
                    Map.of(
                        "id",
                        "projects/custodian-1291/datasets/devxyz",
                        "dataset_id",
                        "devxyz",
                        "project",
                        "custodian-1291",
                        "description",
                        "Development")));

    @Test
    void serviceDataIsTheRequestAndNamesTheDataset() {
      AuditEvent insert = AuditSamples.gcp(record("bigquery_datasetservice_insert_1"));

      assertThat(JsonTrees.at(insert.request(), "resource", "datasetName", "datasetId"))
          .isEqualTo("devxyz");
      assertThat(single(engine.process(insert)).resource().address())
          .isEqualTo("google_bigquery_dataset.dev");
    }

    @Test
    void aLegacyDatasetUpdateIsModified() {
      Map<String, Object> update = record("bigquery_datasetservice_insert_1");
      AuditSamples.put(update, "protoPayload.methodName", "datasetservice.update");
      AuditSamples.put(
          update, "protoPayload.resourceName", "projects/custodian-1291/datasets/devxyz");
      @SuppressWarnings("unchecked")
      Map<String, Object> data =
          (Map<String, Object>) JsonTrees.at(update, "protoPayload", "serviceData");
      Object request = data.remove("datasetInsertRequest");
      data.remove("datasetInsertResponse");
      data.put("datasetUpdateRequest", request);
      AuditSamples.put(
          update,
          "protoPayload.serviceData.datasetUpdateRequest.resource.info.description",
          "Scratch");

      DriftEvent drift = single(engine.process(AuditSamples.gcp(update)));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.changes()).containsExactly(change("description", "Development", "Scratch"));
    }
  }

  private static Map<String, Object> record(String name) {
    try {
      return AuditSamples.mutable(
          JsonTrees.parseObject(
              Files.readAllBytes(Path.of("src/test/resources/real/gcp/records", name + ".json"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
