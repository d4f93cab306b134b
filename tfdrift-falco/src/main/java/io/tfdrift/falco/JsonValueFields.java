package io.tfdrift.falco;

import io.tfdrift.core.decode.JsonTrees;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Places the json plugin's {@code json.value[/json/pointer]} output fields back into the record
 * they were extracted from. A rule that outputs {@code %json.value[/requestID]} or {@code
 * %json.value[/userIdentity]} (Falco's json plugin, loaded next to cloudtrail or gcpaudit) thereby
 * carries facts the source plugin has no field for, and the decoder sees them where the file
 * decoders look for them.
 *
 * <p>The json plugin (0.7.x {@code json.go}) writes a JSON string's content without quotes and
 * anything else as compact JSON text, so {@code "abc"} arrives as {@code abc}, an object as {@code
 * {...}} and a JSON {@code null} as {@code null}. Text starting with {@code {} or {@code [} is read
 * back as JSON, {@code null} as absent, everything else as a string: a JSON string whose content
 * itself looks like JSON is therefore read as that JSON (point at its parent object to avoid it).
 */
final class JsonValueFields {

  private static final String PREFIX = "json.value[";

  private JsonValueFields() {}

  /**
   * Overlays every {@code json.value[/...]} field of the alert onto the record.
   *
   * @param alert the alert
   * @param record a mutable record built from the plugin's fields
   */
  static void overlay(FalcoAlert alert, Map<String, Object> record) {
    for (Map.Entry<String, String> field : alert.outputFields().entrySet()) {
      String key = field.getKey();
      if (key.startsWith(PREFIX) && key.endsWith("]") && key.length() > PREFIX.length() + 2) {
        String pointer = key.substring(PREFIX.length(), key.length() - 1);
        Object value = value(field.getValue());
        if (pointer.charAt(0) == '/' && value != null) {
          put(record, pointer, value);
        }
      }
    }
  }

  /** The tree a {@code json.value} output stands for; {@code null} if it stands for nothing. */
  static Object value(String text) {
    if (text.isEmpty() || text.equals("<NA>") || text.equals("null")) {
      return null;
    }
    char first = text.charAt(0);
    if (first == '{' || first == '[') {
      // parseEmbedded parses text starting with a bracket and leaves anything else as it is
      return JsonTrees.parseEmbedded(text);
    }
    return text;
  }

  /** Puts a value at an RFC 6901 pointer made of object keys; array steps are not followed. */
  private static void put(Map<String, Object> root, String pointer, Object value) {
    String[] steps = pointer.substring(1).split("/", -1);
    Map<String, Object> current = root;
    for (int i = 0; i < steps.length - 1; i++) {
      String step = unescape(steps[i]);
      Object next = current.get(step);
      Map<String, Object> child;
      if (next == null) {
        child = new LinkedHashMap<>();
      } else if (next instanceof Map<?, ?> map) {
        child = mutableCopy(map);
      } else {
        return;
      }
      current.put(step, child);
      current = child;
    }
    current.put(unescape(steps[steps.length - 1]), value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutableCopy(Map<?, ?> map) {
    if (map instanceof LinkedHashMap<?, ?>) {
      return (Map<String, Object>) map;
    }
    return new LinkedHashMap<>((Map<String, Object>) map);
  }

  private static String unescape(String step) {
    if (step.indexOf('~') < 0) {
      return step;
    }
    return step.replace("~1", "/").replace("~0", "~");
  }
}
