package io.tfdrift.core.state;

import io.tfdrift.api.ManagedResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Terraform state document, parsed: its managed resource instances and the facts about the
 * snapshot.
 *
 * @param name the state's name in TFDrift, e.g. {@code prod-network} or {@code prod-network/blue}
 *     when one backend holds several workspaces; every resource's {@link ManagedResource#state()}
 * @param workspace the Terraform workspace the document belongs to
 * @param location where the document came from, for messages
 * @param serial the state's {@code serial}, incremented by Terraform on every write
 * @param lineage the state's {@code lineage}, empty if absent
 * @param terraformVersion the Terraform version that wrote it, empty if absent
 * @param managed every current instance of every {@code managed} resource, in document order
 * @param dataSources how many data source instances the state holds (not indexed)
 * @param deposedSkipped how many deposed objects (left over by {@code create_before_destroy}) were
 *     skipped; the current object at the same address is kept
 * @param attributeNames for each type, every attribute name its instances carry, {@code null} ones
 *     included: what the provider that wrote the state knows of the type (an attribute absent here
 *     is one that provider version does not have, not one set to null); a type whose names are
 *     unknown (a pre-0.12 {@code attributes_flat} instance) is left out
 */
public record ParsedState(
    String name,
    String workspace,
    String location,
    long serial,
    String lineage,
    String terraformVersion,
    List<ManagedResource> managed,
    int dataSources,
    int deposedSkipped,
    Map<String, Set<String>> attributeNames) {

  /**
   * A parsed state without attribute names: every attribute counts as known.
   *
   * @param name the state's name
   * @param workspace its workspace
   * @param location where it came from
   * @param serial its serial
   * @param lineage its lineage
   * @param terraformVersion the Terraform version that wrote it
   * @param managed its managed instances
   * @param dataSources how many data source instances it holds
   * @param deposedSkipped how many deposed objects were skipped
   */
  public ParsedState(
      String name,
      String workspace,
      String location,
      long serial,
      String lineage,
      String terraformVersion,
      List<ManagedResource> managed,
      int dataSources,
      int deposedSkipped) {
    this(
        name,
        workspace,
        location,
        serial,
        lineage,
        terraformVersion,
        managed,
        dataSources,
        deposedSkipped,
        Map.of());
  }

  /** Validates the parts and copies the collections. */
  public ParsedState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(terraformVersion, "terraformVersion");
    managed = List.copyOf(managed);
    attributeNames = Map.copyOf(attributeNames);
  }
}
