package io.tfdrift.testkit;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic {@link AuditEvent}s for tests: every part that a real CloudTrail record or GCP audit
 * entry carries is filled in, so only what a test is about needs to be set.
 *
 * <pre>{@code
 * AuditEvent event = AuditEvents.aws("ec2.amazonaws.com", "ModifyInstanceAttribute")
 *     .request(Map.of("instanceId", "i-0abc", "instanceType", Map.of("value", "t3.large")))
 *     .build();
 * }</pre>
 */
public final class AuditEvents {
  /** The account id used by {@link #aws}. */
  public static final String ACCOUNT_ID = "123456789012";

  /** The project id used by {@link #gcp}. */
  public static final String PROJECT_ID = "acme-prod";

  /** The time every fixture event happens at, unless set. */
  public static final Instant TIME = Instant.parse("2026-11-23T09:30:00Z");

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private AuditEvents() {}

  /**
   * A successful AWS call made by IAM user {@code alice} with the AWS CLI.
   *
   * @param eventSource the service, e.g. {@code ec2.amazonaws.com}
   * @param eventName the call, e.g. {@code ModifyInstanceAttribute}
   * @return a builder with realistic defaults
   */
  public static AuditEvent.Builder aws(String eventSource, String eventName) {
    return AuditEvent.builder()
        .provider("aws")
        .service(eventSource)
        .action(eventName)
        .eventId(String.format("00000000-0000-4000-8000-%012d", SEQUENCE.incrementAndGet()))
        .time(TIME)
        .actor(
            new Actor(
                "IAMUser",
                "alice",
                "arn:aws:iam::" + ACCOUNT_ID + ":user/alice",
                "AIDAEXAMPLEALICE",
                ACCOUNT_ID))
        .accountId(ACCOUNT_ID)
        .region("us-east-1")
        .sourceIp("203.0.113.10")
        .userAgent("aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64.ubuntu.22")
        .request(Map.of())
        .response(Map.of());
  }

  /**
   * A successful GCP call made by user {@code alice@example.com} with gcloud.
   *
   * @param serviceName the service, e.g. {@code compute.googleapis.com}
   * @param methodName the method, e.g. {@code v1.compute.instances.setLabels}
   * @return a builder with realistic defaults
   */
  public static AuditEvent.Builder gcp(String serviceName, String methodName) {
    return AuditEvent.builder()
        .provider("gcp")
        .service(serviceName)
        .action(methodName)
        .eventId("gcp-" + SEQUENCE.incrementAndGet())
        .time(TIME)
        .actor(new Actor("User", "alice@example.com", "user:alice@example.com", "", PROJECT_ID))
        .accountId(PROJECT_ID)
        .region("europe-west1")
        .sourceIp("203.0.113.20")
        .userAgent("google-cloud-sdk gcloud/470.0.0");
  }

  /**
   * An actor that is Terraform's CI role, whose calls are the apply and never drift.
   *
   * @return the actor
   */
  public static Actor terraformRole() {
    return new Actor(
        "AssumedRole",
        "terraform-ci",
        "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/terraform-apply/terraform-ci",
        "AROAEXAMPLETF:terraform-ci",
        ACCOUNT_ID);
  }
}
