package io.tfdrift.core.mapping;

import io.tfdrift.core.json.JsonTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The value shapers that mapping tables name with {@code as:}: each turns a value found in an audit
 * record into the shape the Terraform provider keeps in state. A shaper returns {@code null} when
 * the input does not have the expected shape, and the attribute is then left out.
 */
final class Extractors {
  private Extractors() {}

  /** Every shaper, by the name tables use. */
  static final Map<String, UnaryOperator<Object>> BY_NAME =
      Map.ofEntries(
          Map.entry("value", v -> v),
          Map.entry("string", Extractors::string),
          Map.entry("bool", Extractors::bool),
          Map.entry("int", Extractors::integer),
          Map.entry("json", Extractors::json),
          Map.entry("list", Extractors::list),
          Map.entry("single", Extractors::single),
          Map.entry("snake_keys", Extractors::snakeKeys),
          Map.entry(
              "last_segment",
              v -> v instanceof String s ? s.substring(s.lastIndexOf('/') + 1) : null),
          Map.entry("lowercase", v -> v instanceof String s ? s.toLowerCase(Locale.ROOT) : null),
          Map.entry("ec2_tags", Extractors::ec2Tags),
          Map.entry("kv_tags", Extractors::keyValueTags),
          Map.entry("s3_tags", Extractors::s3Tags),
          Map.entry("sg_rules", SecurityGroupRules::fromIpPermissions),
          Map.entry("gcp_firewall_rules", Extractors::gcpFirewallRules),
          Map.entry("gcp_metadata", Extractors::gcpMetadata),
          Map.entry("gcp_labels", Extractors::gcpLabels));

  static Object string(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
  }

  static Object bool(Object v) {
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(s);
    }
    return null;
  }

  static Object integer(Object v) {
    if (v instanceof Long) {
      return v;
    }
    try {
      if (v instanceof Number || v instanceof String) {
        return new BigDecimal(v.toString().trim()).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  static Object json(Object v) {
    return v instanceof String s ? JsonTrees.parseEmbedded(s) : v;
  }

  static Object list(Object v) {
    return v instanceof List<?> ? v : List.of(v);
  }

  /**
   * A scalar that some carriers log as a one-element list (S3's {@code x-amz-acl} header arrives as
   * {@code ["private"]}): the element; a scalar passes; anything else has no single value.
   */
  static Object single(Object v) {
    Object one = v instanceof List<?> l && l.size() == 1 ? l.get(0) : v;
    return one instanceof List<?> || one instanceof Map<?, ?> ? null : one;
  }

  /**
   * A block logged with the API's member names ({@code [{transitionToIA: AFTER_30_DAYS}]}) in the
   * provider's attribute names ({@code [{transition_to_ia: AFTER_30_DAYS}]}), at every depth.
   */
  static Object snakeKeys(Object v) {
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(snakeCase(String.valueOf(k)), snakeKeys(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(x -> out.add(snakeKeys(x)));
      return out;
    }
    return v;
  }

  /** {@code transitionToIA} → {@code transition_to_ia}, {@code kmsKeyId} → {@code kms_key_id}. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = name.charAt(i - 1);
        boolean wordStart =
            Character.isLowerCase(before)
                || Character.isDigit(before)
                || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)));
        if (wordStart && before != '_') {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** EC2 {@code tagSet} / {@code tagSpecificationSet}: {@code {items: [{key, value}]}}. */
  static Object ec2Tags(Object v) {
    Object items = v instanceof Map<?, ?> m ? m.get("items") : v;
    return items instanceof List<?> list ? tags(list, "key", "value") : null;
  }

  /**
   * IAM, RDS, Lambda style {@code [{Key, Value}]} or {@code [{key, value}]}, and KMS's {@code
   * [{TagKey, TagValue}]}; maps pass through.
   */
  static Object keyValueTags(Object v) {
    if (v instanceof Map<?, ?> map) {
      return map;
    }
    if (!(v instanceof List<?> list)) {
      return null;
    }
    boolean kms =
        !list.isEmpty()
            && list.get(0) instanceof Map<?, ?> first
            && ignoringCase(first, "tagKey") != null;
    return kms ? tags(list, "tagKey", "tagValue") : tags(list, "key", "value");
  }

  /** S3 {@code Tagging}: {@code {TagSet: {Tag: [{Key, Value}] | {Key, Value}}}}. */
  static Object s3Tags(Object v) {
    Object set = v instanceof Map<?, ?> m ? m.get("TagSet") : null;
    Object tag = set instanceof Map<?, ?> m ? m.get("Tag") : null;
    if (tag instanceof Map<?, ?>) {
      tag = List.of(tag);
    }
    return tag instanceof List<?> list ? tags(list, "key", "value") : null;
  }

  /**
   * Tags as a map, or {@code null} when an item lacks its key or value: a tag list the carrier
   * truncated says nothing about the tags, and reading it as "no tags" would invent a change.
   */
  private static Map<String, Object> tags(List<?> items, String keyName, String valueName) {
    Map<String, Object> out = new TreeMap<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> tag)) {
        return null;
      }
      Object key = ignoringCase(tag, keyName);
      Object value = ignoringCase(tag, valueName);
      if (key == null || value == null) {
        return null;
      }
      out.put(key.toString(), value.toString());
    }
    return out;
  }

  private static Object ignoringCase(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v != null) {
      return v;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (key.equalsIgnoreCase(String.valueOf(e.getKey()))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** GCP firewall {@code allowed}/{@code denied}: {@code [{IPProtocol, ports}]}. */
  static Object gcpFirewallRules(Object v) {
    if (!(v instanceof List<?> list)) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> rule) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        Object protocol = rule.get("IPProtocol");
        shaped.put("ports", rule.get("ports") instanceof List<?> ports ? ports : List.of());
        shaped.put("protocol", protocol == null ? "" : protocol.toString());
        out.add(shaped);
      }
    }
    return out;
  }

  /**
   * GCP instance metadata: {@code {items: [{key, value}], fingerprint}} → a map. GCP logs requests
   * as proto3 JSON, which leaves out empty fields: no {@code items} is no metadata and an item
   * without {@code value} has the value {@code ""}; an item without its key is not readable.
   */
  static Object gcpMetadata(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      return null;
    }
    if (!(m.get("items") instanceof List<?> list)) {
      return Map.of();
    }
    Map<String, Object> out = new TreeMap<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> entry) || entry.get("key") == null) {
        return null;
      }
      Object value = entry.get("value");
      out.put(entry.get("key").toString(), value == null ? "" : value.toString());
    }
    return out;
  }

  /**
   * GCP labels: a map, or, as Compute Engine logs its requests, a list of {@code {key, value}}
   * entries (a label with an empty value may come without {@code value}); an entry without its key
   * is not readable.
   */
  static Object gcpLabels(Object v) {
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), x == null ? "" : x.toString()));
      return out;
    }
    if (!(v instanceof List<?> list)) {
      return null;
    }
    Map<String, Object> out = new TreeMap<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> entry) || entry.get("key") == null) {
        return null;
      }
      Object value = entry.get("value");
      out.put(entry.get("key").toString(), value == null ? "" : value.toString());
    }
    return out;
  }

  /** The names, for error messages. */
  static Set<String> names() {
    return new java.util.TreeSet<>(BY_NAME.keySet());
  }
}
