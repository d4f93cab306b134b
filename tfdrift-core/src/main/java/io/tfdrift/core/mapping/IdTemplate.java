package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a mapping finds a resource's identifier: a path ({@code request.instanceId}), or a template
 * that joins paths and text ({@code "{request.roleName}:{request.policyName}"}, the id Terraform
 * gives an {@code aws_iam_role_policy}). One part of a template may visit every element ({@code
 * "{request.rule}/{request.targets[].id}"}): the template then yields one identifier per element,
 * each naming its own resource. With {@code as: arn_name} an ARN is reduced to its last segment,
 * for calls that accept either a name or an ARN; with {@code as: last_segment} a resource path is
 * reduced to its last segment ({@code projects/_/buckets/logs} → {@code logs}). A part may name the
 * value that an absent field means: {@code "{request.eventBusName|default}/{request.name}"} (a call
 * without a bus is on the default bus), or be reduced to its last segment: {@code
 * "b/{last_segment(resource)}"}.
 */
final class IdTemplate {
  private final String text;
  private final List<Object> parts;
  private final ValuePath single;
  private final int fanOutPart;
  private final String as;

  private IdTemplate(String text, List<Object> parts, String as) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.single = parts.size() == 1 && parts.get(0) instanceof ValuePath p ? p : null;
    int fanOut = -1;
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof ValuePath p && p.fansOut()) {
        fanOut = i;
      }
    }
    this.fanOutPart = single == null ? fanOut : -1;
    this.as = as;
  }

  static IdTemplate parse(String text, String as) {
    if (!List.of("", "arn_name", "last_segment").contains(as)) {
      throw new IllegalArgumentException(
          "unknown id transform 'as: " + as + "'; use arn_name or last_segment");
    }
    if (!text.contains("{")) {
      return new IdTemplate(text, List.of(ValuePath.parse(text)), as);
    }
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      if (open < 0) {
        parts.add(text.substring(i));
        break;
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("id template '" + text + "' has an unclosed '{'");
      }
      if (open > i) {
        parts.add(text.substring(i, open));
      }
      String inside = text.substring(open + 1, close);
      if (inside.startsWith(LAST_SEGMENT) && inside.endsWith(")")) {
        ValuePath path =
            ValuePath.parse(inside.substring(LAST_SEGMENT.length(), inside.length() - 1));
        if (path.fansOut()) {
          throw new IllegalArgumentException(
              "id template '" + text + "': a last_segment(...) part cannot visit every element");
        }
        parts.add(new LastSegment(path));
        i = close + 1;
        continue;
      }
      int bar = inside.indexOf('|');
      if (bar >= 0) {
        ValuePath path = ValuePath.parse(inside.substring(0, bar));
        if (path.fansOut()) {
          throw new IllegalArgumentException(
              "id template '" + text + "': a part with a default cannot visit every element");
        }
        parts.add(new Defaulted(path, inside.substring(bar + 1)));
        i = close + 1;
        continue;
      }
      ValuePath path = ValuePath.parse(inside);
      if (path.fansOut() && parts.stream().anyMatch(p -> p instanceof ValuePath v && v.fansOut())) {
        throw new IllegalArgumentException(
            "id template '" + text + "': only one part of a template may visit every element ([])");
      }
      parts.add(path);
      i = close + 1;
    }
    return new IdTemplate(text, parts, as);
  }

  /** Whether each value is a separate resource. */
  boolean fansOut() {
    return (single != null && single.fansOut()) || fanOutPart >= 0;
  }

  /**
   * The one identifier of a plain path that does not fan out, without a callback; {@code null} if
   * absent or if this template is not such a path.
   */
  String single(AuditEvent event) {
    if (single == null || single.fansOut()) {
      return null;
    }
    Object v = single.first(event);
    return isScalar(v) && !v.toString().isEmpty() ? transform(v.toString()) : null;
  }

  /** The identifiers this template yields; nothing if a part is missing. */
  void forEach(AuditEvent event, Consumer<String> sink) {
    if (single != null) {
      single.forEach(
          event,
          v -> {
            if (isScalar(v) && !v.toString().isEmpty()) {
              sink.accept(transform(v.toString()));
            }
          });
      return;
    }
    String before = join(event, 0, fanOutPart < 0 ? parts.size() : fanOutPart);
    if (before == null) {
      return;
    }
    if (fanOutPart < 0) {
      sink.accept(transform(before));
      return;
    }
    String after = join(event, fanOutPart + 1, parts.size());
    if (after == null) {
      return;
    }
    ((ValuePath) parts.get(fanOutPart))
        .forEach(
            event,
            v -> {
              if (isScalar(v) && !v.toString().isEmpty()) {
                sink.accept(transform(before + v + after));
              }
            });
  }

  /** The parts {@code from} (inclusive) to {@code to} joined; {@code null} if one is missing. */
  private String join(AuditEvent event, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      Object part = parts.get(i);
      if (part instanceof ValuePath path) {
        Object v = path.first(event);
        if (!isScalar(v) || v.toString().isEmpty()) {
          return null;
        }
        out.append(v);
      } else if (part instanceof LastSegment l) {
        Object v = l.path().first(event);
        String segment =
            isScalar(v) ? v.toString().substring(v.toString().lastIndexOf('/') + 1) : "";
        if (segment.isEmpty()) {
          return null;
        }
        out.append(segment);
      } else if (part instanceof Defaulted d) {
        Object v = d.path().first(event);
        out.append(isScalar(v) && !v.toString().isEmpty() ? v : d.fallback());
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

  private String transform(String id) {
    return switch (as) {
      case "arn_name" ->
          id.startsWith("arn:")
              ? id.substring(Math.max(id.lastIndexOf('/'), id.lastIndexOf(':')) + 1)
              : id;
      case "last_segment" -> id.substring(id.lastIndexOf('/') + 1);
      default -> id;
    };
  }

  private static final String LAST_SEGMENT = "last_segment(";

  /**
   * A template part reduced to the last segment of its value: {@code "b/{last_segment(resource)}"}
   * ({@code projects/_/buckets/logs} → {@code b/logs}), for entries that name the resource only in
   * their resource name.
   */
  private record LastSegment(ValuePath path) {}

  /** A template part whose absence means a value: {@code {request.eventBusName|default}}. */
  private record Defaulted(ValuePath path, String fallback) {}

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  @Override
  public String toString() {
    return as.isEmpty() ? text : text + " (as " + as + ")";
  }
}
