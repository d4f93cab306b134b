package io.tfdrift.core.detect;

import io.tfdrift.api.ManagedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Map attributes compared key by key ({@code managed-keys.txt}): a GCP {@code setLabels} sends the
 * whole label map, including labels the provider adds itself ({@code goog-terraform-provisioned})
 * and, since hashicorp/google 5, labels Terraform does not manage. Only the keys Terraform manages
 * are compared; loaded once.
 */
final class ManagedKeys {
  private record Rule(String typePrefix, String attribute, String marker, List<String> ignored) {}

  private static final List<Rule> RULES = load();

  private ManagedKeys() {}

  /**
   * The part of the value a call set that Terraform manages: {@code actual} without the keys the
   * provider adds itself and, when state says the map is non-authoritative, only the keys state
   * holds. Anything that is not a map of a listed attribute is returned as it is.
   *
   * @param resource the managed resource
   * @param attribute the attribute name
   * @param expected what state holds
   * @param actual what the call set
   * @return the value to compare with {@code expected}
   */
  static Object managedPart(
      ManagedResource resource, String attribute, Object expected, Object actual) {
    if (!(actual instanceof Map<?, ?> sent)) {
      return actual;
    }
    for (int i = 0; i < RULES.size(); i++) {
      Rule rule = RULES.get(i);
      if (rule.attribute().equals(attribute) && resource.type().startsWith(rule.typePrefix())) {
        boolean byKey =
            expected instanceof Map<?, ?> && resource.attributes().containsKey(rule.marker());
        return project(sent, rule.ignored(), byKey ? (Map<?, ?>) expected : null);
      }
    }
    return actual;
  }

  private static Map<String, Object> project(
      Map<?, ?> sent, List<String> ignored, Map<?, ?> managed) {
    Map<String, Object> out = new TreeMap<>();
    sent.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (!ignored.contains(key) && (managed == null || managed.containsKey(key))) {
            out.put(key, v);
          }
        });
    return out;
  }

  private static List<Rule> load() {
    List<Rule> out = new ArrayList<>();
    for (String[] row :
        DataRows.read(
            "io/tfdrift/core/detect/managed-keys.txt",
            3,
            "<type prefix> <attribute> <marker> [ignored keys...]")) {
      out.add(new Rule(row[0], row[1], row[2], List.of(row).subList(3, row.length)));
    }
    return List.copyOf(out);
  }
}
