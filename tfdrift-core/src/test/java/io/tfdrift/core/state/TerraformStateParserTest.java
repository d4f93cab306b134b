package io.tfdrift.core.state;

import static io.tfdrift.core.state.StateFixtures.document;
import static io.tfdrift.core.state.StateFixtures.json;
import static io.tfdrift.core.state.StateFixtures.parsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.StateException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerraformStateParserTest {

  private final ParsedState aws = parsed("prod", "aws-prod.tfstate");

  private ManagedResource resource(ParsedState state, String address) {
    return state.managed().stream()
        .filter(r -> r.address().equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + address + " in " + addresses(state)));
  }

  private static List<String> addresses(ParsedState state) {
    return state.managed().stream().map(ManagedResource::address).toList();
  }

  @Test
  void readsSnapshotFacts() {
    assertThat(aws.name()).isEqualTo("prod");
    assertThat(aws.workspace()).isEqualTo("default");
    assertThat(aws.location()).isEqualTo("fixtures/aws-prod.tfstate");
    assertThat(aws.serial()).isEqualTo(42);
    assertThat(aws.lineage()).isEqualTo("3f1a9c0e-7b2d-4c55-9e1f-0a2b3c4d5e6f");
    assertThat(aws.terraformVersion()).isEqualTo("1.7.5");
  }

  @Test
  void buildsFullAddressesForRootModuleCountForEachAndNestedModules() {
    assertThat(addresses(aws))
        .containsExactly(
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            "aws_instance.batch",
            "aws_instance.blue",
            "module.net.aws_security_group.web[\"a\"]",
            "module.net.aws_security_group.web[\"b\"]",
            "aws_s3_bucket.assets",
            "aws_s3_bucket_policy.assets",
            "aws_iam_role.app",
            "module.db.aws_db_instance.main",
            "module.app.module.queue.aws_sqs_queue.jobs");
  }

  @Test
  void recordsModuleTypeNameIdAndState() {
    ManagedResource sg = resource(aws, "module.net.aws_security_group.web[\"b\"]");

    assertThat(sg.state()).isEqualTo("prod");
    assertThat(sg.module()).isEqualTo("module.net");
    assertThat(sg.type()).isEqualTo("aws_security_group");
    assertThat(sg.name()).isEqualTo("web");
    assertThat(sg.id()).isEqualTo("sg-0a1b2c3d4e5f60002");
    assertThat(resource(aws, "aws_instance.web[0]").module()).isEmpty();
  }

  @Test
  void countsDataSourcesWithoutKeepingThem() {
    assertThat(aws.dataSources()).isEqualTo(1);
    assertThat(aws.managed()).noneMatch(r -> r.type().equals("aws_vpc"));
  }

  @Test
  void skipsDeposedObjectsAndKeepsTaintedOnes() {
    assertThat(aws.deposedSkipped()).isEqualTo(1);
    assertThat(resource(aws, "aws_instance.blue").id()).isEqualTo("i-0bbbbbbbbbbbbbbb4");
    assertThat(resource(aws, "aws_instance.batch").id()).isEqualTo("i-0aaaaaaaaaaaaaaa3");
  }

  @Test
  void convertsAttributesToJavaTreesWithoutNulls() {
    Map<String, Object> attributes = resource(aws, "aws_instance.web[0]").attributes();

    assertThat(attributes)
        .containsEntry("instance_type", "t3.micro")
        .containsEntry("monitoring", false)
        .containsEntry("cpu_core_count", 1L)
        .containsEntry("vpc_security_group_ids", List.of("sg-0a1b2c3d4e5f60001"))
        .containsEntry("tags", Map.of("Environment", "prod", "Name", "web-0"))
        .doesNotContainKeys("host_id", "timeouts", "user_data");
    assertThat(attributes.get("root_block_device"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .singleElement()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("volume_size", 8L)
        .containsEntry("encrypted", true)
        .containsEntry("volume_type", "gp3");
  }

  @Test
  void keepsNestedObjectListsSuchAsSecurityGroupIngress() {
    Object ingress =
        resource(aws, "module.net.aws_security_group.web[\"a\"]").attributes().get("ingress");

    assertThat(ingress)
        .isEqualTo(
            List.of(
                Map.of(
                    "cidr_blocks",
                    List.of("10.0.0.0/8"),
                    "description",
                    "HTTPS",
                    "from_port",
                    443L,
                    "ipv6_cidr_blocks",
                    List.of(),
                    "prefix_list_ids",
                    List.of(),
                    "protocol",
                    "tcp",
                    "security_groups",
                    List.of(),
                    "self",
                    false,
                    "to_port",
                    443L)));
  }

  @Test
  void returnsImmutableTrees() {
    Map<String, Object> attributes = resource(aws, "aws_instance.web[0]").attributes();
    @SuppressWarnings("unchecked")
    Map<String, Object> tags = (Map<String, Object>) attributes.get("tags");

    assertThatThrownBy(() -> tags.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> attributes.remove("id"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsJsonPolicyStringsAsStrings() {
    assertThat(resource(aws, "aws_iam_role.app").attributes().get("assume_role_policy"))
        .asString()
        .startsWith("{\"Statement\":[{\"Action\":\"sts:AssumeRole\"");
  }

  @Test
  void marksSensitiveTopLevelAttributesWithoutMaskingTheStoredValue() {
    ManagedResource db = resource(aws, "module.db.aws_db_instance.main");

    assertThat(db.sensitive()).containsExactly("password");
    assertThat(db.isSensitive("password")).isTrue();
    assertThat(db.attributes()).containsEntry("password", "s3cr3t-Passw0rd!");
  }

  @Test
  void marksTheTopLevelAttributeOfANestedSensitivePath() {
    ManagedResource vm = parsed("gcp", "gcp-prod.tfstate").managed().get(0);

    assertThat(vm.sensitive()).containsExactly("boot_disk");
  }

  @Test
  void toleratesOtherSensitiveAttributeShapes() throws StateException {
    String state =
        """
        {"version": 4, "serial": 1, "resources": [
          {"mode": "managed", "type": "t", "name": "a", "instances": [
            {"attributes": {"id": "1"}, "sensitive_attributes": ["token", "secret"]}]},
          {"mode": "managed", "type": "t", "name": "b", "instances": [
            {"attributes": {"id": "2"},
             "sensitive_attributes": [{"type": "get_attr", "value": "key"}]}]},
          {"mode": "managed", "type": "t", "name": "c", "instances": [
            {"attributes": {"id": "3"},
             "sensitive_attributes": {"unexpected": [1, 2]}}]},
          {"mode": "managed", "type": "t", "name": "d", "instances": [
            {"attributes": {"id": "4"},
             "sensitive_attributes": [[{"type": "index", "value": {"value": 0}}], 7, null]}]}
        ]}
        """;

    List<ManagedResource> managed = TerraformStateParser.parse("s", json("odd", state)).managed();

    assertThat(managed)
        .extracting(ManagedResource::sensitive)
        .containsExactly(
            java.util.Set.of("token", "secret"),
            java.util.Set.of("key"),
            java.util.Set.of(),
            java.util.Set.of());
  }

  @Test
  void readsNumbersAsLongBigIntegerAndBigDecimal() throws StateException {
    String state =
        """
        {"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n", "instances": [
          {"attributes": {"id": 17, "small": 300, "huge": 123456789012345678901234567890,
                          "ratio": 0.25, "exp": 1e3}}]}]}
        """;

    ManagedResource n = TerraformStateParser.parse("s", json("numbers", state)).managed().get(0);

    assertThat(n.id()).isEqualTo("17");
    assertThat(n.attributes())
        .containsEntry("small", 300L)
        .containsEntry("huge", new BigInteger("123456789012345678901234567890"))
        .containsEntry("ratio", new BigDecimal("0.25"))
        .containsEntry("exp", new BigDecimal("1e3"));
  }

  @Test
  void keepsNestedAttributeValuesInTheStatesOrderAsAuditRecordsAre() throws StateException {
    String state =
        """
        {"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n", "instances": [
          {"attributes": {"zone": "b", "id": "i-1", "arn": "a", "tags": {"z": "1", "a": "2"}}}]}]}
        """;

    ManagedResource n = TerraformStateParser.parse("s", json("ordered", state)).managed().get(0);

    assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) n.attributes().get("tags")).keySet()))
        .containsExactly("z", "a");
  }

  @Test
  void readsFieldsInAnyOrder() throws StateException {
    String state =
        """
        {"resources": [{"instances": [{"attributes": {"id": "x"}, "index_key": "k"}],
                        "name": "r", "type": "t", "module": "module.m", "mode": "managed"},
                       {"instances": [{"attributes": {"id": "d"}}],
                        "name": "d", "type": "t", "mode": "data"}],
         "lineage": "l", "serial": 9, "version": 4}
        """;

    ParsedState parsed = TerraformStateParser.parse("s", json("reordered", state));

    assertThat(addresses(parsed)).containsExactly("module.m.t.r[\"k\"]");
    assertThat(parsed.dataSources()).isEqualTo(1);
    assertThat(parsed.serial()).isEqualTo(9);
  }

  @Test
  void quotesForEachKeysTheWayTerraformPrintsThem() throws StateException {
    String state =
        """
        {"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "r", "instances": [
          {"index_key": "a\\"b\\\\c${x}", "attributes": {"id": "1"}}]}]}
        """;

    ParsedState parsed = TerraformStateParser.parse("s", json("keys", state));

    assertThat(addresses(parsed)).containsExactly("t.r[\"a\\\"b\\\\c$${x}\"]");
  }

  @Test
  void fallsBackToTopLevelKeysOfAttributesFlat() throws StateException {
    String state =
        """
        {"version": 4, "resources": [{"mode": "managed", "type": "aws_instance", "name": "old",
          "instances": [{"schema_version": 1, "attributes_flat":
            {"id": "i-1", "instance_type": "t2.micro", "tags.%": "1", "tags.Name": "old"}}]}]}
        """;

    ManagedResource old = TerraformStateParser.parse("s", json("flat", state)).managed().get(0);

    assertThat(old.id()).isEqualTo("i-1");
    assertThat(old.attributes()).containsOnlyKeys("id", "instance_type");
  }

  @Test
  void parsesAnEmptyState() {
    ParsedState empty = parsed("empty", "empty.tfstate");

    assertThat(empty.managed()).isEmpty();
    assertThat(empty.dataSources()).isZero();
    assertThat(empty.serial()).isEqualTo(1);
  }

  @Test
  void parsesGoogleResources() {
    ParsedState gcp = parsed("gcp", "gcp-prod.tfstate");

    assertThat(addresses(gcp))
        .containsExactly("google_compute_instance.vm", "google_storage_bucket.logs");
    assertThat(gcp.managed().get(0).id()).isEqualTo("projects/p/zones/us-central1-a/instances/vm");
  }

  @Test
  void rejectsStateVersion3() {
    assertThatThrownBy(() -> TerraformStateParser.parse("old", document("v3.tfstate")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("fixtures/v3.tfstate")
        .hasMessageContaining("state format version 3 is not supported")
        .hasMessageContaining("Terraform 0.12")
        .hasMessageContaining("terraform state pull");
  }

  @Test
  void rejectsTheVersion3ModulesLayoutWithoutAVersion() {
    String state = "{\"modules\": [{\"path\": [\"root\"], \"resources\": {}}]}";

    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("legacy.json", state)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("legacy.json")
        .hasMessageContaining("version 3");
  }

  @Test
  void rejectsStateWithoutVersion() {
    assertThatThrownBy(
            () -> TerraformStateParser.parse("s", json("nover.json", "{\"resources\":[]}")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("nover.json")
        .hasMessageContaining("no \"version\" field");
  }

  @Test
  void rejectsNewerStateVersionsAskingForATfDriftUpgrade() {
    assertThatThrownBy(
            () ->
                TerraformStateParser.parse(
                    "s", json("v5.json", "{\"version\": 5, \"resources\": []}")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("v5.json")
        .hasMessageContaining("version 5 is newer")
        .hasMessageContaining("upgrade TFDrift");
  }

  @Test
  void rejectsANonNumericVersion() {
    assertThatThrownBy(
            () -> TerraformStateParser.parse("s", json("str.json", "{\"version\": \"4\"}")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("str.json")
        .hasMessageContaining("\"version\" is a JSON string, not the number 4");
  }

  @Test
  void rejectsMalformedJsonNamingLineAndColumnWithoutQuotingContent() {
    assertThatThrownBy(() -> TerraformStateParser.parse("s", document("malformed.tfstate")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("fixtures/malformed.tfstate")
        .hasMessageContaining("malformed JSON at line 15, column")
        .hasMessageNotContaining("hunter2")
        .hasNoCause();
  }

  @Test
  void rejectsATruncatedDocument() {
    byte[] full = StateFixtures.bytes("aws-prod.tfstate");
    byte[] truncated = Arrays.copyOf(full, full.length / 2);

    assertThatThrownBy(
            () ->
                TerraformStateParser.parse(
                    "s",
                    new io.tfdrift.api.spi.StateDocument("default", "half.tfstate", truncated)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("half.tfstate")
        .hasMessageContaining("line ")
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsDocumentsThatAreNotJsonObjects() {
    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("empty.json", "")))
        .hasMessageContaining("empty.json: the document is empty");
    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("list.json", "[]")))
        .hasMessageContaining("list.json: the document is a JSON list");
  }

  @Test
  void rejectsContentAfterTheState() {
    String twice = "{\"version\": 4, \"resources\": []}\n{\"version\": 4}";

    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("twice.json", twice)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("twice.json: malformed JSON at line 2, column 1");
  }

  @Test
  void rejectsResourcesWithoutTypeOrName() {
    String state = "{\"version\": 4, \"resources\": [{\"mode\": \"managed\", \"instances\": []}]}";

    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("corrupt.json", state)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("corrupt.json: resources[0] has no \"type\" or no \"name\"");
  }

  @Test
  void rejectsEncryptedStateNamingTheFix() {
    String state = "{\"serial\": 1, \"encrypted_data\": \"abc\", \"encryption_version\": \"v0\"}";

    assertThatThrownBy(() -> TerraformStateParser.parse("s", json("enc.json", state)))
        .hasMessageContaining("enc.json: the state is encrypted");
  }
}
