package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import java.util.Map;

/**
 * What a call must look like for a row to apply, for the calls one service logs under one name for
 * different resources: API Gateway logs {@code CreateStage} for a REST API stage (the request names
 * {@code restApiId}) and for an HTTP API stage ({@code apiId}); Resource Manager logs {@code
 * SetIamPolicy} for projects, folders and organizations (the resource name says which). Written in
 * a table as {@code when:}
 *
 * <ul>
 *   <li>{@code when: request.apiId} — the path is present;
 *   <li>{@code when: {absent: request.template}} — the path is absent;
 *   <li>{@code when: {path: resource, prefix: folders/}} — the value at the path starts with the
 *       prefix;
 *   <li>{@code when: {path: resource, contains: /topics/}} — the value at the path contains the
 *       text (Pub/Sub logs one {@code SetIamPolicy} for {@code projects/p/topics/t} and {@code
 *       projects/p/subscriptions/s}).
 * </ul>
 *
 * <p>Checking a shape allocates nothing.
 */
final class CallShape {
  private enum Kind {
    PRESENT,
    ABSENT,
    PREFIX,
    CONTAINS
  }

  private final Kind kind;
  private final ValuePath path;
  private final String prefix;

  private CallShape(Kind kind, ValuePath path, String prefix) {
    this.kind = kind;
    this.path = path;
    this.prefix = prefix;
  }

  /**
   * Reads a {@code when:} entry as the tables write it.
   *
   * @param spec a path, {@code {absent: path}} or {@code {path, prefix}}
   * @return the shape
   * @throws IllegalArgumentException saying which forms are valid
   */
  static CallShape parse(Object spec) {
    if (spec instanceof String path) {
      return new CallShape(Kind.PRESENT, ValuePath.parse(path), "");
    }
    if (spec instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.get("absent") instanceof String path) {
        return new CallShape(Kind.ABSENT, ValuePath.parse(path), "");
      }
      if (m.size() == 2
          && m.get("path") instanceof String path
          && m.get("prefix") instanceof String prefix
          && !prefix.isEmpty()) {
        return new CallShape(Kind.PREFIX, ValuePath.parse(path), prefix);
      }
      if (m.size() == 2
          && m.get("path") instanceof String path
          && m.get("contains") instanceof String text
          && !text.isEmpty()) {
        return new CallShape(Kind.CONTAINS, ValuePath.parse(path), text);
      }
    }
    throw new IllegalArgumentException(
        "write a path that must be present (when: request.apiId), {absent: <path>},"
            + " {path: <path>, prefix: <text>} or {path: <path>, contains: <text>}");
  }

  /**
   * Whether a call has this shape.
   *
   * @param event the call
   * @return {@code true} if the row with this shape applies to it
   */
  boolean matches(AuditEvent event) {
    return switch (kind) {
      case PRESENT -> path.present(event);
      case ABSENT -> !path.present(event);
      case PREFIX -> path.first(event) instanceof String s && s.startsWith(prefix);
      case CONTAINS -> path.first(event) instanceof String s && s.contains(prefix);
    };
  }

  /** The shape in words, for {@code tfdrift mappings}, docs and conflict lists. */
  @Override
  public String toString() {
    return switch (kind) {
      case PRESENT -> path.toString();
      case ABSENT -> "no " + path;
      case PREFIX -> path + " starts with " + prefix;
      case CONTAINS -> path + " contains " + prefix;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallShape other && other.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
