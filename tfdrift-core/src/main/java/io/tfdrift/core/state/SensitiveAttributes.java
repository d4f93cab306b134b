package io.tfdrift.core.state;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an instance's {@code sensitive_attributes} into the top-level attribute names to mask.
 *
 * <p>Terraform 0.15+ writes a list of cty paths, each a list of steps: {@code
 * [[{"type":"get_attr","value":"password"}], [{"type":"get_attr","value":"tags"},
 * {"type":"index","value":{"value":"secret","type":"string"}}]]}. A nested path masks its whole
 * top-level attribute, because the detector compares and reports top-level attributes. Shapes other
 * Terraform or OpenTofu versions might write (a single path, bare attribute names) are accepted;
 * anything unrecognised is ignored rather than failing the whole state.
 */
final class SensitiveAttributes {

  private SensitiveAttributes() {}

  static Set<String> topLevelNames(Object paths) {
    if (!(paths instanceof List<?> list) || list.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    if (list.get(0) instanceof Map<?, ?>) {
      // A single path written without the outer list: only its first step names the attribute.
      addName(names, firstStepName(list));
      return Set.copyOf(names);
    }
    for (Object path : list) {
      if (path instanceof List<?> steps) {
        addName(names, firstStepName(steps));
      } else {
        addName(names, stepName(path));
      }
    }
    return Set.copyOf(names);
  }

  private static String firstStepName(List<?> steps) {
    return steps.isEmpty() ? null : stepName(steps.get(0));
  }

  private static String stepName(Object step) {
    if (step instanceof String name) {
      return name;
    }
    if (step instanceof Map<?, ?> map
        && "get_attr".equals(map.get("type"))
        && map.get("value") instanceof String name) {
      return name;
    }
    return null;
  }

  private static void addName(Set<String> names, String name) {
    if (name != null && !name.isEmpty()) {
      names.add(name);
    }
  }
}
