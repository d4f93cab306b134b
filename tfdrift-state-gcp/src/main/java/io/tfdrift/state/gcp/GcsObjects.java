package io.tfdrift.state.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which objects of a bucket one {@code gcs} state reads. Terraform's gcs backend keeps workspace
 * {@code w} at {@code <prefix>/w.tfstate}. Either every object is named exactly ({@code
 * gcs_object}, or named workspaces; needs {@code storage.objects.get} only), or all workspaces are
 * found by listing the prefix (needs {@code storage.objects.list} too).
 *
 * @param exact the objects named exactly; empty when listing
 * @param listPrefix the prefix to list; empty when every object is named exactly
 */
record GcsObjects(List<Exact> exact, Optional<String> listPrefix) {

  static final String ALL = "all";
  private static final String SUFFIX = ".tfstate";

  GcsObjects {
    exact = List.copyOf(exact);
  }

  /** One object named exactly, and the workspace it holds. */
  record Exact(String name, String workspace) {}

  /** The object {@code gcs_object}; its workspace is {@code default}. */
  static GcsObjects object(String name) {
    return new GcsObjects(List.of(new Exact(name, "default")), Optional.empty());
  }

  /**
   * The workspaces under {@code gcs_prefix}.
   *
   * @param prefix the prefix without a trailing slash; empty for the bucket's root
   * @param workspaces {@code [all]} or workspace names
   */
  static GcsObjects workspaces(String prefix, List<String> workspaces) {
    String base = prefix.isEmpty() ? "" : prefix + "/";
    if (workspaces.contains(ALL)) {
      return new GcsObjects(List.of(), Optional.of(base));
    }
    List<Exact> exact = new ArrayList<>();
    for (String ws : workspaces) {
      exact.add(new Exact(base + ws + SUFFIX, ws));
    }
    return new GcsObjects(exact, Optional.empty());
  }

  boolean single() {
    return exact.size() == 1;
  }

  /** The workspace a listed object holds, or empty if it is not a workspace state. */
  Optional<String> workspaceOf(String name) {
    if (listPrefix.isEmpty()) {
      return Optional.empty();
    }
    Matcher m =
        Pattern.compile(Pattern.quote(listPrefix.get()) + "([^/]+)" + Pattern.quote(SUFFIX))
            .matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
