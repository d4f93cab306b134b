package io.tfdrift.api.spi;

import java.util.Objects;

/**
 * One Terraform state file as fetched, unparsed.
 *
 * @param workspace the Terraform workspace or key it belongs to, e.g. {@code default}, {@code
 *     prod}; distinguishes several documents from one backend
 * @param location where it came from, for messages, e.g. {@code s3://b/env:/prod/net.tfstate}
 * @param content the raw JSON bytes; not copied, so callers must not modify the array
 * @since 0.1.0
 */
public record StateDocument(String workspace, String location, byte[] content) {

  /** Validates that no part is {@code null}. */
  public StateDocument {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDocument d
        && workspace.equals(d.workspace)
        && location.equals(d.location)
        && java.util.Arrays.equals(content, d.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(workspace, location, java.util.Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "StateDocument[" + workspace + ", " + location + ", " + content.length + " bytes]";
  }
}
