package io.tfdrift.core.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A precompiled path into a JSON tree (see {@link JsonTrees}), for mappers that read the same
 * fields from every event. Compile once, evaluate without allocating.
 *
 * <p>Syntax: object keys separated by dots; a key followed by {@code []} fans out over every
 * element of the array it names, a key followed by {@code [n]} takes element {@code n}
 * (zero-based). CloudTrail renders single-element XML lists inconsistently (an object where an
 * array is expected), so {@code []} and {@code [0]} applied to a non-array take the value itself.
 *
 * <pre>{@code
 * static final JsonPath INSTANCE_IDS = JsonPath.of("instancesSet.items[].instanceId");
 * INSTANCE_IDS.forEach(event.response(), id -> ids.add(JsonTrees.text(id)));
 * }</pre>
 *
 * <p>Keys containing {@code .} or {@code [} cannot be written in this syntax; use {@link
 * JsonTrees#at(Map, String...)} for them.
 */
public final class JsonPath {

  private static final int ALL = -1;
  private static final int NONE = -2;

  private final String expression;
  private final String[] keys;

  /** Per key: {@link #NONE} (plain key), {@link #ALL} ({@code []}) or an index. */
  private final int[] selectors;

  private JsonPath(String expression, String[] keys, int[] selectors) {
    this.expression = expression;
    this.keys = keys;
    this.selectors = selectors;
  }

  /**
   * Compiles a path.
   *
   * @param expression e.g. {@code "responseElements.instancesSet.items[].instanceId"}
   * @return the compiled path
   * @throws IllegalArgumentException if the expression is empty, has an empty key or a malformed
   *     bracket
   */
  public static JsonPath of(String expression) {
    Objects.requireNonNull(expression, "expression");
    List<String> keys = new ArrayList<>();
    List<Integer> selectors = new ArrayList<>();
    int start = 0;
    while (true) {
      int dot = expression.indexOf('.', start);
      String segment = dot < 0 ? expression.substring(start) : expression.substring(start, dot);
      parseSegment(expression, segment, keys, selectors);
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return new JsonPath(
        expression,
        keys.toArray(String[]::new),
        selectors.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void parseSegment(
      String expression, String segment, List<String> keys, List<Integer> selectors) {
    int bracket = segment.indexOf('[');
    String key = bracket < 0 ? segment : segment.substring(0, bracket);
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          "JSON path '" + expression + "' has an empty key; write keys separated by single dots");
    }
    keys.add(key);
    if (bracket < 0) {
      selectors.add(NONE);
      return;
    }
    if (!segment.endsWith("]")) {
      throw new IllegalArgumentException(
          "JSON path '" + expression + "': '" + segment + "' must end with [] or [n]");
    }
    String inside = segment.substring(bracket + 1, segment.length() - 1);
    if (inside.isEmpty()) {
      selectors.add(ALL);
      return;
    }
    try {
      int index = Integer.parseInt(inside);
      if (index < 0) {
        throw new NumberFormatException(inside);
      }
      selectors.add(index);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "JSON path '" + expression + "': '[" + inside + "]' is not [] or a non-negative index",
          e);
    }
  }

  /**
   * The expression this path was compiled from.
   *
   * @return the expression
   */
  public String expression() {
    return expression;
  }

  /**
   * The first value the path reaches, in document order.
   *
   * @param tree the tree to start from
   * @return the value, or {@code null} if the path reaches nothing
   */
  public Object first(Map<String, Object> tree) {
    return first(tree, 0);
  }

  /**
   * The first value the path reaches, as text ({@link JsonTrees#text(Object)}).
   *
   * @param tree the tree to start from
   * @return the text, or {@code ""} if the path reaches nothing or an object or array
   */
  public String text(Map<String, Object> tree) {
    return JsonTrees.text(first(tree, 0));
  }

  /**
   * Calls {@code action} with every value the path reaches, in document order.
   *
   * @param tree the tree to start from
   * @param action receives each value (never {@code null})
   */
  public void forEach(Map<String, Object> tree, Consumer<Object> action) {
    forEach(tree, 0, action);
  }

  /**
   * Every value the path reaches, in document order.
   *
   * @param tree the tree to start from
   * @return the values, possibly empty
   */
  public List<Object> all(Map<String, Object> tree) {
    List<Object> values = new ArrayList<>();
    forEach(tree, 0, values::add);
    return values;
  }

  private Object first(Object node, int step) {
    if (step == keys.length) {
      return node;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return null;
    }
    Object value = map.get(keys[step]);
    if (value == null) {
      return null;
    }
    int selector = selectors[step];
    if (selector == NONE) {
      return first(value, step + 1);
    }
    if (!(value instanceof List<?> list)) {
      return selector == ALL || selector == 0 ? first(value, step + 1) : null;
    }
    if (selector != ALL) {
      return selector < list.size() ? first(list.get(selector), step + 1) : null;
    }
    for (int i = 0; i < list.size(); i++) {
      Object found = first(list.get(i), step + 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void forEach(Object node, int step, Consumer<Object> action) {
    if (node == null) {
      return;
    }
    if (step == keys.length) {
      action.accept(node);
      return;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return;
    }
    Object value = map.get(keys[step]);
    if (value == null) {
      return;
    }
    int selector = selectors[step];
    if (selector == NONE) {
      forEach(value, step + 1, action);
    } else if (!(value instanceof List<?> list)) {
      if (selector == ALL || selector == 0) {
        forEach(value, step + 1, action);
      }
    } else if (selector != ALL) {
      if (selector < list.size()) {
        forEach(list.get(selector), step + 1, action);
      }
    } else {
      for (int i = 0; i < list.size(); i++) {
        forEach(list.get(i), step + 1, action);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonPath path && path.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
