package io.tfdrift.state.gcp;

import com.google.cloud.BaseServiceException;
import io.tfdrift.api.StateException;

/**
 * Turns Cloud Storage failures into {@link StateException}s naming the state, the object, the
 * permission that is missing and the role that grants it.
 */
final class GcsFailures {

  private final String location;
  private final String bucket;
  private final String keyPath;
  private final GcpCredentials credentials;

  GcsFailures(String location, String bucket, String keyPath, GcpCredentials credentials) {
    this.location = location;
    this.bucket = bucket;
    this.keyPath = keyPath;
    this.credentials = credentials;
  }

  /** A failed read (metadata or content) of one object. */
  StateException onGet(String name, RuntimeException e) {
    String object = "gs://" + bucket + "/" + name;
    int code = code(e);
    if (code == 403) {
      return fail(
          "permission denied reading "
              + object
              + " (HTTP 403); the caller needs storage.objects.get on it: grant"
              + " roles/storage.objectViewer on bucket "
              + bucket
              + " (or a custom role with storage.objects.get). Google said: "
              + message(e),
          e);
    }
    if (code == 404) {
      return missing(name);
    }
    return common(e, "reading " + object);
  }

  /** A failed listing. */
  StateException onList(String prefix, RuntimeException e) {
    String listing = "gs://" + bucket + "/" + prefix + "*";
    int code = code(e);
    if (code == 403) {
      return fail(
          "permission denied listing "
              + listing
              + " (HTTP 403); reading all workspaces needs storage.objects.list on bucket "
              + bucket
              + ": grant roles/storage.objectViewer (it has storage.objects.get and"
              + " storage.objects.list). Google said: "
              + message(e),
          e);
    }
    if (code == 404) {
      return noBucket(e);
    }
    return common(e, "listing " + listing);
  }

  /** An object that does not exist. */
  StateException missing(String name) {
    return fail(
        "gs://"
            + bucket
            + "/"
            + name
            + " does not exist; check "
            + key("gcs_bucket")
            + ", "
            + key("gcs_prefix")
            + "/"
            + key("gcs_object")
            + " and "
            + key("workspaces")
            + " (Terraform keeps workspace <w> at <prefix>/<w>.tfstate), or apply the"
            + " configuration that writes this state",
        null);
  }

  /** A bucket that does not exist. */
  StateException noBucket(Exception e) {
    return fail(
        "bucket '"
            + bucket
            + "' does not exist; check "
            + key("gcs_bucket")
            + credentials
                .endpoint()
                .map(u -> " and " + key("endpoint") + " (" + u + ")")
                .orElse(""),
        e);
  }

  private StateException common(RuntimeException e, String doing) {
    int code = code(e);
    if (code == 401) {
      return fail(
          "Cloud Storage rejected the credentials while "
              + doing
              + " (HTTP 401); they come from "
              + credentials.describe()
              + ": check "
              + key("credentials_file")
              + " or the ADC set-up. Google said: "
              + message(e),
          e);
    }
    if (code == 429 || code >= 500) {
      return fail(
          "Cloud Storage kept failing while "
              + doing
              + " (HTTP "
              + code
              + ") through its retries with backoff; the next refresh tries again. If this"
              + " repeats, lengthen refresh_interval or raise "
              + key("max_attempts"),
          e);
    }
    if (code <= 0) {
      return fail(
          "cannot reach Cloud Storage"
              + credentials.endpoint().map(u -> " at " + u).orElse("")
              + " while "
              + doing
              + ": "
              + message(e),
          e);
    }
    return fail("Cloud Storage failed " + doing + " (HTTP " + code + "): " + message(e), e);
  }

  private StateException fail(String problem, Exception cause) {
    return cause == null
        ? new StateException(location + ": " + problem)
        : new StateException(location + ": " + problem, cause);
  }

  private String key(String name) {
    return keyPath.isEmpty() ? name : keyPath + "." + name;
  }

  private static int code(RuntimeException e) {
    return e instanceof BaseServiceException service ? service.getCode() : 0;
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
