package io.tfdrift.api.spi;

import io.tfdrift.api.ManagedResource;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of every loaded Terraform state, as indexed.
 *
 * @since 0.1.0
 */
public interface StateView {

  /**
   * Finds a resource by type and any identifier it carries ({@code id}, ARN, name, self link).
   *
   * @param type the Terraform resource type
   * @param identifier the identifier
   * @return the resource, or empty
   */
  Optional<ManagedResource> find(String type, String identifier);

  /**
   * The names of the loaded states.
   *
   * @return the names
   */
  Set<String> states();

  /**
   * How many resource instances are indexed across all states.
   *
   * @return the count
   */
  int size();
}
