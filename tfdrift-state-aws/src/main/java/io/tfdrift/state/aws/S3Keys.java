package io.tfdrift.state.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which objects of a bucket one {@code s3} state reads, from {@code s3_key}, {@code workspaces} and
 * {@code workspace_key_prefix}, laid out as Terraform's S3 backend stores them: the default
 * workspace at {@code <key>}, workspace {@code w} at {@code <workspace_key_prefix>/w/<key>}.
 *
 * <p>Either every object is named exactly (read with conditional GETs, needing only {@code
 * s3:GetObject}), or they are found by listing (a glob in {@code s3_key}, or {@code workspaces:
 * all}; needs {@code s3:ListBucket} too).
 *
 * @param exact the objects named exactly; empty when listing
 * @param listings what to list; empty when every object is named exactly
 */
record S3Keys(List<Exact> exact, List<Listing> listings) {

  /** The workspace Terraform uses when none is selected. */
  static final String DEFAULT_WORKSPACE = "default";

  /** Every workspace. */
  static final String ALL = "all";

  private static final String SUFFIX = ".tfstate";

  S3Keys {
    exact = List.copyOf(exact);
    listings = List.copyOf(listings);
  }

  /** One object named exactly. */
  record Exact(String key, String workspace) {}

  /**
   * Objects found by listing {@code prefix}. A key matching {@code pattern} is a state; group
   * {@code ws} names its workspace when {@code workspace} is empty (any workspace), and group
   * {@code rel} is its path below the glob's fixed directory when {@code glob} is set.
   */
  record Listing(String prefix, Pattern pattern, String workspace, boolean glob) {

    /** The document's workspace name for a listed key, or empty if the key does not match. */
    Optional<String> nameOf(String key) {
      Matcher m = pattern.matcher(key);
      if (!m.matches()) {
        return Optional.empty();
      }
      String ws = workspace.isEmpty() ? m.group("ws") : workspace;
      if (!glob) {
        return Optional.of(ws);
      }
      String rel = m.group("rel");
      rel = rel.endsWith(SUFFIX) ? rel.substring(0, rel.length() - SUFFIX.length()) : rel;
      return Optional.of(ws.equals(DEFAULT_WORKSPACE) ? rel : ws + "/" + rel);
    }
  }

  /**
   * The objects for a key (or glob) and a workspace selection.
   *
   * @param key {@code s3_key}: a key, or a glob where {@code *} matches within one path segment,
   *     {@code **} across segments and {@code ?} one character
   * @param workspaces {@code [all]}, or workspace names ({@code default} is the key itself)
   * @param workspacePrefix {@code workspace_key_prefix}, e.g. {@code env:}
   */
  static S3Keys of(String key, List<String> workspaces, String workspacePrefix) {
    boolean all = workspaces.contains(ALL);
    int globAt = globIndex(key);
    if (globAt < 0 && !all) {
      List<Exact> exact = new ArrayList<>();
      for (String ws : workspaces) {
        exact.add(new Exact(keyOf(ws, key, workspacePrefix), ws));
      }
      return new S3Keys(exact, List.of());
    }
    List<Listing> listings = new ArrayList<>();
    if (all) {
      listings.add(listing("", key, globAt, DEFAULT_WORKSPACE));
      listings.add(listing(workspacePrefix + "/", key, globAt, ""));
    } else {
      for (String ws : workspaces) {
        listings.add(listing(keyOf(ws, "", workspacePrefix), key, globAt, ws));
      }
    }
    return new S3Keys(List.of(), listings);
  }

  /** Whether the state is one object. */
  boolean single() {
    return exact.size() == 1;
  }

  private static String keyOf(String workspace, String key, String workspacePrefix) {
    return workspace.equals(DEFAULT_WORKSPACE)
        ? key
        : workspacePrefix + "/" + workspace + "/" + key;
  }

  /**
   * A listing below {@code base}; an empty {@code workspace} means any workspace: the path segment
   * right after {@code base}.
   */
  private static Listing listing(String base, String key, int globAt, String workspace) {
    StringBuilder regex = new StringBuilder(Pattern.quote(base));
    if (workspace.isEmpty()) {
      regex.append("(?<ws>[^/]+)/");
    }
    if (globAt < 0) {
      regex.append(Pattern.quote(key));
      String prefix = workspace.isEmpty() ? base : base + key;
      return new Listing(prefix, Pattern.compile(regex.toString()), workspace, false);
    }
    int dir = key.lastIndexOf('/', globAt) + 1;
    regex.append(Pattern.quote(key.substring(0, dir)));
    regex.append("(?<rel>").append(globRegex(key.substring(dir))).append(')');
    String prefix = workspace.isEmpty() ? base : base + key.substring(0, globAt);
    return new Listing(prefix, Pattern.compile(regex.toString()), workspace, true);
  }

  /** {@code *} within a segment, {@code **} across segments, {@code ?} one character. */
  static String globRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      if (literal.length() > 0) {
        regex.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
      }
      if (c == '?') {
        regex.append("[^/]");
      } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        // "**/" also matches no directory at all, as in most glob dialects.
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        regex.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else {
        regex.append("[^/]*");
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }

  static int globIndex(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '*' || key.charAt(i) == '?') {
        return i;
      }
    }
    return -1;
  }
}
