package io.tfdrift.core.json;

import java.util.AbstractList;
import java.util.RandomAccess;

/** An immutable JSON array without {@code null} elements, backed by an exactly sized array. */
final class JsonArray extends AbstractList<Object> implements RandomAccess {

  static final JsonArray EMPTY = new JsonArray(new Object[0]);

  private final Object[] items;

  private JsonArray(Object[] items) {
    this.items = items;
  }

  /**
   * Wraps the given elements.
   *
   * @param items non-null elements; owned by the list from now on
   */
  static JsonArray of(Object[] items) {
    return items.length == 0 ? EMPTY : new JsonArray(items);
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
