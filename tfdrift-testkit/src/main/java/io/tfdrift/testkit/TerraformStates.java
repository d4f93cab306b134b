package io.tfdrift.testkit;

import io.tfdrift.api.ManagedResource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds Terraform state documents (format version 4) for tests.
 *
 * <pre>{@code
 * byte[] state = TerraformStates.builder()
 *     .resource("aws_instance", "web", Map.of("id", "i-0abc", "instance_type", "t3.micro"))
 *     .build();
 * }</pre>
 */
public final class TerraformStates {
  private final List<Map<String, Object>> resources = new ArrayList<>();
  private long serial = 1;

  private TerraformStates() {}

  /**
   * Starts an empty state.
   *
   * @return a builder
   */
  public static TerraformStates builder() {
    return new TerraformStates();
  }

  /**
   * Sets the state's serial.
   *
   * @param value the serial
   * @return this builder
   */
  public TerraformStates serial(long value) {
    this.serial = value;
    return this;
  }

  /**
   * Adds a managed resource in the root module with one instance.
   *
   * @param type the Terraform type
   * @param name the resource name
   * @param attributes the instance attributes
   * @return this builder
   */
  public TerraformStates resource(String type, String name, Map<String, ?> attributes) {
    return resource("", type, name, attributes, List.of());
  }

  /**
   * Adds a managed resource with one instance.
   *
   * @param module the module path, e.g. {@code module.net}; empty for the root module
   * @param type the Terraform type
   * @param name the resource name
   * @param attributes the instance attributes
   * @param sensitive top-level attribute names to mark sensitive
   * @return this builder
   */
  public TerraformStates resource(
      String module, String type, String name, Map<String, ?> attributes, List<String> sensitive) {
    Map<String, Object> instance = new LinkedHashMap<>();
    instance.put("schema_version", 0);
    instance.put("attributes", attributes);
    List<Object> paths = new ArrayList<>();
    for (String attribute : sensitive) {
      paths.add(List.of(Map.of("type", "get_attr", "value", attribute)));
    }
    instance.put("sensitive_attributes", paths);
    Map<String, Object> resource = new LinkedHashMap<>();
    if (!module.isEmpty()) {
      resource.put("module", module);
    }
    resource.put("mode", "managed");
    resource.put("type", type);
    resource.put("name", name);
    resource.put("provider", providerOf(type));
    resource.put("instances", List.of(instance));
    resources.add(resource);
    return this;
  }

  /**
   * The resources as the state index holds them, for a {@link PluginHarness} state or any test that
   * needs {@link ManagedResource}s without parsing a document.
   *
   * @param stateName the configured state's name, e.g. {@code prod}
   * @return one resource per added instance, in the order added
   */
  public List<ManagedResource> resources(String stateName) {
    List<ManagedResource> out = new ArrayList<>();
    for (Map<String, Object> resource : resources) {
      String module = String.valueOf(resource.getOrDefault("module", ""));
      String type = String.valueOf(resource.get("type"));
      String name = String.valueOf(resource.get("name"));
      @SuppressWarnings("unchecked")
      Map<String, Object> instance = ((List<Map<String, Object>>) resource.get("instances")).get(0);
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) tree(instance.get("attributes"));
      Set<String> sensitive = new HashSet<>();
      for (Object path : (List<?>) instance.get("sensitive_attributes")) {
        sensitive.add(String.valueOf(((Map<?, ?>) ((List<?>) path).get(0)).get("value")));
      }
      out.add(
          new ManagedResource(
              stateName,
              (module.isEmpty() ? "" : module + ".") + type + "." + name,
              module,
              type,
              name,
              String.valueOf(attributes.getOrDefault("id", "")),
              attributes,
              sensitive));
    }
    return out;
  }

  /**
   * A value as tfdrift's state parser reads it back from {@link #build()}: integers as {@link Long}
   * (or {@link BigInteger} beyond it), other numbers as {@link BigDecimal}, {@code null}s left out,
   * anything else as its text.
   */
  private static Object tree(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(String.valueOf(k), tree(v));
            }
          });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        if (item != null) {
          out.add(tree(item));
        }
      }
      return out;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    return value instanceof String || value instanceof Boolean ? value : String.valueOf(value);
  }

  private static String providerOf(String type) {
    String prefix = type.substring(0, Math.max(0, type.indexOf('_')));
    return "provider[\"registry.terraform.io/hashicorp/" + prefix + "\"]";
  }

  /**
   * The state as JSON bytes.
   *
   * @return the state document
   */
  public byte[] build() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("version", 4);
    state.put("terraform_version", "1.9.8");
    state.put("serial", serial);
    state.put("lineage", "3f0b6d34-8a8e-4c2f-9a51-0d8f1b8e7c11");
    state.put("outputs", Map.of());
    state.put("resources", resources);
    state.put("check_results", null);
    return JsonText.write(state).getBytes(StandardCharsets.UTF_8);
  }
}
