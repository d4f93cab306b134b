package io.tfdrift.core.detect;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ManagedResource;
import java.util.Objects;

/**
 * What a call showed besides drift, for the drift inventory to close drift it already holds: an
 * attribute the call left as state holds it (a revert, or Terraform's own apply), a managed
 * resource Terraform's own call changed, or a deleted resource that no state holds. Reported only
 * when the engine is built with {@link io.tfdrift.core.TfDrift.Builder#reportEvidence}, that is
 * when an inventory is kept.
 */
public sealed interface Evidence {

  /**
   * The call that showed it.
   *
   * @return the call
   */
  AuditEvent event();

  /**
   * The call set an attribute of a managed resource to what state holds, or changed it in a way
   * that leaves state's value as it is (a partial change such as a revoked rule state does not
   * hold).
   *
   * @param event the call
   * @param resource the resource, as state holds it
   * @param attribute the attribute
   * @param change what the call did to it
   */
  record InSync(
      AuditEvent event, ManagedResource resource, String attribute, AttributeChange change)
      implements Evidence {
    /** Evidence of an attribute in sync. */
    public InSync {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * Terraform's own call changed a managed resource: the next state refresh shows what it applied.
   *
   * @param event the call
   * @param resource the resource, as state held it before
   */
  record Touched(AuditEvent event, ManagedResource resource) implements Evidence {
    /** Evidence of Terraform's change. */
    public Touched {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(resource, "resource");
    }
  }

  /**
   * The call deleted a resource that no state holds.
   *
   * @param event the call
   * @param type its Terraform type
   * @param id its first identifier, as an unmanaged drift of it is keyed
   */
  record Deleted(AuditEvent event, String type, String id) implements Evidence {
    /** Evidence of a deletion. */
    public Deleted {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }
  }
}
