package io.tfdrift.core.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object: keys in document order, no {@code null} keys or values. Keys and values
 * alternate in one array; small objects are searched linearly (field names read by Jackson are
 * interned, so most comparisons succeed on identity), larger ones through an open-addressing index.
 */
final class JsonObject extends AbstractMap<String, Object> {

  static final JsonObject EMPTY = new JsonObject(new Object[0], 0, null);

  /** Objects with more entries than this get a hash index. */
  private static final int LINEAR_LIMIT = 12;

  private final Object[] entries;
  private final int size;
  private final int[] index;
  private Set<Map.Entry<String, Object>> entrySet;

  private JsonObject(Object[] entries, int size, int[] index) {
    this.entries = entries;
    this.size = size;
    this.index = index;
  }

  /**
   * Builds an object from alternating keys and values, the later of two equal keys winning in the
   * earlier one's position (as {@link java.util.LinkedHashMap#put} does).
   *
   * @param entries alternating {@code String} keys and non-null values; owned by the object from
   *     now on
   * @param size the number of entries (half the used length of {@code entries})
   */
  static JsonObject of(Object[] entries, int size) {
    if (size == 0) {
      return EMPTY;
    }
    if (size <= LINEAR_LIMIT) {
      return new JsonObject(entries, removeDuplicates(entries, size), null);
    }
    return indexed(entries, size);
  }

  /** Copies any map with string keys, dropping {@code null} keys and values. */
  static JsonObject copyOf(Map<String, Object> map) {
    if (map instanceof JsonObject object) {
      return object;
    }
    Object[] entries = new Object[map.size() * 2];
    int n = 0;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        entries[n * 2] = entry.getKey();
        entries[n * 2 + 1] = entry.getValue();
        n++;
      }
    }
    return of(entries, n);
  }

  private static int removeDuplicates(Object[] entries, int size) {
    int kept = 0;
    outer:
    for (int i = 0; i < size; i++) {
      String key = (String) entries[i * 2];
      for (int j = 0; j < kept; j++) {
        if (same(key, key.hashCode(), (String) entries[j * 2])) {
          entries[j * 2 + 1] = entries[i * 2 + 1];
          continue outer;
        }
      }
      entries[kept * 2] = key;
      entries[kept * 2 + 1] = entries[i * 2 + 1];
      kept++;
    }
    return kept;
  }

  /** Builds the hash index and removes duplicate keys in one pass. */
  private static JsonObject indexed(Object[] entries, int size) {
    int capacity = Integer.highestOneBit(size * 2 - 1) << 1;
    int[] table = new int[capacity];
    int mask = capacity - 1;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Object key = entries[i * 2];
      Object value = entries[i * 2 + 1];
      int slot = spread(key.hashCode()) & mask;
      int existing = -1;
      while (table[slot] != 0) {
        int j = table[slot] - 1;
        if (key.equals(entries[j * 2])) {
          existing = j;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (existing >= 0) {
        entries[existing * 2 + 1] = value;
        continue;
      }
      entries[kept * 2] = key;
      entries[kept * 2 + 1] = value;
      table[slot] = kept + 1;
      kept++;
    }
    return new JsonObject(entries, kept, table);
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /**
   * Key equality, cheapest test first: Jackson interns field names and lookups use constants, so
   * identity usually decides; {@link String#hashCode()} is cached, so it rules out the rest.
   */
  private static boolean same(String key, int hash, String candidate) {
    return key == candidate || (hash == candidate.hashCode() && key.equals(candidate));
  }

  private int find(Object lookup) {
    if (!(lookup instanceof String key)) {
      return -1;
    }
    int hash = key.hashCode();
    if (index == null) {
      for (int i = 0; i < size; i++) {
        if (same(key, hash, (String) entries[i * 2])) {
          return i;
        }
      }
      return -1;
    }
    int mask = index.length - 1;
    for (int slot = spread(hash) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
      int i = index[slot] - 1;
      if (same(key, hash, (String) entries[i * 2])) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    if (key == null) {
      return null;
    }
    int i = find(key);
    return i < 0 ? null : entries[i * 2 + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return key != null && find(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept((String) entries[i * 2], entries[i * 2 + 1]);
    }
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    Set<Map.Entry<String, Object>> set = entrySet;
    if (set == null) {
      set = new Entries();
      entrySet = set;
    }
    return set;
  }

  private final class Entries extends AbstractSet<Map.Entry<String, Object>> {
    @Override
    public Iterator<Map.Entry<String, Object>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Map.Entry<String, Object> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          int i = next++;
          return new AbstractMap.SimpleImmutableEntry<>(
              (String) entries[i * 2], entries[i * 2 + 1]);
        }
      };
    }

    @Override
    public int size() {
      return size;
    }
  }
}
