package com.example.tfdrift.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.PluginHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin against an in-process EC2 (and STS, container and instance metadata endpoints) that
 * speaks the real Query API: what it calls, how it signs, and what it tells notifiers.
 */
class TerminationProtectionPluginTest {
  private static final String INSTANCE = "i-0abc123def4567890";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T09:30:01Z"), ZoneOffset.UTC);
  private static final Map<String, String> KEYS =
      Map.of(
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLEsession");

  @TempDir Path dir;
  private final FakeAws aws;

  TerminationProtectionPluginTest() throws Exception {
    aws = new FakeAws();
    aws.instances.add(INSTANCE);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private PluginHarness harness(Map<String, String> env, Map<String, ?> config) {
    Map<String, Object> all = new HashMap<>(config);
    all.putIfAbsent("endpoint", aws.url());
    return PluginHarness.of(new TerminationProtectionProvider(env, CLOCK)).config(all).start();
  }

  /** aws_instance.web (protected in state) had termination protection switched off by alice. */
  static DriftEvent protectionOff() {
    return drift(
        "aws_instance.web",
        "123456789012",
        new DriftEvent.Change("disable_api_termination", Optional.of(true), Optional.of(false)));
  }

  static DriftEvent drift(String address, String account, DriftEvent.Change change) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    DriftEvent.Event e = d.event();
    return new DriftEvent(
        d.id(),
        DriftKind.MODIFIED,
        d.severity(),
        "aws",
        new DriftEvent.Resource(
            address,
            "aws_instance",
            address.substring(address.lastIndexOf('.') + 1),
            INSTANCE,
            address.startsWith("module.") ? address.substring(0, address.indexOf(".aws_")) : "",
            "prod"),
        List.of(change),
        d.actor(),
        new DriftEvent.Event(
            e.id(),
            e.source(),
            e.name(),
            e.time(),
            e.region(),
            account,
            e.sourceIp(),
            e.userAgent()),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        Optional.empty());
  }

  @Test
  void byDefaultOnlyADryRunAsksEc2WhetherItCould() {
    try (PluginHarness harness = harness(KEYS, Map.of())) {
      DriftEvent delivered = harness.drift(protectionOff());

      assertThat(aws.calls("ModifyInstanceAttribute"))
          .singleElement()
          .satisfies(
              call ->
                  assertThat(call.params())
                      .containsEntry("DryRun", "true")
                      .containsEntry("DisableApiTermination.Value", "true")
                      .containsEntry("InstanceId", INSTANCE));
      assertThat(delivered.labels())
          .containsEntry(
              "remediation",
              "dry run: EC2 confirms termination protection on "
                  + INSTANCE
                  + " can be re-enabled; set dry_run: false to do it");
      assertThat(harness.counter("remediations", Map.of("outcome", "dry_run"))).isEqualTo(1);
    }
  }

  @Test
  void reEnablesProtectionWithASignedQueryApiCall() {
    try (PluginHarness harness = harness(KEYS, Map.of("dry_run", false))) {
      DriftEvent delivered = harness.drift(protectionOff());

      FakeAws.Call call = aws.calls("ModifyInstanceAttribute").get(0);
      assertThat(call.params())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "Action", "ModifyInstanceAttribute",
                  "Version", "2016-11-15",
                  "InstanceId", INSTANCE,
                  "DisableApiTermination.Value", "true"));
      assertThat(call.headers())
          .containsEntry("x-amz-date", "20261123T093001Z")
          .containsEntry("x-amz-security-token", "FwoGZXIvYXdzEXAMPLEsession")
          .containsEntry("content-type", "application/x-www-form-urlencoded; charset=utf-8");
      assertThat(call.headers().get("authorization"))
          .startsWith(
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/ec2/aws4_request,"
                  + " SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"
                  + " Signature=")
          .matches(".*Signature=[0-9a-f]{64}");
      assertThat(delivered.labels())
          .containsEntry(
              "remediation",
              "re-enabled termination protection on "
                  + INSTANCE
                  + " (request "
                  + FakeAws.REQUEST_ID
                  + ")");
      assertThat(harness.counter("remediations", Map.of("outcome", "applied"))).isEqualTo(1);
      assertThat(harness.logs(System.Logger.Level.INFO))
          .contains(
              "aws_instance.web: re-enabled termination protection on "
                  + INSTANCE
                  + " (request "
                  + FakeAws.REQUEST_ID
                  + ")");
    }
  }

  @Test
  void leavesOtherDriftAloneWithoutCallingAws() {
    try (PluginHarness harness = harness(KEYS, Map.of("dry_run", false))) {
      for (DriftEvent other :
          List.of(
              DriftEvents.instanceTypeChanged(),
              drift(
                  "aws_instance.web",
                  "123456789012",
                  new DriftEvent.Change(
                      "disable_api_termination", Optional.of(false), Optional.of(true))),
              drift(
                  "aws_instance.web",
                  "123456789012",
                  new DriftEvent.Change(
                      "disable_api_termination", Optional.empty(), Optional.of("false"))))) {
        assertThat(harness.drift(other).labels()).doesNotContainKey("remediation");
      }
      assertThat(aws.calls()).isEmpty();
      assertThat(harness.counters()).isEmpty();
    }
  }

  @Test
  void skipsResourcesOutsideAllowedResourcesAndExcludedAccounts() {
    try (PluginHarness harness =
        harness(
            KEYS,
            Map.of(
                "dry_run", false,
                "allowed_resources", List.of("module.prod.aws_instance.*"),
                "excluded_accounts", List.of("210987654321")))) {
      assertThat(harness.drift(protectionOff()).labels())
          .containsEntry("remediation", "skipped: aws_instance.web is not in allowed_resources");
      DriftEvent excluded =
          drift(
              "module.prod.aws_instance.api",
              "210987654321",
              new DriftEvent.Change(
                  "disable_api_termination", Optional.of(true), Optional.of(false)));
      assertThat(harness.drift(excluded).labels())
          .containsEntry("remediation", "skipped: account 210987654321 is in excluded_accounts");
      DriftEvent allowed =
          drift(
              "module.prod.aws_instance.api",
              "123456789012",
              new DriftEvent.Change(
                  "disable_api_termination", Optional.of("true"), Optional.of("false")));
      assertThat(harness.drift(allowed).labels().get("remediation")).startsWith("re-enabled");
      assertThat(harness.counter("remediations", Map.of("outcome", "skipped"))).isEqualTo(2);
      assertThat(aws.calls("ModifyInstanceAttribute")).hasSize(1);
    }
  }

  @Test
  void reportsWhatEc2RefusedWithoutItsEncodedMessage() {
    aws.forbidden.add(INSTANCE);
    try (PluginHarness harness = harness(KEYS, Map.of("dry_run", false))) {
      String label = harness.drift(protectionOff()).labels().get("remediation");
      assertThat(label)
          .startsWith(
              "failed to re-enable termination protection on "
                  + INSTANCE
                  + ": UnauthorizedOperation: You are not authorized to perform this operation.")
          .contains("ec2:ModifyInstanceAttribute")
          .doesNotContain("Encoded authorization failure message");
      assertThat(harness.counter("remediations", Map.of("outcome", "failed"))).isEqualTo(1);
      assertThat(harness.logs(System.Logger.Level.WARNING))
          .singleElement()
          .asString()
          .contains("UnauthorizedOperation");
    }
    aws.instances.clear();
    try (PluginHarness harness = harness(KEYS, Map.of())) {
      assertThat(harness.drift(protectionOff()).labels().get("remediation"))
          .contains(
              "InvalidInstanceID.NotFound: The instance ID '" + INSTANCE + "' does not exist");
    }
  }

  @Test
  void getsCredentialsFromAWebIdentityThroughSts() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.pod-token\n");
    Map<String, String> irsa =
        Map.of(
            "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/tfdrift-remediation",
            "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
            "AWS_ENDPOINT_URL_STS", aws.url());
    try (PluginHarness harness = harness(irsa, Map.of("dry_run", false))) {
      harness.drift(protectionOff());
      harness.drift(protectionOff());
    }
    assertThat(aws.calls("AssumeRoleWithWebIdentity"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.params())
                    .containsEntry("RoleArn", "arn:aws:iam::123456789012:role/tfdrift-remediation")
                    .containsEntry("RoleSessionName", "tfdrift-remediation"));
    assertThat(aws.calls("ModifyInstanceAttribute"))
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.headers().get("authorization")).contains("Credential=ASIAWEBIDENTITY/");
              assertThat(c.headers())
                  .containsEntry("x-amz-security-token", "FwoGZXIvYXdzEXAMPLEwebidentity");
            });
  }

  @Test
  void reportsAWebIdentityThatStsRejects() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "expired");
    Map<String, String> irsa =
        Map.of(
            "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/tfdrift-remediation",
            "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
            "AWS_ENDPOINT_URL_STS", aws.url());
    try (PluginHarness harness = harness(irsa, Map.of())) {
      assertThat(harness.drift(protectionOff()).labels().get("remediation"))
          .contains(
              "RequestFailed: STS AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/tfdrift-remediation failed (400 InvalidIdentityToken)")
          .contains("trust policy");
    }
    assertThat(aws.calls("ModifyInstanceAttribute")).isEmpty();
  }

  @Test
  void getsCredentialsFromAContainerEndpointAndFromInstanceMetadata() throws Exception {
    Path token = dir.resolve("pod-token");
    Files.writeString(token, "pod-identity-token");
    Map<String, String> podIdentity =
        Map.of(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            aws.url() + "/v2/credentials/abc",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token.toString());
    try (PluginHarness harness = harness(podIdentity, Map.of())) {
      assertThat(harness.drift(protectionOff()).labels().get("remediation")).startsWith("dry run");
    }
    try (PluginHarness harness =
        harness(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.url()), Map.of())) {
      assertThat(harness.drift(protectionOff()).labels().get("remediation")).startsWith("dry run");
    }
    assertThat(aws.calls("ModifyInstanceAttribute"))
        .extracting(c -> c.headers().get("authorization"))
        .satisfiesExactly(
            a -> assertThat(a).contains("Credential=ASIACONTAINER/"),
            a -> assertThat(a).contains("Credential=ASIAINSTANCE/"));
  }

  @Test
  void withoutCredentialsSaysWhereItLooked() {
    try (PluginHarness harness = harness(Map.of("AWS_EC2_METADATA_DISABLED", "true"), Map.of())) {
      assertThat(harness.drift(protectionOff()).labels().get("remediation"))
          .contains("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    assertThat(aws.calls()).isEmpty();
  }

  @Test
  void rejectsBadConfigurationNamingTheKey() {
    assertThatThrownBy(() -> harness(KEYS, Map.of("excluded_accounts", List.of("prod"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "plugins[0].config.excluded_accounts: 'prod' is not an AWS account id");
    assertThatThrownBy(() -> harness(KEYS, Map.of("endpoint", "ec2.local")))
        .hasMessageStartingWith("plugins[0].config.endpoint: 'ec2.local' is not an http(s) URL");
    assertThatThrownBy(() -> harness(KEYS, Map.of("allowed_resources", List.of())))
        .hasMessageStartingWith("plugins[0].config.allowed_resources: is empty");
    try (PluginHarness harness = harness(KEYS, Map.of("request_timeout", "2s", "dry_run", true))) {
      assertThat(harness.unknownKeys()).isEmpty();
    }
  }
}
