package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpAuditDecoderTest {

  private final GcpAuditDecoder decoder = new GcpAuditDecoder();

  private AuditEvent decode(String insertId) {
    return decoder.decodeEntry(Samples.gcpEntry(insertId));
  }

  @Test
  void mapsTheEntryFieldsOfARealInstanceInsert() {
    AuditEvent event = decode("mraniadjjli");

    assertThat(event.provider()).isEqualTo("gcp");
    assertThat(event.service()).isEqualTo("compute.googleapis.com");
    assertThat(event.action()).isEqualTo("beta.compute.instances.insert");
    assertThat(event.eventId()).isEqualTo("mraniadjjli");
    assertThat(event.time()).isEqualTo(Instant.parse("2021-10-19T02:42:22.986298Z"));
    assertThat(event.accountId()).isEqualTo("fake-project");
    assertThat(event.region()).isEqualTo("us-central1");
    assertThat(event.sourceIp()).isEqualTo("1.1.1.1");
    assertThat(event.userAgent()).isEqualTo("UserAgent");
    assertThat(event.resources())
        .containsExactly("projects/fake-project/zones/us-central1-a/instances/instance-1");
    assertThat(event.request())
        .containsEntry("@type", "type.googleapis.com/compute.instances.insert");
    assertThat(event.failed()).isFalse();
    assertThat(event.readOnly()).isFalse();
    assertThat(event.actor()).isEqualTo(new Actor("User", "fakeemailxyz@gmail.com", "", "", ""));
    assertThat(event.attributes())
        .containsEntry("gcp.zone", "us-central1-a")
        .containsEntry("gcp.resourceType", "gce_instance")
        .containsEntry("gcp.severity", "NOTICE")
        .containsEntry("gcp.logType", "activity");
  }

  @Test
  void decodesEverySampleEntry() {
    List<Map<String, Object>> entries = Samples.gcpEntries();
    assertThat(entries).hasSize(10);
    for (Map<String, Object> entry : entries) {
      assertThat(decoder.accepts(entry)).isTrue();
      AuditEvent event = decoder.decode(entry).get(0);
      assertThat(event.eventId()).isEqualTo(entry.get("insertId"));
      assertThat(event.action()).isEqualTo(JsonTrees.text(entry, "protoPayload", "methodName"));
    }
  }

  @Test
  void marksTheFirstAndLastEntriesOfAnOperation() {
    AuditEvent first = decode("-w5vrlhdm7gk");
    AuditEvent last = decode("-c7ctxmd2zab");

    assertThat(first.attributes())
        .containsEntry(
            "gcp.operation.id", "operation-1732021993132-62743cba4d27a-d29b55ba-2cd69d6a")
        .containsEntry("gcp.operation.producer", "compute.googleapis.com")
        .containsEntry("gcp.operation.first", "true")
        .doesNotContainKey("gcp.operation.last");
    assertThat(last.attributes())
        .containsEntry(
            "gcp.operation.id", "operation-1596646123456-5ac2438b775f6-f8ca1382-e70b6831")
        .containsEntry("gcp.operation.last", "true")
        .doesNotContainKey("gcp.operation.first");
    assertThat(first.request()).containsKey("name");
    assertThat(decode("2ihezydi73o").attributes()).doesNotContainKey("gcp.operation.id");
  }

  @Test
  void takesTheProjectFromTheResourceLabels() {
    assertThat(decode("2ihezydi73o").accountId()).isEqualTo("1234");
    assertThat(decode("v2spcwdzmc2").accountId()).isEqualTo("foo");
  }

  @Test
  void takesTheProjectFromTheResourceNameWithoutLabels() {
    Map<String, Object> entry = Samples.with(Samples.gcpEntry("mraniadjjli"), "resource", null);

    AuditEvent event = decoder.decodeEntry(entry);

    assertThat(event.accountId()).isEqualTo("fake-project");
    assertThat(event.region()).isEqualTo("us-central1");
    assertThat(event.attributes()).containsEntry("gcp.zone", "us-central1-a");
  }

  @Test
  void skipsTheStoragePlaceholderProjectAndFallsBackToTheLogName() {
    assertThat(
            GcpLocation.project(Map.of(), "projects/_/buckets/b/objects/o", "projects/p1/logs/x"))
        .isEqualTo("p1");
    assertThat(
            GcpLocation.project(
                Map.of(), "organizations/123/groupSettings", "organizations/123/logs/x"))
        .isEmpty();
  }

  @Test
  void anOrganizationEntryHasNoProjectOrRegion() {
    AuditEvent event = decode("285djodxlmu");

    assertThat(event.accountId()).isEmpty();
    assertThat(event.region()).isEmpty();
    assertThat(event.userAgent()).isEmpty();
    assertThat(event.request()).isEmpty();
  }

  @Test
  void derivesTheRegionFromLabelsOrResourceName() {
    assertThat(decode("-c7ctxmd2zab").region()).isEqualTo("us-central1");
    assertThat(decode("yonau3dc2zi").region()).isEqualTo("global");
    assertThat(decode("iv9wx9d16l2").region()).isEmpty();
    assertThat(decode("vdbcibd23rv").region()).isEmpty();
    assertThat(
            GcpLocation.region(Map.of(), "projects/p/regions/europe-west1/subnetworks/s", "", null))
        .isEqualTo("europe-west1");
    assertThat(GcpLocation.region(Map.of(), "projects/p/locations/us-east1-b/clusters/c", "", null))
        .isEqualTo("us-east1-b");
    assertThat(GcpLocation.zone(Map.of(), "projects/p/locations/us-east1-b/clusters/c"))
        .isEqualTo("us-east1-b");
    assertThat(GcpLocation.region(Map.of("region", "asia-northeast1"), "", "", null))
        .isEqualTo("asia-northeast1");
    assertThat(GcpLocation.region(Map.of(), "", "", List.of("europe-west4-a")))
        .isEqualTo("europe-west4");
    assertThat(GcpLocation.regionOf("northamerica-northeast1-c"))
        .isEqualTo("northamerica-northeast1");
    assertThat(GcpLocation.regionOf("us")).isEqualTo("us");
    assertThat(GcpLocation.regionOf("us-central1")).isEqualTo("us-central1");
  }

  @Test
  void reportsANonZeroStatusAsAFailure() {
    AuditEvent event = decode("1lpqk13d1fdt");

    assertThat(event.errorCode()).isEqualTo("7");
    assertThat(event.failed()).isTrue();
    assertThat(event.attributes())
        .containsEntry("gcp.status", "PERMISSION_DENIED")
        .containsEntry("gcp.status.message", "PERMISSION_DENIED")
        .containsEntry("gcp.logType", "policy")
        .containsEntry("gcp.severity", "ERROR");
    assertThat(event.actor()).isEqualTo(Actor.UNKNOWN);
    assertThat(event.readOnly()).isTrue();
  }

  @Test
  void anEmptyStatusIsSuccess() {
    assertThat(decode("2ihezydi73o").failed()).isFalse();
    assertThat(decode("2ihezydi73o").attributes())
        .doesNotContainKeys("gcp.status", "gcp.status.message");
  }

  @Test
  void treatsDataAccessEntriesAsReadOnly() {
    AuditEvent event = decode("yonau3dc2zi");

    assertThat(event.readOnly()).isTrue();
    assertThat(event.failed()).isTrue();
    assertThat(event.attributes()).containsEntry("gcp.logType", "data_access");
  }

  @Test
  void judgesReadsByTheMethodsLastPart() {
    assertThat(GcpAuditDecoder.readsByName("v1.compute.instances.get")).isTrue();
    assertThat(GcpAuditDecoder.readsByName("beta.compute.instances.aggregatedList")).isTrue();
    assertThat(GcpAuditDecoder.readsByName("google.iam.admin.v1.ListServiceAccounts")).isTrue();
    assertThat(GcpAuditDecoder.readsByName("SetIamPolicy")).isFalse();
    assertThat(GcpAuditDecoder.readsByName("google.iam.v1.IAMPolicy.GetIamPolicy")).isTrue();
    assertThat(GcpAuditDecoder.readsByName("storage.buckets.testIamPermissions")).isTrue();
    assertThat(GcpAuditDecoder.readsByName("v1.compute.instances.setLabels")).isFalse();
    assertThat(GcpAuditDecoder.readsByName("v1.compute.instances.getaway")).isFalse();
    assertThat(decode("vdbcibd23rv").readOnly()).isFalse();
  }

  @Test
  void identifiesServiceAccountsAndTheirDelegation() {
    AuditEvent event = decode("-w5vrlhdm7gk");

    assertThat(event.actor())
        .isEqualTo(
            new Actor(
                "ServiceAccount",
                "project-id@cloudservices.gserviceaccount.com",
                "serviceAccount:project-id@cloudservices.gserviceaccount.com",
                "",
                ""));
    assertThat(event.attributes()).containsEntry("gcp.delegation", "principalA@prod.google.com");
    assertThat(event.userAgent()).isEqualTo("Google-Deployment-Manager,gzip(gfe)");
    assertThat(event.sourceIp()).isEqualTo("175.16.199.45");
  }

  @Test
  void keepsTheUsersPrincipalSubject() {
    assertThat(decode("2ihezydi73o").actor())
        .isEqualTo(new Actor("User", "test@example.com", "user:test@example.com", "", ""));
  }

  @Test
  void takesTheProjectOfAnIamServiceAccount() {
    Map<String, Object> entry = Samples.gcpEntry("2ihezydi73o");
    Map<String, Object> payload = new LinkedHashMap<>(JsonTrees.object(entry, "protoPayload"));
    payload.put(
        "authenticationInfo", Map.of("principalEmail", "deployer@ops-1.iam.gserviceaccount.com"));

    Actor actor = decoder.decodeEntry(Samples.with(entry, "protoPayload", payload)).actor();

    assertThat(actor.type()).isEqualTo("ServiceAccount");
    assertThat(actor.accountId()).isEqualTo("ops-1");
  }

  @Test
  void exposesThePolicyDeltaAsJsonText() {
    // The documented serviceData.policyDelta of an IAM SetIamPolicy entry, on a real entry.
    Map<String, Object> entry = Samples.gcpEntry("vdbcibd23rv");
    Map<String, Object> payload = new LinkedHashMap<>(JsonTrees.object(entry, "protoPayload"));
    payload.put(
        "serviceData",
        JsonTrees.parseObject(
            "{\"@type\":\"type.googleapis.com/google.iam.v1.logging.AuditData\","
                + "\"policyDelta\":{\"bindingDeltas\":[{\"action\":\"ADD\","
                + "\"role\":\"roles/iap.httpsResourceAccessor\","
                + "\"member\":\"user:test-user@example.com\"}]}}"));

    AuditEvent event = decoder.decodeEntry(Samples.with(entry, "protoPayload", payload));

    assertThat(event.attributes())
        .containsEntry(
            "gcp.policyDelta",
            "{\"bindingDeltas\":[{\"action\":\"ADD\",\"role\":\"roles/iap.httpsResourceAccessor\","
                + "\"member\":\"user:test-user@example.com\"}]}");
    assertThat(decode("vdbcibd23rv").attributes()).doesNotContainKey("gcp.policyDelta");
    assertThat(JsonPath.of("policy.bindings[].members[]").all(event.request()))
        .containsExactly("user:test-user@example.com");
  }

  @Test
  void fallsBackToTheReceiveTimestamp() {
    Map<String, Object> entry = Samples.gcpEntry("iv9wx9d16l2");

    AuditEvent event = decoder.decodeEntry(Samples.with(entry, "timestamp", null));

    assertThat(event.time()).isEqualTo(Instant.parse(JsonTrees.text(entry, "receiveTimestamp")));
  }

  @Test
  void namesTheEntryAndTheMissingField() {
    Map<String, Object> entry = Samples.gcpEntry("iv9wx9d16l2");

    Map<String, Object> timeless =
        Samples.with(Samples.with(entry, "timestamp", null), "receiveTimestamp", null);

    assertThatThrownBy(() -> decoder.decodeEntry(timeless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GCP audit entry iv9wx9d16l2 has no timestamp");
    assertThatThrownBy(
            () ->
                decoder.decodeEntry(
                    Samples.with(
                        Samples.with(entry, "timestamp", "yesterday"),
                        "receiveTimestamp",
                        "today")))
        .hasMessageContaining("timestamp 'yesterday' is not an RFC 3339 instant");
    Map<String, Object> payload = new LinkedHashMap<>(JsonTrees.object(entry, "protoPayload"));
    payload.remove("methodName");
    assertThatThrownBy(() -> decoder.decodeEntry(Samples.with(entry, "protoPayload", payload)))
        .hasMessage("GCP audit entry iv9wx9d16l2 has no protoPayload.methodName");
  }

  @Test
  void readsTimestampsAsSiemsAndBigQueryExportThemAsUtc() {
    Map<String, Object> entry = Samples.gcpEntry("iv9wx9d16l2");

    assertThat(
            decoder
                .decodeEntry(Samples.with(entry, "timestamp", "2024-01-25 13:28:18.961519813"))
                .time())
        .isEqualTo(java.time.Instant.parse("2024-01-25T13:28:18.961519813Z"));
    assertThat(decoder.decodeEntry(Samples.with(entry, "timestamp", "2023-05-23 19:19:40")).time())
        .isEqualTo(java.time.Instant.parse("2023-05-23T19:19:40Z"));
  }

  @Test
  void anUnreadableTimestampFallsBackToTheReceiveTimestamp() {
    Map<String, Object> entry =
        Samples.with(
            Samples.with(Samples.gcpEntry("iv9wx9d16l2"), "timestamp", "yesterday"),
            "receiveTimestamp",
            "2021-10-19T02:57:48.123Z");

    assertThat(decoder.decodeEntry(entry).time())
        .isEqualTo(java.time.Instant.parse("2021-10-19T02:57:48.123Z"));
  }

  @Test
  void acceptsOnlyAuditLogPayloads() {
    assertThat(decoder.accepts(Samples.cloudTrail("ec2_CreateVpc_1"))).isFalse();
    assertThat(
            decoder.accepts(
                Map.of(
                    "protoPayload",
                    Map.of("@type", "type.googleapis.com/google.appengine.logging.v1.RequestLog"))))
        .isFalse();
    assertThat(decoder.accepts(Map.of("protoPayload", Map.of("methodName", "x.y")))).isTrue();
    assertThat(decoder.format()).isEqualTo("gcp-audit");
  }
}
