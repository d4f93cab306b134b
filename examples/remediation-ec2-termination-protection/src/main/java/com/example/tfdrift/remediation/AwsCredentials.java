package com.example.tfdrift.remediation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS credentials for signing, with where they came from.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key; never printed
 * @param sessionToken the session token of temporary credentials, empty for long-term keys
 * @param expiration when temporary credentials expire
 * @param source where they came from, e.g. {@code environment}, for logs
 */
record AwsCredentials(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Optional<Instant> expiration,
    String source) {

  AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(expiration, "expiration");
    Objects.requireNonNull(source, "source");
  }

  /** Whether they expire within the margin, so that a request signed now could fail. */
  boolean expiresBefore(Instant instant) {
    return expiration.isPresent() && expiration.get().isBefore(instant);
  }

  @Override
  public String toString() {
    return "AwsCredentials[" + accessKeyId + " from " + source + "]";
  }
}
