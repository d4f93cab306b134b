package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.json.JsonTrees;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudTrailDecoderTest {

  private final CloudTrailDecoder decoder = new CloudTrailDecoder();

  private AuditEvent decode(String sample) {
    return decoder.decodeRecord(Samples.cloudTrail(sample));
  }

  @Test
  void mapsTheRecordFieldsOfARealRunInstancesCall() {
    AuditEvent event = decode("ec2_RunInstances_1");

    assertThat(event.provider()).isEqualTo("aws");
    assertThat(event.service()).isEqualTo("ec2.amazonaws.com");
    assertThat(event.action()).isEqualTo("RunInstances");
    assertThat(event.eventId()).isEqualTo("8c9d5d59-f65e-4d38-a71b-6d712487cd91");
    assertThat(event.time()).isEqualTo(Instant.parse("2023-07-10T12:03:24Z"));
    assertThat(event.accountId()).isEqualTo("123837392027");
    assertThat(event.region()).isEqualTo("us-east-1");
    assertThat(event.sourceIp()).isEqualTo("192.168.10.20");
    assertThat(event.userAgent()).startsWith("APN/1.0 HashiCorp/1.0 Terraform/1.1.2 ");
    assertThat(event.request()).containsEntry("instanceType", "t3.micro");
    List<Object> ids = new java.util.ArrayList<>();
    for (Object item : (List<?>) JsonTrees.at(event.response(), "instancesSet", "items")) {
      ids.add(((Map<?, ?>) item).get("instanceId"));
    }
    assertThat(ids).containsExactly("i-05c30218156bcc246");
    assertThat(event.errorCode()).isEmpty();
    assertThat(event.failed()).isFalse();
    assertThat(event.readOnly()).isFalse();
    assertThat(event.attributes())
        .containsEntry("aws.eventType", "AwsApiCall")
        .containsEntry("aws.eventCategory", "Management")
        .containsEntry("aws.requestId", "be5c6330-fa9a-4b1e-b4d2-695d5186a573")
        .doesNotContainKeys("aws.dryRun", "aws.sharedEventId", "aws.errorMessage");
  }

  @Test
  void decodesEverySampleRecordWithItsIdsAndName() {
    List<String> names = Samples.cloudTrailNames();
    assertThat(names).hasSize(60);
    for (String name : names) {
      Map<String, Object> record = Samples.cloudTrail(name);
      AuditEvent event = decoder.decodeRecord(record);

      assertThat(event.eventId()).as(name).isEqualTo(record.get("eventID"));
      assertThat(event.service()).as(name).isEqualTo(record.get("eventSource"));
      assertThat(name)
          .startsWith(
              event.service().substring(0, event.service().indexOf('.'))
                  + "_"
                  + event.action()
                  + "_");
      assertThat(event.failed()).as(name).isFalse();
      assertThat(event.actor().name()).as(name).isNotEmpty();
      assertThat(event.accountId()).as(name).isNotEmpty();
    }
  }

  @Test
  void namesAnIamUserByUserName() {
    Actor actor = decode("ec2_RunInstances_1").actor();

    assertThat(actor)
        .isEqualTo(
            new Actor(
                "IAMUser",
                "bert-jan",
                "arn:aws:iam::123837392027:user/bert-jan",
                "AIDATFQR7NSC5AU2ZV3IE",
                "123837392027"));
  }

  @Test
  void namesAnAssumedRoleBySessionAndKeepsTheRoleInAttributes() {
    AuditEvent event = decode("bedrock_PutUseCaseForModelAccess_1");

    assertThat(event.actor().type()).isEqualTo("AssumedRole");
    assertThat(event.actor().name()).isEqualTo("cli");
    assertThat(event.actor().arn())
        .isEqualTo("arn:aws:sts::494659789341:assumed-role/test-role/cli");
    assertThat(event.actor().principalId()).isEqualTo("AROA2N7TQQRGKJYPCLOG0:cli");
    assertThat(event.attributes())
        .containsEntry("aws.roleName", "test-role")
        .containsEntry("aws.roleArn", "arn:aws:iam::494659789341:role/test-role")
        .doesNotContainKey("aws.sso");
  }

  @Test
  void namesAnInstanceRoleByItsInstanceSession() {
    AuditEvent event = decode("ssm_UpdateInstanceInformation_1");

    assertThat(event.actor().name()).isEqualTo("i-0dbc91f429e48eeed");
    assertThat(event.attributes())
        .containsEntry("aws.roleName", "stratus-red-team-ec2-steal-credentials-role");
  }

  @Test
  void namesAnSsoUserBySessionAndMarksTheSsoRole() {
    AuditEvent event = decode("ec2_EnableSerialConsoleAccess_1");

    assertThat(event.actor().type()).isEqualTo("AssumedRole");
    assertThat(event.actor().name()).isEqualTo("randomca0L529zwNAY@gmail.com");
    assertThat(event.attributes())
        .containsEntry("aws.sso", "true")
        .containsEntry("aws.roleName", "AWSReservedSSO_account-admin_599c9e90e350d2ff");
  }

  @Test
  void keepsTheServiceThatActedOnARolesBehalf() {
    AuditEvent event = decode("ec2_CreateNetworkInterface_1");

    assertThat(event.actor().name()).isEqualTo("SLRManagement");
    assertThat(event.userAgent()).isEqualTo("rds.amazonaws.com");
    assertThat(event.attributes())
        .containsEntry("aws.invokedBy", "rds.amazonaws.com")
        .containsEntry("aws.roleName", "AWSServiceRoleForRDS");
  }

  @Test
  void namesAnAwsServiceByInvokedBy() {
    // CloudTrail's documented AWSService identity, on a real record.
    Map<String, Object> record =
        Samples.with(
            Samples.cloudTrail("ec2_CreateNetworkInterface_1"),
            "userIdentity",
            Map.of("type", "AWSService", "invokedBy", "rds.amazonaws.com"));

    Actor actor = decoder.decodeRecord(record).actor();

    assertThat(actor).isEqualTo(new Actor("AWSService", "rds.amazonaws.com", "", "", ""));
  }

  @Test
  void namesRootAndFederatedUsers() {
    Map<String, Object> record = Samples.cloudTrail("ec2_CreateVpc_1");
    Map<String, Object> root =
        Map.of(
            "type", "Root",
            "principalId", "123837392027",
            "arn", "arn:aws:iam::123837392027:root",
            "accountId", "123837392027");
    Map<String, Object> federated =
        Map.of(
            "type", "FederatedUser",
            "principalId", "123837392027:Bob",
            "arn", "arn:aws:sts::123837392027:federated-user/Bob",
            "accountId", "123837392027");
    Map<String, Object> unknown =
        Map.of("type", "SomethingNew", "arn", "arn:aws:iam::123837392027:thing/path/Carol");

    assertThat(decoder.decodeRecord(Samples.with(record, "userIdentity", root)).actor().name())
        .isEqualTo("root");
    assertThat(decoder.decodeRecord(Samples.with(record, "userIdentity", federated)).actor().name())
        .isEqualTo("Bob");
    assertThat(decoder.decodeRecord(Samples.with(record, "userIdentity", unknown)).actor().name())
        .isEqualTo("Carol");
    assertThat(decoder.decodeRecord(Samples.with(record, "userIdentity", null)).actor())
        .isEqualTo(Actor.UNKNOWN);
  }

  @Test
  void treatsAConsoleSignInAsReadOnly() {
    AuditEvent event = decode("signin_ConsoleLogin_1");

    assertThat(event.readOnly()).isTrue();
    assertThat(event.attributes()).containsEntry("aws.eventType", "AwsConsoleSignIn");
    assertThat(event.actor().name()).isEqualTo("bert-jan");
    assertThat(event.request()).isEmpty();
    assertThat(event.response()).containsEntry("ConsoleLogin", "Success");
  }

  @Test
  void stripsTheSquareBracketsAroundS3UserAgents() {
    AuditEvent event = decode("s3_CreateBucket_1");

    assertThat(event.userAgent())
        .startsWith("APN/1.0 HashiCorp/1.0 Terraform/1.1.2 ")
        .endsWith("HashiCorp-terraform-exec/0.17.3");
    assertThat(CloudTrailDecoder.userAgent("[]")).isEmpty();
    assertThat(CloudTrailDecoder.userAgent("[")).isEqualTo("[");
    assertThat(CloudTrailDecoder.userAgent("a [b]")).isEqualTo("a [b]");
  }

  @Test
  void nullRequestOrResponseBecomesEmpty() {
    AuditEvent event = decode("s3_CreateBucket_1");

    assertThat(event.response()).isEmpty();
    assertThat(event.request())
        .containsEntry("bucketName", "stratus-red-team-ctlr-bucket-zqfsvooxqj");
  }

  @Test
  void listsTheArnsOfTheRecordsResources() {
    assertThat(decode("s3_PutBucketPolicy_1").resources())
        .containsExactly("arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk");
    assertThat(decode("ssm_PutParameter_1").resources())
        .containsExactly(
            "arn:aws:ssm:us-east-1:123837392027:parameter/credentials/stratus-red-team/credentials-34");
    assertThat(decode("ec2_RunInstances_1").resources()).isEmpty();
  }

  @Test
  void everyFailedCallInNoiseHasItsErrorCode() {
    List<Map<String, Object>> records = Samples.cloudTrailRecords("noise");
    List<AuditEvent> events = records.stream().map(decoder::decodeRecord).toList();

    assertThat(events.subList(0, 12)).allSatisfy(event -> assertThat(event.failed()).isTrue());
    assertThat(events.subList(12, 20)).allSatisfy(event -> assertThat(event.failed()).isFalse());
    assertThat(events.stream().map(AuditEvent::errorCode).toList().subList(0, 12))
        .containsExactly(
            "Client.InvalidParameterValue",
            "Client.InvalidParameterValue",
            "Client.VpcLimitExceeded",
            "BucketNotEmpty",
            "AccessDenied",
            "InvalidDBInstanceStateFault",
            "InvalidParameterValueException",
            "ThrottlingException",
            "AccessDenied",
            "TrailNotFoundException",
            "NoSuchEntityException",
            "Client.InvalidVpcID.NotFound");
    assertThat(events.get(2).attributes())
        .containsEntry("aws.errorMessage", "The maximum number of VPCs has been reached.");
  }

  @Test
  void everySuccessfulReadInNoiseIsReadOnly() {
    List<AuditEvent> events =
        Samples.cloudTrailRecords("noise").stream().map(decoder::decodeRecord).toList();

    assertThat(events.subList(12, 20)).allSatisfy(event -> assertThat(event.readOnly()).isTrue());
    assertThat(events.subList(12, 20).stream().map(AuditEvent::action))
        .containsExactly(
            "DescribeInstances",
            "GetBucketAcl",
            "DescribeDBInstances",
            "ListUsers",
            "Decrypt",
            "DescribeRegions",
            "GetFunction20150331v2",
            "GetCallerIdentity");
    assertThat(events.get(16).attributes())
        .containsEntry("aws.invokedBy", "secretsmanager.amazonaws.com");
    assertThat(events.get(13).userAgent()).startsWith("S3Console/0.4");
  }

  @Test
  void anErrorMessageWithoutCodeIsAFailure() {
    // A failed console sign-in: CloudTrail writes errorMessage and no errorCode.
    Map<String, Object> record =
        Samples.with(
            Samples.cloudTrail("signin_ConsoleLogin_1"), "errorMessage", "Failed authentication");

    AuditEvent event = decoder.decodeRecord(record);

    assertThat(event.errorCode()).isEqualTo("Error");
    assertThat(event.failed()).isTrue();
    assertThat(event.attributes()).containsEntry("aws.errorMessage", "Failed authentication");
  }

  @Test
  void marksEc2DryRunCallsAsFailedDryRuns() {
    Map<String, Object> record =
        Samples.with(
            Samples.cloudTrail("ec2_RunInstances_1"), "errorCode", "Client.DryRunOperation");

    AuditEvent event = decoder.decodeRecord(record);

    assertThat(event.failed()).isTrue();
    assertThat(event.attributes()).containsEntry("aws.dryRun", "true");
  }

  @Test
  void withoutAReadOnlyFieldJudgesByTheEventName() {
    Map<String, Object> describe =
        Samples.with(Samples.cloudTrailRecords("noise").get(12), "readOnly", null);
    Map<String, Object> run =
        Samples.with(Samples.cloudTrail("ec2_RunInstances_1"), "readOnly", null);

    assertThat(decoder.decodeRecord(describe).readOnly()).isTrue();
    assertThat(decoder.decodeRecord(run).readOnly()).isFalse();
    assertThat(CloudTrailDecoder.readsByName("GetFunction20150331v2")).isTrue();
    assertThat(CloudTrailDecoder.readsByName("Query")).isTrue();
    assertThat(CloudTrailDecoder.readsByName("HeadObject")).isTrue();
    assertThat(CloudTrailDecoder.readsByName("Getaway")).isFalse();
    assertThat(CloudTrailDecoder.readsByName("PutBucketPolicy")).isFalse();
  }

  @Test
  void theReadOnlyFieldWinsOverTheEventName() {
    // sts:GetFederationToken creates credentials; CloudTrail says readOnly false.
    assertThat(decode("sts_GetFederationToken_1").readOnly()).isFalse();
  }

  @Test
  void keepsTheSharedEventIdOfCrossAccountCalls() {
    Map<String, Object> record =
        Samples.with(
            Samples.cloudTrail("ec2_CreateVpc_1"),
            "sharedEventID",
            "5d1b3a6e-0000-4bbb-8ccc-000000000001");

    assertThat(decoder.decodeRecord(record).attributes())
        .containsEntry("aws.sharedEventId", "5d1b3a6e-0000-4bbb-8ccc-000000000001");
  }

  @Test
  void fallsBackToTheCallersAccountWithoutRecipientAccountId() {
    Map<String, Object> record =
        Samples.with(
            Samples.cloudTrail("bedrock_PutUseCaseForModelAccess_1"), "recipientAccountId", null);

    assertThat(decoder.decodeRecord(record).accountId()).isEqualTo("494659789341");
  }

  @Test
  void decodesTheRecordInsideAnEventBridgeEnvelope() {
    Map<String, Object> record = Samples.cloudTrail("ec2_RunInstances_1");
    Map<String, Object> envelope = eventBridgeEnvelope(record);

    assertThat(decoder.accepts(envelope)).isTrue();
    List<AuditEvent> events = decoder.decode(envelope);

    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.eventId()).isEqualTo("8c9d5d59-f65e-4d38-a71b-6d712487cd91");
    assertThat(event.attributes())
        .containsEntry("aws.eventBridgeId", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    AuditEvent bare = decoder.decodeRecord(record);
    assertThat(event.actor()).isEqualTo(bare.actor());
    assertThat(event.request()).isEqualTo(bare.request());
    assertThat(event.response()).isEqualTo(bare.response());
  }

  /** An EventBridge "AWS API Call via CloudTrail" event, as EventBridge delivers it. */
  static Map<String, Object> eventBridgeEnvelope(Map<String, Object> record) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("version", "0");
    envelope.put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    envelope.put("detail-type", "AWS API Call via CloudTrail");
    envelope.put("source", "aws.ec2");
    envelope.put("account", record.get("recipientAccountId"));
    envelope.put("time", record.get("eventTime"));
    envelope.put("region", record.get("awsRegion"));
    envelope.put("resources", List.of());
    envelope.put("detail", record);
    return envelope;
  }

  @Test
  void decodesEveryRecordOfALogFileObject() {
    Map<String, Object> file = JsonTrees.parseObject(Samples.bytes("cloudtrail/noise.json"));

    assertThat(decoder.accepts(file)).isTrue();
    assertThat(decoder.decode(file)).hasSize(20);
  }

  @Test
  void namesTheRecordAndTheMissingField() {
    Map<String, Object> noTime =
        Samples.with(Samples.cloudTrail("ec2_CreateVpc_1"), "eventTime", null);
    Map<String, Object> badTime =
        Samples.with(Samples.cloudTrail("ec2_CreateVpc_1"), "eventTime", "10 July 2023");

    assertThatThrownBy(() -> decoder.decodeRecord(noTime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CloudTrail record f5e4b2d3-a4a2-4a78-b81f-9036f12b623e has no eventTime");
    assertThatThrownBy(() -> decoder.decodeRecord(badTime))
        .hasMessageContaining("eventTime '10 July 2023' is not an ISO-8601 instant");
    assertThatThrownBy(() -> decoder.decode(Map.of("Records", List.of(noTime))))
        .hasMessageStartingWith("Records[0]: CloudTrail record f5e4b2d3");
  }

  @Test
  void acceptsOnlyCloudTrailShapes() {
    assertThat(decoder.accepts(Samples.cloudTrail("ec2_CreateVpc_1"))).isTrue();
    assertThat(decoder.accepts(Samples.gcpEntries().get(0))).isFalse();
    assertThat(decoder.accepts(Map.of("detail-type", "Scheduled Event", "detail", Map.of())))
        .isFalse();
    assertThat(decoder.format()).isEqualTo("cloudtrail");
  }
}
