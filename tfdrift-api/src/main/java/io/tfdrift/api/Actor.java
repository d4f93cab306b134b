package io.tfdrift.api;

import java.util.Objects;

/**
 * Who made a cloud call. Unknown parts are empty strings, never {@code null}.
 *
 * @param type the identity type as the cloud reports it: {@code IAMUser}, {@code AssumedRole},
 *     {@code Root}, {@code AWSService}, {@code ServiceAccount}, {@code User}, ...
 * @param name the readable name: user name, assumed-role session name, SSO user, service principal
 *     or principal e-mail
 * @param arn the ARN (AWS) or full principal (GCP), if known
 * @param principalId the provider's principal id, if known
 * @param accountId the AWS account id or GCP project of the caller, if known
 * @since 0.1.0
 */
public record Actor(String type, String name, String arn, String principalId, String accountId) {

  /** An actor about whom nothing is known. */
  public static final Actor UNKNOWN = new Actor("", "", "", "", "");

  /** Validates that no part is {@code null}. */
  public Actor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(principalId, "principalId");
    Objects.requireNonNull(accountId, "accountId");
  }
}
