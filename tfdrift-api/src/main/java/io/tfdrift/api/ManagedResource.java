package io.tfdrift.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One resource instance held in a Terraform state, as the state index knows it.
 *
 * @param state the name of the configured state it comes from, e.g. {@code prod-network}
 * @param address the full Terraform address, e.g. {@code module.net.aws_security_group.web["a"]}
 * @param module the module path, e.g. {@code module.net}; empty for the root module
 * @param type the Terraform resource type
 * @param name the resource name in configuration
 * @param id the instance's {@code id} attribute; empty if it has none
 * @param attributes the instance's attributes as in state (JSON tree, see {@link AuditEvent})
 * @param sensitive top-level attribute names that the state marks sensitive; their values must
 *     never leave the process
 * @since 0.1.0
 */
public record ManagedResource(
    String state,
    String address,
    String module,
    String type,
    String name,
    String id,
    Map<String, Object> attributes,
    Set<String> sensitive) {

  /** Validates the parts and copies the collections. */
  public ManagedResource {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    attributes = Map.copyOf(attributes);
    sensitive = Set.copyOf(sensitive);
  }

  /**
   * The value of a top-level attribute.
   *
   * @param attribute the Terraform attribute name
   * @return its value, or empty if the state does not hold it (or holds {@code null})
   */
  public Optional<Object> attribute(String attribute) {
    return Optional.ofNullable(attributes.get(attribute));
  }

  /**
   * Names the resource without its attributes: they may hold secrets (a database password), and a
   * record's default {@code toString()} would print them into logs.
   *
   * @return e.g. {@code ManagedResource[prod: aws_db_instance.main (db-ABC...)]}
   */
  @Override
  public String toString() {
    return "ManagedResource[" + state + ": " + address + " (" + id + ")]";
  }

  /**
   * Whether the state marks this attribute sensitive.
   *
   * @param attribute the Terraform attribute name
   * @return {@code true} if its value must be masked
   */
  public boolean isSensitive(String attribute) {
    return sensitive.contains(attribute);
  }
}
