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
          Map.entry("gcp_labels", Extractors::gcpLabels),
          Map.entry("s3_versioning", Extractors::s3Versioning),
          Map.entry("cloudtrail_event_selectors", Extractors::cloudTrailEventSelectors),
          Map.entry(
              "cloudtrail_advanced_event_selectors", Extractors::cloudTrailAdvancedEventSelectors),
          Map.entry("s3_encryption_rules", Extractors::s3EncryptionRules),
          Map.entry(
              "mirror_session_description",
              v -> mirrorSessionField(v, "Description", "description", "")),
          Map.entry(
              "mirror_session_packet_length",
              v -> mirrorSessionField(v, "PacketLength", "packet-length", 0L)),
          Map.entry("nacl_ingress_entry", v -> naclEntry(v, false)),
          Map.entry("nacl_egress_entry", v -> naclEntry(v, true)));

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

  /**
   * S3 {@code VersioningConfiguration {Status, MfaDelete}} as the keys of the provider's {@code
   * versioning_configuration} block that the call sets ({@code status}, and {@code mfa_delete} only
   * when the call names it: a call without it leaves MFA delete as it was). Merged into the block
   * state holds.
   */
  static Object s3Versioning(Object v) {
    if (!(v instanceof Map<?, ?> m) || !(m.get("Status") instanceof String status)) {
      return null;
    }
    Map<String, Object> out = new TreeMap<>();
    out.put("status", status);
    if (m.get("MfaDelete") instanceof String mfa) {
      out.put("mfa_delete", mfa);
    }
    return out;
  }

  /**
   * CloudTrail {@code eventSelectors} in the shape hashicorp/aws keeps {@code event_selector}: each
   * {@code {read_write_type, include_management_events, data_resource: [{type, values}],
   * exclude_management_event_sources}}; and, as the provider's {@code flattenEventSelector} does,
   * the single default selector (no data resources, {@code All}, no excluded sources) as no
   * selector at all, so that setting the default on a trail configured without one is no drift. A
   * selector without its read/write type or management flag is not readable.
   */
  static Object cloudTrailEventSelectors(Object v) {
    if (!(v instanceof List<?> list)) {
      return null;
    }
    List<Object> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> selector)
          || !(selector.get("readWriteType") instanceof String readWrite)
          || bool(selector.get("includeManagementEvents")) == null) {
        return null;
      }
      List<Object> data = new ArrayList<>();
      if (selector.get("dataResources") instanceof List<?> resources) {
        for (Object r : resources) {
          if (!(r instanceof Map<?, ?> resource)
              || !(resource.get("type") instanceof String type)) {
            return null;
          }
          Map<String, Object> shaped = new LinkedHashMap<>();
          shaped.put("type", type);
          shaped.put("values", resource.get("values") instanceof List<?> l ? l : List.of());
          data.add(shaped);
        }
      }
      Map<String, Object> shaped = new LinkedHashMap<>();
      shaped.put("data_resource", data);
      shaped.put(
          "exclude_management_event_sources",
          selector.get("excludeManagementEventSources") instanceof List<?> l ? l : List.of());
      shaped.put("include_management_events", bool(selector.get("includeManagementEvents")));
      shaped.put("read_write_type", readWrite);
      out.add(shaped);
    }
    if (out.size() == 1
        && out.get(0) instanceof Map<?, ?> only
        && ((List<?>) only.get("data_resource")).isEmpty()
        && "All".equals(only.get("read_write_type"))
        && ((List<?>) only.get("exclude_management_event_sources")).isEmpty()) {
      return List.of();
    }
    return out;
  }

  /** The condition lists of a CloudTrail advanced field selector, by the provider's names. */
  private static final List<Map.Entry<String, String>> FIELD_SELECTOR_CONDITIONS =
      List.of(
          Map.entry("endsWith", "ends_with"),
          Map.entry("equals", "equals"),
          Map.entry("notEndsWith", "not_ends_with"),
          Map.entry("notEquals", "not_equals"),
          Map.entry("notStartsWith", "not_starts_with"),
          Map.entry("startsWith", "starts_with"));

  /**
   * CloudTrail {@code advancedEventSelectors} in the shape hashicorp/aws keeps {@code
   * advanced_event_selector}: each {@code {name, field_selector: [{field, equals, starts_with,
   * ends_with, not_equals, not_starts_with, not_ends_with}]}}, a condition the call does not give
   * as an empty list. A selector without field selectors, or a field selector without its field, is
   * not readable.
   */
  static Object cloudTrailAdvancedEventSelectors(Object v) {
    if (!(v instanceof List<?> list)) {
      return null;
    }
    List<Object> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> selector)
          || !(selector.get("fieldSelectors") instanceof List<?> fields)
          || fields.isEmpty()) {
        return null;
      }
      List<Object> shapedFields = new ArrayList<>(fields.size());
      for (Object f : fields) {
        if (!(f instanceof Map<?, ?> field) || !(field.get("field") instanceof String name)) {
          return null;
        }
        Map<String, Object> shaped = new TreeMap<>();
        shaped.put("field", name);
        for (Map.Entry<String, String> condition : FIELD_SELECTOR_CONDITIONS) {
          Object values = field.get(condition.getKey());
          shaped.put(condition.getValue(), values instanceof List<?> l ? l : List.of());
        }
        shapedFields.add(shaped);
      }
      Map<String, Object> shaped = new TreeMap<>();
      shaped.put("field_selector", shapedFields);
      shaped.put("name", selector.get("name") instanceof String name ? name : "");
      out.add(shaped);
    }
    return out;
  }

  /**
   * S3 {@code ServerSideEncryptionConfiguration.Rule} (one rule, or a list of them) in the shape
   * hashicorp/aws keeps the {@code rule} blocks of {@code
   * aws_s3_bucket_server_side_encryption_configuration}: {@code
   * [{apply_server_side_encryption_by_default: [{kms_master_key_id, sse_algorithm}],
   * bucket_key_enabled}]}, with the provider's empty key id and {@code false} for what the rule
   * leaves out. A rule without {@code ApplyServerSideEncryptionByDefault.SSEAlgorithm} is not
   * readable.
   */
  static Object s3EncryptionRules(Object v) {
    List<?> rules = v instanceof List<?> l ? l : v instanceof Map<?, ?> ? List.of(v) : null;
    if (rules == null || rules.isEmpty()) {
      return null;
    }
    List<Object> out = new ArrayList<>(rules.size());
    for (Object item : rules) {
      if (!(item instanceof Map<?, ?> rule)
          || !(rule.get("ApplyServerSideEncryptionByDefault") instanceof Map<?, ?> byDefault)
          || !(byDefault.get("SSEAlgorithm") instanceof String algorithm)) {
        return null;
      }
      Map<String, Object> encryption = new TreeMap<>();
      encryption.put(
          "kms_master_key_id", byDefault.get("KMSMasterKeyID") instanceof String key ? key : "");
      encryption.put("sse_algorithm", algorithm);
      Object bucketKey =
          rule.containsKey("BucketKeyEnabled") ? bool(rule.get("BucketKeyEnabled")) : false;
      if (bucketKey == null) {
        return null;
      }
      Map<String, Object> shaped = new TreeMap<>();
      shaped.put("apply_server_side_encryption_by_default", List.of(encryption));
      shaped.put("bucket_key_enabled", bucketKey);
      out.add(shaped);
    }
    return out;
  }

  /**
   * One optional field of an EC2 {@code ModifyTrafficMirrorSessionRequest}: the value the call sets
   * ({@code key}; numbers as integers), or the provider's empty value when the call removes the
   * field ({@code RemoveField} names it, as a list or a single item, each a string or an XML-style
   * {@code {content: ...}}); {@code null} when the call leaves the field alone.
   */
  static Object mirrorSessionField(Object v, String key, String removeName, Object empty) {
    if (!(v instanceof Map<?, ?> request)) {
      return null;
    }
    Object set = request.get(key);
    if (set != null) {
      return empty instanceof Long ? integer(set) : set instanceof String ? set : null;
    }
    Object removed = request.get("RemoveField");
    for (Object item :
        removed instanceof List<?> l ? l : removed == null ? List.of() : List.of(removed)) {
      Object name = item instanceof Map<?, ?> m ? m.get("content") : item;
      if (removeName.equals(name)) {
        return empty;
      }
    }
    return null;
  }

  /**
   * EC2 {@code DeleteNetworkAclEntry {ruleNumber, egress}}: the entry of that direction, named by
   * its rule number ({@code [{rule_no: 100}]}), to remove from {@code ingress} or {@code egress};
   * {@code null} for the other direction.
   */
  static Object naclEntry(Object v, boolean egress) {
    if (!(v instanceof Map<?, ?> m)
        || !(bool(m.get("egress")) instanceof Boolean direction)
        || direction != egress) {
      return null;
    }
    Object rule = integer(m.get("ruleNumber"));
    return rule == null ? null : List.of(Map.of("rule_no", rule));
  }

  /** The names, for error messages. */
  static Set<String> names() {
    return new java.util.TreeSet<>(BY_NAME.keySet());
  }
}
