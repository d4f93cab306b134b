package io.tfdrift.state.aws;

import io.tfdrift.api.StateException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns S3, STS and client failures into {@link StateException}s that name the state, the object,
 * what went wrong and the fix: the IAM action to grant, the key to check.
 */
final class S3Failures {

  private static final Set<String> THROTTLING =
      Set.of(
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled");

  private static final Set<String> REJECTED_CREDENTIALS =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired");

  private final String location;
  private final String bucket;
  private final String keyPath;
  private final AwsConnection connection;

  /**
   * @param location the backend's location, which starts every message
   * @param bucket the bucket
   * @param keyPath the configuration path of the state section, e.g. {@code providers.aws.state}
   * @param connection the connection, for the region, endpoint and role in messages
   */
  S3Failures(String location, String bucket, String keyPath, AwsConnection connection) {
    this.location = location;
    this.bucket = bucket;
    this.keyPath = keyPath;
    this.connection = connection;
  }

  /** A failed {@code GetObject}. */
  StateException onGet(String key, SdkException e) {
    String object = "s3://" + bucket + "/" + key;
    if (!(e instanceof AwsServiceException service) || stsFailure(e) != null) {
      return onClient("reading " + object, e);
    }
    String code = code(service);
    if ("NoSuchKey".equals(code) || (code.isEmpty() && service.statusCode() == 404)) {
      return fail(
          object
              + " does not exist (NoSuchKey); check "
              + key("s3_key")
              + " and "
              + key("workspaces")
              + " (Terraform keeps workspace <w> at <workspace_key_prefix>/<w>/<key>), or apply"
              + " the configuration that writes this state",
          e);
    }
    if ("AccessDenied".equals(code) && mentionsKms(service)) {
      return fail(
          "access denied decrypting "
              + object
              + " (AccessDenied from KMS); grant kms:Decrypt on the bucket's KMS key to the"
              + " caller, in its IAM policy and in the key policy. AWS said: "
              + awsMessage(service),
          e);
    }
    if ("AccessDenied".equals(code) || "Forbidden".equals(code)) {
      return fail(
          "access denied reading "
              + object
              + " (AccessDenied); grant s3:GetObject on arn:aws:s3:::"
              + bucket
              + "/"
              + key
              + ", and kms:Decrypt on the bucket's KMS key if the state is encrypted with SSE-KMS."
              + " Without s3:ListBucket on arn:aws:s3:::"
              + bucket
              + " S3 also answers AccessDenied for an object that does not exist."
              + roleHint()
              + " AWS said: "
              + awsMessage(service),
          e);
    }
    return common(service, "reading " + object);
  }

  /** A failed {@code ListObjectsV2}. */
  StateException onList(String prefix, SdkException e) {
    String listing = "s3://" + bucket + "/" + prefix + "*";
    if (!(e instanceof AwsServiceException service) || stsFailure(e) != null) {
      return onClient("listing " + listing, e);
    }
    String code = code(service);
    if ("AccessDenied".equals(code) || "Forbidden".equals(code)) {
      return fail(
          "access denied listing "
              + listing
              + " (AccessDenied); a glob in "
              + key("s3_key")
              + " or workspaces: all needs s3:ListBucket on arn:aws:s3:::"
              + bucket
              + " (a condition on s3:prefix may narrow it to '"
              + prefix
              + "*'), besides s3:GetObject on the objects."
              + roleHint()
              + " AWS said: "
              + awsMessage(service),
          e);
    }
    return common(service, "listing " + listing);
  }

  private StateException common(AwsServiceException e, String doing) {
    String code = code(e);
    if ("NoSuchBucket".equals(code)) {
      return fail(
          "bucket '"
              + bucket
              + "' does not exist (NoSuchBucket); check "
              + key("s3_bucket")
              + connection
                  .endpoint()
                  .map(u -> " and " + key("endpoint") + " (" + u + ")")
                  .orElse(""),
          e);
    }
    if (THROTTLING.contains(code) || e.statusCode() == 429 || e.statusCode() == 503) {
      return fail(
          "S3 kept throttling "
              + doing
              + " ("
              + describe(e)
              + ") through "
              + connection.maxAttempts()
              + " attempts with backoff; the next refresh tries again. If this repeats, lengthen"
              + " refresh_interval or raise "
              + key("max_attempts"),
          e);
    }
    if (REJECTED_CREDENTIALS.contains(code)) {
      return fail(
          "S3 rejected the AWS credentials while "
              + doing
              + " ("
              + code
              + "); check where they come from: "
              + key("access_key")
              + "/secret_key, "
              + key("profile")
              + ", or the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, web identity, instance"
              + " or task role). AWS said: "
              + awsMessage(e),
          e);
    }
    if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
      return fail(
          "bucket '"
              + bucket
              + "' is not in region "
              + connection.region()
              + " ("
              + code
              + "); set "
              + key("s3_region")
              + " to the bucket's region",
          e);
    }
    return fail("S3 failed " + doing + ": " + describe(e) + ": " + awsMessage(e), e);
  }

  private StateException onClient(String doing, SdkException e) {
    StsException sts = stsFailure(e);
    if (sts != null) {
      return fail(
          "cannot assume role "
              + connection.roleArn().orElse("?")
              + " ("
              + describe(sts)
              + "); the caller needs sts:AssumeRole on that role, and the role's trust policy must"
              + " allow the caller (and the external_id, if set). Check "
              + key("role_arn")
              + ". AWS said: "
              + awsMessage(sts),
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("credentials")) {
      return fail(
          "no usable AWS credentials while "
              + doing
              + " ("
              + message
              + "); provide them through the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, web identity, an instance or task role), or check "
              + key("profile")
              + " / "
              + key("access_key"),
          e);
    }
    return fail(
        "cannot reach S3 "
            + connection.endpoint().map(u -> "at " + u + " ").orElse("in " + connection.region())
            + " while "
            + doing
            + ": "
            + message,
        e);
  }

  /** The STS failure behind a failed call, or null: credentials resolution may wrap it. */
  private static StsException stsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StsException sts) {
        return sts;
      }
    }
    return null;
  }

  private String roleHint() {
    return connection
        .roleArn()
        .map(r -> " The request was made as role " + r + ", so the grants belong to that role.")
        .orElse("");
  }

  private StateException fail(String problem, Exception cause) {
    return new StateException(location + ": " + problem, cause);
  }

  private String key(String name) {
    return keyPath.isEmpty() ? name : keyPath + "." + name;
  }

  private static boolean mentionsKms(AwsServiceException e) {
    return awsMessage(e).toLowerCase(Locale.ROOT).contains("kms");
  }

  private static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "" : code;
  }

  private static String describe(AwsServiceException e) {
    String code = code(e);
    return (code.isEmpty() ? "" : code + ", ") + "HTTP " + e.statusCode();
  }

  private static String awsMessage(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message == null || message.isBlank() ? "(no message)" : message;
  }
}
