package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A compiled path into an {@link AuditEvent}, as written in mapping tables: {@code
 * request.instanceId}, {@code response.instancesSet.items[].instanceId} ({@code []} visits every
 * element), {@code resource} (the first resource name the carrier lists), {@code event.accountId},
 * {@code event.region}, {@code event.action}. Compiled once at load; evaluation allocates nothing
 * for paths without {@code []}.
 */
final class ValuePath {
  private enum Root {
    REQUEST,
    RESPONSE,
    RESOURCE,
    ACCOUNT,
    REGION,
    ACTION
  }

  private final String text;
  private final Root root;
  private final String[] keys;
  private final boolean[] fanOut;
  private final int[] index;
  private final boolean anyFanOut;

  private ValuePath(String text, Root root, String[] keys, boolean[] fanOut, int[] index) {
    this.text = text;
    this.root = root;
    this.keys = keys;
    this.fanOut = fanOut;
    this.index = index;
    boolean any = false;
    for (boolean f : fanOut) {
      any |= f;
    }
    this.anyFanOut = any;
  }

  /**
   * Compiles a path.
   *
   * @param text the path as written in a table
   * @return the path
   * @throws IllegalArgumentException naming the path and the valid roots
   */
  static ValuePath parse(String text) {
    String[] parts = text.split("\\.");
    Root root =
        switch (parts[0]) {
          case "request" -> Root.REQUEST;
          case "response" -> Root.RESPONSE;
          case "resource" -> Root.RESOURCE;
          case "event" -> eventRoot(text, parts);
          default ->
              throw new IllegalArgumentException(
                  "path '"
                      + text
                      + "' must start with request., response., resource or event.; found '"
                      + parts[0]
                      + "'");
        };
    int skip = root == Root.REQUEST || root == Root.RESPONSE ? 1 : parts.length;
    int n = parts.length - skip;
    String[] keys = new String[n];
    boolean[] fanOut = new boolean[n];
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      String part = parts[i + skip];
      int open = part.indexOf('[');
      index[i] = -1;
      keys[i] = open < 0 ? part : part.substring(0, open);
      if (open >= 0) {
        String inside = part.substring(open + 1, part.length() - 1);
        if (!part.endsWith("]")
            || !(inside.isEmpty() || inside.chars().allMatch(Character::isDigit))) {
          throw new IllegalArgumentException(
              "path '" + text + "': write [] for every element or [0] for one, not '" + part + "'");
        }
        fanOut[i] = inside.isEmpty();
        index[i] = inside.isEmpty() ? -1 : Integer.parseInt(inside);
      }
      if (keys[i].isEmpty()) {
        throw new IllegalArgumentException("path '" + text + "' has an empty segment");
      }
    }
    return new ValuePath(text, root, keys, fanOut, index);
  }

  private static Root eventRoot(String text, String[] parts) {
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "path '" + text + "': use event.accountId, event.region or event.action");
    }
    return switch (parts[1]) {
      case "accountId" -> Root.ACCOUNT;
      case "region" -> Root.REGION;
      case "action" -> Root.ACTION;
      default ->
          throw new IllegalArgumentException(
              "path '" + text + "': use event.accountId, event.region or event.action");
    };
  }

  /**
   * Whether anything is there, checked without allocating: for a fan-out path, whether the part
   * before the first {@code []} exists.
   *
   * @param event the event
   * @return {@code false} if the path certainly yields nothing
   */
  boolean present(AuditEvent event) {
    Object node = start(event);
    for (int i = 0; i < keys.length && node != null; i++) {
      node = step(node, i);
      if (fanOut[i]) {
        return node != null;
      }
    }
    return node != null;
  }

  /** Whether this path can yield several values. */
  boolean fansOut() {
    return anyFanOut;
  }

  /**
   * The single value at this path, or {@code null}. For a fan-out path, the first value.
   *
   * @param event the event
   * @return the value or {@code null}
   */
  Object first(AuditEvent event) {
    Object start = start(event);
    if (!anyFanOut) {
      return walk(start, 0);
    }
    Object[] found = new Object[1];
    visit(
        start,
        0,
        v -> {
          if (found[0] == null) {
            found[0] = v;
          }
        });
    return found[0];
  }

  /**
   * Every value at this path, in document order.
   *
   * @param event the event
   * @param sink receives each value that is present
   */
  void forEach(AuditEvent event, Consumer<Object> sink) {
    visit(start(event), 0, sink);
  }

  private Object start(AuditEvent event) {
    return switch (root) {
      case REQUEST -> event.request();
      case RESPONSE -> event.response();
      case RESOURCE -> event.resources().isEmpty() ? null : event.resources().get(0);
      case ACCOUNT -> event.accountId();
      case REGION -> event.region();
      case ACTION -> event.action();
    };
  }

  private Object walk(Object node, int from) {
    for (int i = from; i < keys.length && node != null; i++) {
      node = step(node, i);
    }
    return node;
  }

  private Object step(Object node, int i) {
    Object next = node instanceof Map<?, ?> map ? map.get(keys[i]) : null;
    if (index[i] < 0) {
      return next;
    }
    return next instanceof List<?> list && index[i] < list.size() ? list.get(index[i]) : null;
  }

  private void visit(Object node, int i, Consumer<Object> sink) {
    if (node == null) {
      return;
    }
    if (i == keys.length) {
      sink.accept(node);
      return;
    }
    Object next = step(node, i);
    if (fanOut[i] && next instanceof List<?> list) {
      for (Object item : list) {
        visit(item, i + 1, sink);
      }
    } else if (!fanOut[i] || next != null) {
      visit(next, i + 1, sink);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
