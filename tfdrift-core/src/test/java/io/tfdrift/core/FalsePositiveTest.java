package io.tfdrift.core;

import static io.tfdrift.core.AuditSamples.byCli;
import static io.tfdrift.core.AuditSamples.cloudTrail;
import static io.tfdrift.core.AuditSamples.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls that must never be reported: failed calls, read-only calls, dry runs and Terraform's own
 * apply. Every case runs against a state that holds the resources the calls name, so a call that
 * slipped through would be reported.
 */
class FalsePositiveTest {
  /** Everything noise.json and the samples name, managed. */
  private static final TfDrift ENGINE =
      EngineTest.engine(
          EngineTest.awsState()
              .resource(
                  "aws_s3_bucket",
                  "logs",
                  Map.of(
                      "id", "stratus-red-team-ctlr-bucket-zqfsvooxqj",
                      "bucket", "stratus-red-team-ctlr-bucket-zqfsvooxqj"))
              .resource(
                  "aws_cloudtrail",
                  "trail",
                  Map.of(
                      "id", "stratus-red-team-ct-stop-trail-qzbgnfqisx",
                      "name", "stratus-red-team-ct-stop-trail-qzbgnfqisx"))
              .resource(
                  "aws_lambda_function",
                  "olc",
                  Map.of(
                      "id", "stratus-red-team-olc-func-xhfgzaowxc",
                      "function_name", "stratus-red-team-olc-func-xhfgzaowxc",
                      "runtime", "python3.8"))
              .resource(
                  "aws_iam_user_login_profile",
                  "user",
                  Map.of("id", "stratus-red-team-login-profile-user"))
              .resource("aws_vpc", "main", Map.of("id", "vpc-0fa94f40db415f317")));

  static Stream<Integer> noiseIndexes() {
    return IntStream.range(0, 20).boxed();
  }

  @ParameterizedTest(name = "noise.json Records[{0}]")
  @MethodSource("noiseIndexes")
  void failedAndReadOnlyCallsAreNeverDriftWhoeverMakesThem(int index) {
    Map<String, Object> record = noiseRecord(index);
    Outcome expected = record.containsKey("errorCode") ? Outcome.FAILED_CALL : Outcome.READ_ONLY;
    Map<String, Object> byCli = noiseRecord(index);
    byCli.put("userAgent", AuditSamples.CLI_USER_AGENT);

    Detection asRecorded = ENGINE.process(cloudTrail(record));
    Detection asCli = ENGINE.process(cloudTrail(byCli));

    assertThat(asRecorded.outcome()).isEqualTo(expected);
    assertThat(asRecorded.drift()).isEmpty();
    assertThat(asCli.outcome()).isEqualTo(expected);
    assertThat(asCli.drift()).isEmpty();
  }

  @Test
  void noiseHoldsTwelveFailedAndEightReadOnlyCalls() {
    List<AuditEvent> noise = AuditSamples.noise();

    assertThat(noise).hasSize(20);
    assertThat(noise).filteredOn(AuditEvent::failed).hasSize(12);
    assertThat(noise).filteredOn(e -> !e.failed() && e.readOnly()).hasSize(8);
  }

  @Test
  void theSameCallsWithoutTheirErrorWouldBeDrift() {
    Map<String, Object> deleteBucket = noiseRecord(3);
    Map<String, Object> deleteDb = noiseRecord(5);
    for (Map<String, Object> record : List.of(deleteBucket, deleteDb)) {
      record.remove("errorCode");
      record.remove("errorMessage");
      record.put("userAgent", AuditSamples.CLI_USER_AGENT);
    }

    assertThat(EngineTest.single(ENGINE.process(cloudTrail(deleteBucket))).kind())
        .isEqualTo(DriftKind.DELETED);
    assertThat(EngineTest.single(ENGINE.process(cloudTrail(deleteDb))).kind())
        .isEqualTo(DriftKind.DELETED);
  }

  static Stream<String> terraformSamples() {
    return sampleNames().stream()
        .filter(name -> AuditSamples.cloudTrail(name).userAgent().contains("Terraform/1.1.2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("terraformSamples")
  void callsMadeByTerraformAreTheApplyNotDrift(String sample) {
    AuditEvent event = cloudTrail(sample);

    Detection d = ENGINE.process(event);

    assertThat(event.userAgent()).contains("terraform-provider-aws/");
    assertThat(d.outcome()).isEqualTo(Outcome.TERRAFORM_APPLY);
    assertThat(d.drift()).isEmpty();
  }

  @Test
  void theTerraformSamplesCoverTheInvictusApply() {
    assertThat(terraformSamples().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theSameCallByTheCliIsDrift() {
    Map<String, Object> record = EngineTest.modifyInstanceType("t3.large");

    assertThat(ENGINE.process(cloudTrail(record)).outcome()).isEqualTo(Outcome.DRIFT);
  }

  @Nested
  class DryRuns {
    @Test
    void anEc2DryRunIsAFailedCall() {
      Map<String, Object> record = EngineTest.modifyInstanceType("t3.large");
      record.put("errorCode", "Client.DryRunOperation");
      record.put("errorMessage", "Request would have succeeded, but DryRun flag is set.");
      record.put("responseElements", null);

      Detection d = ENGINE.process(cloudTrail(record));

      assertThat(d.outcome()).isEqualTo(Outcome.FAILED_CALL);
      assertThat(d.drift()).isEmpty();
    }

    @Test
    void aLambdaDryRunSucceedsWithoutChangingAnythingAndIsNoDrift() {
      Map<String, Object> record = byCli("lambda_UpdateFunctionCode20150331v2_1");
      put(record, "requestParameters.dryRun", true);

      Detection d = ENGINE.process(cloudTrail(record));

      assertThat(d.outcome()).isEqualTo(Outcome.FAILED_CALL);
      assertThat(d.drift()).isEmpty();
    }

    @Test
    void aLambdaCallThatIsNotADryRunIsDrift() {
      Map<String, Object> record = byCli("lambda_UpdateFunctionCode20150331v2_1");
      assertThat(JsonTrees.at(record, "requestParameters", "dryRun")).isEqualTo(false);

      assertThat(ENGINE.process(cloudTrail(record)).drift())
          .singleElement()
          .extracting(d -> d.resource().address())
          .isEqualTo("aws_lambda_function.olc");
    }
  }

  @Nested
  class TerraformPrincipals {
    /** ModifyInstanceAttribute made in a CI job that assumed the terraform role. */
    private Map<String, Object> byCiRole() {
      Map<String, Object> record = EngineTest.modifyInstanceType("t3.large");
      record.put(
          "userIdentity",
          JsonTrees.parseObject(
              """
              {"type":"AssumedRole","principalId":"AROATFQR7NSCWWVLB7BES:GitHubActions",
               "arn":"arn:aws:sts::123837392027:assumed-role/terraform-ci/GitHubActions",
               "accountId":"123837392027","accessKeyId":"ASIATFQR7NSCRCKM6JHP",
               "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROATFQR7NSCWWVLB7BES",
                 "arn":"arn:aws:iam::123837392027:role/terraform-ci","accountId":"123837392027",
                 "userName":"terraform-ci"},
                 "attributes":{"creationDate":"2023-07-10T12:00:00Z","mfaAuthenticated":"false"}}}
              """));
      return record;
    }

    @Test
    void aCallByAConfiguredTerraformRoleArnIsTheApply() {
      TfDrift engine =
          EngineTest.engine(
              EngineTest.awsState(),
              EngineTest.builtInMappers(),
              List.of("arn:aws:iam::*:role/terraform-ci"));

      assertThat(engine.process(cloudTrail(byCiRole())).outcome())
          .isEqualTo(Outcome.TERRAFORM_APPLY);
    }

    @Test
    void aCallByAConfiguredUserArnIsTheApply() {
      TfDrift engine =
          EngineTest.engine(
              EngineTest.awsState(),
              EngineTest.builtInMappers(),
              List.of("arn:aws:iam::123837392027:user/bert-jan"));

      assertThat(engine.process(cloudTrail(EngineTest.modifyInstanceType("t3.large"))).outcome())
          .isEqualTo(Outcome.TERRAFORM_APPLY);
    }

    @Test
    void aCallByAnotherRoleIsStillDrift() {
      TfDrift engine =
          EngineTest.engine(
              EngineTest.awsState(),
              EngineTest.builtInMappers(),
              List.of("arn:aws:iam::*:role/terraform-prod"));

      assertThat(engine.process(cloudTrail(byCiRole())).outcome()).isEqualTo(Outcome.DRIFT);
    }
  }

  /**
   * Real records of AWS acting for itself (invictus-ir/aws_dataset, elastic/integrations; see
   * real/noise/PROVENANCE.tsv): RDS's service-linked role creating and deleting the interface of a
   * DB instance, SSM's running a patch association, Inspector as an {@code AWSService}, and AWS
   * service events. State holds the interface, so a person's delete would be drift (and their
   * create, without it in state, unmanaged).
   */
  @Nested
  class CallsTheCloudMakesForItself {
    private static final String ENI = "eni-0938d805949b4e134";
    private final TfDrift engine =
        EngineTest.engine(
            EngineTest.awsState()
                .resource(
                    "aws_network_interface",
                    "db",
                    Map.of("id", ENI, "subnet_id", "subnet-0c8a70cf4fd24084f")));

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tfdrift.core.FalsePositiveTest#cloudServiceRecords")
    void areCountedAsTheCloudsOwnAndNeverDrift(String record) {
      Detection d = engine.process(realNoise(record));

      assertThat(d.outcome()).isEqualTo(Outcome.CLOUD_SERVICE);
      assertThat(d.drift()).isEmpty();
    }

    @Test
    void theSameCallsByAPersonAreDrift() {
      Map<String, Object> create = realNoiseRecord("aws_ec2_CreateNetworkInterface_2");
      Map<String, Object> delete = realNoiseRecord("aws_ec2_DeleteNetworkInterface_1");
      for (Map<String, Object> record : List.of(create, delete)) {
        record.put("userIdentity", person());
        record.put("userAgent", AuditSamples.CLI_USER_AGENT);
      }

      TfDrift withoutTheInterface = EngineTest.engine(EngineTest.awsState());
      assertThat(EngineTest.single(withoutTheInterface.process(cloudTrail(create))).kind())
          .isEqualTo(DriftKind.UNMANAGED);
      assertThat(EngineTest.single(engine.process(cloudTrail(delete))).kind())
          .isEqualTo(DriftKind.DELETED);
    }

    @Test
    void aServiceNamedOnlyInInvokedByActsForThePersonAndIsDrift() {
      Map<String, Object> delete = realNoiseRecord("aws_ec2_DeleteNetworkInterface_1");
      Map<String, Object> identity = person();
      identity.put("invokedBy", "cloudformation.amazonaws.com");
      delete.put("userIdentity", identity);

      Detection d = engine.process(cloudTrail(delete));

      assertThat(d.outcome()).isEqualTo(Outcome.DRIFT);
      assertThat(EngineTest.single(d).kind()).isEqualTo(DriftKind.DELETED);
    }

    @Test
    void aServiceLinkedRoleIsKnownByItsSessionWhenTheRoleArnIsMissing() {
      Map<String, Object> delete = realNoiseRecord("aws_ec2_DeleteNetworkInterface_1");
      @SuppressWarnings("unchecked")
      Map<String, Object> identity = (Map<String, Object>) delete.get("userIdentity");
      identity.remove("sessionContext");

      assertThat(engine.process(cloudTrail(delete)).outcome()).isEqualTo(Outcome.CLOUD_SERVICE);
    }

    /** The console user of the same account (real/aws records of bert-jan). */
    private static Map<String, Object> person() {
      Map<String, Object> identity = new java.util.LinkedHashMap<>();
      identity.put("type", "IAMUser");
      identity.put("principalId", "AIDATFQR7NSC5AU2ZV3IE");
      identity.put("arn", "arn:aws:iam::123837392027:user/bert-jan");
      identity.put("accountId", "123837392027");
      identity.put("userName", "bert-jan");
      return identity;
    }
  }

  /**
   * Real GCP entries of Google acting for itself (real/noise/PROVENANCE.tsv): a managed instance
   * group recreating a VM (system_event log, {@code system@google.com}) and GKE's scheduler and
   * kubelet. A workload's own Kubernetes service account is a user's.
   */
  @Nested
  class CallsGoogleMakesForItself {
    private final TfDrift engine =
        EngineTest.engine(
            io.tfdrift.testkit.TerraformStates.builder()
                .resource(
                    "google_compute_instance",
                    "web",
                    Map.of(
                        "id", "projects/elastic-observability/zones/us-central1-a/instances/web")));

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "gcp_compute_instances_repair_recreateInstance_system_1",
          "gcp_k8s_leases_update_system_1",
          "gcp_k8s_pods_create_system_1",
          "gcp_k8s_nodes_create_system_1",
          "gcp_k8s_configmaps_update_system_1"
        })
    void areCountedAsTheCloudsOwnAndNeverDrift(String record) {
      assertThat(engine.process(realGcpNoise(record, null)).outcome())
          .isEqualTo(Outcome.CLOUD_SERVICE);
    }

    @Test
    void aWorkloadsServiceAccountIsNotGoogles() {
      AuditEvent byWorkload =
          realGcpNoise("gcp_k8s_configmaps_update_system_1", "system:serviceaccount:argocd:argocd");
      AuditEvent byController =
          realGcpNoise(
              "gcp_k8s_configmaps_update_system_1",
              "system:serviceaccount:kube-system:endpoint-controller");

      assertThat(engine.process(byWorkload).outcome()).isNotEqualTo(Outcome.CLOUD_SERVICE);
      assertThat(engine.process(byController).outcome()).isEqualTo(Outcome.CLOUD_SERVICE);
    }

    private static AuditEvent realGcpNoise(String record, String principal) {
      Map<String, Object> entry = realNoiseRecord(record);
      if (principal != null) {
        AuditSamples.put(entry, "protoPayload.authenticationInfo.principalEmail", principal);
      }
      return AuditSamples.gcp(entry);
    }
  }

  static Stream<String> cloudServiceRecords() {
    return Stream.of(
        "aws_ec2_CreateNetworkInterface_2",
        "aws_ec2_DeleteNetworkInterface_1",
        "aws_ssm_SendCommand_2",
        "aws_ec2_SharedSnapshotVolumeCreated_1",
        "aws_secretsmanager_StartSecretVersionDelete_1");
  }

  private static AuditEvent realNoise(String record) {
    return cloudTrail(realNoiseRecord(record));
  }

  private static Map<String, Object> realNoiseRecord(String record) {
    try {
      return AuditSamples.mutable(
          JsonTrees.parseObject(
              Files.readAllBytes(
                  Path.of("src/test/resources/real/noise/records", record + ".json"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> noiseRecord(int index) {
    @SuppressWarnings("unchecked")
    List<Object> records =
        (List<Object>)
            AuditSamples.mutable(
                    JsonTrees.parseObject(AuditSamples.bytes("/samples/cloudtrail/noise.json")))
                .get("Records");
    @SuppressWarnings("unchecked")
    Map<String, Object> record = (Map<String, Object>) records.get(index);
    return record;
  }

  private static List<String> sampleNames() {
    try (Stream<Path> files =
        Files.list(Path.of(FalsePositiveTest.class.getResource("/samples/cloudtrail").toURI()))) {
      List<String> names = new ArrayList<>();
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches(".*_\\d+\\.json"))
          .sorted()
          .forEach(n -> names.add(n.substring(0, n.length() - 5)));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
