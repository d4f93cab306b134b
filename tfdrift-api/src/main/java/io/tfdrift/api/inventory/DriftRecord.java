package io.tfdrift.api.inventory;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One drift in the inventory: what drifted, where it stands and since when. Built with {@link
 * #builder()} or changed with {@link #toBuilder()}.
 *
 * @param key what drifted
 * @param kind the kind of drift
 * @param status where it stands
 * @param severity its current severity: the highest seen while it is open
 * @param provider {@code aws}, {@code gcp}, ...
 * @param state the Terraform state holding the resource, empty for unmanaged drift
 * @param address the resource address, e.g. {@code module.net.aws_security_group.web["a"]}
 * @param resourceType the Terraform resource type
 * @param resourceId the cloud id of the resource
 * @param attribute the drifted attribute for {@code modified} drift, empty otherwise
 * @param actor who made the latest change
 * @param firstSeen the time of the first occurrence since it (re)opened
 * @param lastSeen the time of the latest occurrence
 * @param occurrences how many audit events showed it
 * @param acknowledgement who muted it, while {@link DriftStatus#ACKNOWLEDGED}
 * @param resolution how it was resolved, while {@link DriftStatus#RESOLVED}
 * @param event the latest detection, as DriftEvent JSON
 * @since 0.1.0
 */
public record DriftRecord(
    DriftKey key,
    DriftKind kind,
    DriftStatus status,
    Severity severity,
    String provider,
    String state,
    String address,
    String resourceType,
    String resourceId,
    String attribute,
    String actor,
    Instant firstSeen,
    Instant lastSeen,
    long occurrences,
    Optional<Acknowledgement> acknowledgement,
    Optional<Resolution> resolution,
    String event) {

  /** A record; every component is required ({@code ""} or {@code Optional.empty()} if none). */
  public DriftRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(acknowledgement, "acknowledgement");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(event, "event");
    if (occurrences < 0) {
      throw new IllegalArgumentException("occurrences must not be negative: " + occurrences);
    }
    if ((status == DriftStatus.RESOLVED) != resolution.isPresent()) {
      throw new IllegalArgumentException(
          "a drift has a resolution exactly when it is resolved: status " + status.label());
    }
    if ((status == DriftStatus.ACKNOWLEDGED) != acknowledgement.isPresent()) {
      throw new IllegalArgumentException(
          "a drift has an acknowledgement exactly when it is acknowledged: status "
              + status.label());
    }
  }

  /**
   * A builder with every string empty, no acknowledgement or resolution and zero occurrences.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this record's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.key = key;
    b.kind = kind;
    b.status = status;
    b.severity = severity;
    b.provider = provider;
    b.state = state;
    b.address = address;
    b.resourceType = resourceType;
    b.resourceId = resourceId;
    b.attribute = attribute;
    b.actor = actor;
    b.firstSeen = firstSeen;
    b.lastSeen = lastSeen;
    b.occurrences = occurrences;
    b.acknowledgement = acknowledgement;
    b.resolution = resolution;
    b.event = event;
    return b;
  }

  /**
   * Builds a {@link DriftRecord}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private DriftKey key;
    private DriftKind kind;
    private DriftStatus status = DriftStatus.OPEN;
    private Severity severity;
    private String provider = "";
    private String state = "";
    private String address = "";
    private String resourceType = "";
    private String resourceId = "";
    private String attribute = "";
    private String actor = "";
    private Instant firstSeen;
    private Instant lastSeen;
    private long occurrences;
    private Optional<Acknowledgement> acknowledgement = Optional.empty();
    private Optional<Resolution> resolution = Optional.empty();
    private String event = "{}";

    private Builder() {}

    /**
     * @param value what drifted
     * @return this builder
     */
    public Builder key(DriftKey value) {
      key = value;
      return this;
    }

    /**
     * @param value the kind
     * @return this builder
     */
    public Builder kind(DriftKind value) {
      kind = value;
      return this;
    }

    /**
     * Sets the status; {@link #acknowledgement} and {@link #resolution} must agree with it.
     *
     * @param value the status
     * @return this builder
     */
    public Builder status(DriftStatus value) {
      status = value;
      return this;
    }

    /**
     * @param value the severity
     * @return this builder
     */
    public Builder severity(Severity value) {
      severity = value;
      return this;
    }

    /**
     * @param value the cloud provider
     * @return this builder
     */
    public Builder provider(String value) {
      provider = value;
      return this;
    }

    /**
     * @param value the Terraform state name
     * @return this builder
     */
    public Builder state(String value) {
      state = value;
      return this;
    }

    /**
     * @param value the resource address
     * @return this builder
     */
    public Builder address(String value) {
      address = value;
      return this;
    }

    /**
     * @param value the Terraform resource type
     * @return this builder
     */
    public Builder resourceType(String value) {
      resourceType = value;
      return this;
    }

    /**
     * @param value the cloud id
     * @return this builder
     */
    public Builder resourceId(String value) {
      resourceId = value;
      return this;
    }

    /**
     * @param value the drifted attribute
     * @return this builder
     */
    public Builder attribute(String value) {
      attribute = value;
      return this;
    }

    /**
     * @param value who made the latest change
     * @return this builder
     */
    public Builder actor(String value) {
      actor = value;
      return this;
    }

    /**
     * @param value the first occurrence's time
     * @return this builder
     */
    public Builder firstSeen(Instant value) {
      firstSeen = value;
      return this;
    }

    /**
     * @param value the latest occurrence's time
     * @return this builder
     */
    public Builder lastSeen(Instant value) {
      lastSeen = value;
      return this;
    }

    /**
     * @param value how many audit events showed it
     * @return this builder
     */
    public Builder occurrences(long value) {
      occurrences = value;
      return this;
    }

    /**
     * @param value the acknowledgement, empty unless acknowledged
     * @return this builder
     */
    public Builder acknowledgement(Optional<Acknowledgement> value) {
      acknowledgement = value;
      return this;
    }

    /**
     * @param value the resolution, empty unless resolved
     * @return this builder
     */
    public Builder resolution(Optional<Resolution> value) {
      resolution = value;
      return this;
    }

    /**
     * @param value the latest detection as DriftEvent JSON
     * @return this builder
     */
    public Builder event(String value) {
      event = value;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws NullPointerException if key, kind, severity or a time is missing
     * @throws IllegalArgumentException if status, acknowledgement and resolution disagree
     */
    public DriftRecord build() {
      return new DriftRecord(
          key,
          kind,
          status,
          severity,
          provider,
          state,
          address,
          resourceType,
          resourceId,
          attribute,
          actor,
          firstSeen,
          lastSeen,
          occurrences,
          acknowledgement,
          resolution,
          event);
    }
  }
}
