package io.tfdrift.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One normalised cloud control-plane call, whatever carried it (a Falco alert, a CloudTrail log
 * file, a GCP audit log entry, a queue message).
 *
 * <p>Made only with {@link #builder()}, so that a part added in a later release is a new builder
 * method with a default rather than a change that breaks every event source:
 *
 * <pre>{@code
 * AuditEvent event = AuditEvent.builder()
 *     .provider("aws").service("ec2.amazonaws.com").action("ModifyInstanceAttribute")
 *     .eventId("6b1c...").time(Instant.parse("2026-11-23T09:30:00Z"))
 *     .request(Map.of("instanceId", "i-0abc"))
 *     .build();
 * }</pre>
 *
 * <p>{@code request} and {@code response} are JSON object trees made of {@link Map} (string keys),
 * {@link List}, {@link String}, {@link Boolean}, {@link Long}, {@link java.math.BigInteger} and
 * {@link java.math.BigDecimal}; JSON {@code null} members are omitted, so a missing key and a null
 * value read the same. Decoders hand over trees nobody modifies afterwards; the event wraps them
 * read-only but does not deep-copy them, because events are decoded on the hot path.
 *
 * <p>Unknown strings are empty, never {@code null}. Two events are equal when all their parts are.
 *
 * @since 0.1.0
 */
public final class AuditEvent {
  private final String provider;
  private final String service;
  private final String action;
  private final String eventId;
  private final Instant time;
  private final Actor actor;
  private final String accountId;
  private final String region;
  private final String sourceIp;
  private final String userAgent;
  private final Map<String, Object> request;
  private final Map<String, Object> response;
  private final List<String> resources;
  private final String errorCode;
  private final boolean readOnly;
  private final Map<String, String> attributes;

  private AuditEvent(Builder b) {
    this.provider = Objects.requireNonNull(b.provider, "provider");
    this.service = Objects.requireNonNull(b.service, "service");
    this.action = Objects.requireNonNull(b.action, "action");
    this.eventId = Objects.requireNonNull(b.eventId, "eventId");
    this.time = Objects.requireNonNull(b.time, "time");
    this.actor = Objects.requireNonNull(b.actor, "actor");
    this.accountId = Objects.requireNonNull(b.accountId, "accountId");
    this.region = Objects.requireNonNull(b.region, "region");
    this.sourceIp = Objects.requireNonNull(b.sourceIp, "sourceIp");
    this.userAgent = Objects.requireNonNull(b.userAgent, "userAgent");
    this.request = Collections.unmodifiableMap(Objects.requireNonNull(b.request, "request"));
    this.response = Collections.unmodifiableMap(Objects.requireNonNull(b.response, "response"));
    this.resources = List.copyOf(b.resources);
    this.errorCode = Objects.requireNonNull(b.errorCode, "errorCode");
    this.readOnly = b.readOnly;
    this.attributes = Map.copyOf(b.attributes);
  }

  /**
   * Starts a builder. {@code provider}, {@code service} and {@code action} must be set; every other
   * part defaults to empty ({@link Actor#UNKNOWN}, {@link Instant#EPOCH}, empty strings and
   * collections, not read-only).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder holding every part of this event, to make a copy that differs in some parts.
   *
   * @return a new builder with this event's parts
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider;
    b.service = service;
    b.action = action;
    b.eventId = eventId;
    b.time = time;
    b.actor = actor;
    b.accountId = accountId;
    b.region = region;
    b.sourceIp = sourceIp;
    b.userAgent = userAgent;
    b.request = request;
    b.response = response;
    b.resources = resources;
    b.errorCode = errorCode;
    b.readOnly = readOnly;
    b.attributes = attributes;
    return b;
  }

  /**
   * The cloud.
   *
   * @return {@code "aws"}, {@code "gcp"}, ...
   */
  public String provider() {
    return provider;
  }

  /**
   * The service that handled the call.
   *
   * @return e.g. {@code ec2.amazonaws.com}, {@code compute.googleapis.com}
   */
  public String service() {
    return service;
  }

  /**
   * The API call.
   *
   * @return e.g. {@code ModifyInstanceAttribute}, {@code v1.compute.instances.setLabels}
   */
  public String action() {
    return action;
  }

  /**
   * The carrier's unique id for this call (CloudTrail {@code eventID}, GCP {@code insertId}).
   *
   * @return the id, empty if unknown
   */
  public String eventId() {
    return eventId;
  }

  /**
   * When the call happened.
   *
   * @return the time
   */
  public Instant time() {
    return time;
  }

  /**
   * Who made the call.
   *
   * @return the caller, {@link Actor#UNKNOWN} if unknown
   */
  public Actor actor() {
    return actor;
  }

  /**
   * The AWS account id or GCP project id the call was made in.
   *
   * @return the account or project, empty if unknown
   */
  public String accountId() {
    return accountId;
  }

  /**
   * The region or location.
   *
   * @return the region, empty if unknown
   */
  public String region() {
    return region;
  }

  /**
   * The caller's IP address.
   *
   * @return the address, empty if unknown
   */
  public String sourceIp() {
    return sourceIp;
  }

  /**
   * The caller's user agent.
   *
   * @return the user agent, empty if unknown
   */
  public String userAgent() {
    return userAgent;
  }

  /**
   * The call's request parameters.
   *
   * @return a read-only JSON object tree
   */
  public Map<String, Object> request() {
    return request;
  }

  /**
   * The call's response elements.
   *
   * @return a read-only JSON object tree
   */
  public Map<String, Object> response() {
    return response;
  }

  /**
   * Resource names or ARNs the carrier lists for the call (CloudTrail {@code resources[].ARN}, GCP
   * {@code protoPayload.resourceName}).
   *
   * @return the resources, possibly empty
   */
  public List<String> resources() {
    return resources;
  }

  /**
   * The error code of a failed call.
   *
   * @return the code, empty if the call succeeded
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * Whether the call only reads.
   *
   * @return {@code true} for a read-only call
   */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * Carrier-specific facts, e.g. {@code gcp.operation.id}, {@code falco.rule}.
   *
   * @return the attributes, possibly empty
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * Whether the call failed (an error code is set). Failed calls never drift.
   *
   * @return {@code true} if {@link #errorCode()} is not empty
   */
  public boolean failed() {
    return !errorCode.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEvent e
        && readOnly == e.readOnly
        && provider.equals(e.provider)
        && service.equals(e.service)
        && action.equals(e.action)
        && eventId.equals(e.eventId)
        && time.equals(e.time)
        && actor.equals(e.actor)
        && accountId.equals(e.accountId)
        && region.equals(e.region)
        && sourceIp.equals(e.sourceIp)
        && userAgent.equals(e.userAgent)
        && request.equals(e.request)
        && response.equals(e.response)
        && resources.equals(e.resources)
        && errorCode.equals(e.errorCode)
        && attributes.equals(e.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        provider,
        service,
        action,
        eventId,
        time,
        actor,
        accountId,
        region,
        sourceIp,
        userAgent,
        request,
        response,
        resources,
        errorCode,
        readOnly,
        attributes);
  }

  @Override
  public String toString() {
    return "AuditEvent[provider="
        + provider
        + ", service="
        + service
        + ", action="
        + action
        + ", eventId="
        + eventId
        + ", time="
        + time
        + ", actor="
        + actor
        + ", accountId="
        + accountId
        + ", region="
        + region
        + ", errorCode="
        + errorCode
        + ", readOnly="
        + readOnly
        + "]";
  }

  /**
   * Builds an {@link AuditEvent} part by part; see {@link AuditEvent#builder()}. A builder is not
   * thread-safe; {@link #build()} may be called more than once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String provider;
    private String service;
    private String action;
    private String eventId = "";
    private Instant time = Instant.EPOCH;
    private Actor actor = Actor.UNKNOWN;
    private String accountId = "";
    private String region = "";
    private String sourceIp = "";
    private String userAgent = "";
    private Map<String, Object> request = Map.of();
    private Map<String, Object> response = Map.of();
    private List<String> resources = List.of();
    private String errorCode = "";
    private boolean readOnly;
    private Map<String, String> attributes = Map.of();

    private Builder() {}

    /**
     * Sets the cloud (required).
     *
     * @param value e.g. {@code "aws"}, {@code "gcp"}
     * @return this builder
     */
    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    /**
     * Sets the service that handled the call (required).
     *
     * @param value e.g. {@code "ec2.amazonaws.com"}
     * @return this builder
     */
    public Builder service(String value) {
      this.service = value;
      return this;
    }

    /**
     * Sets the API call (required).
     *
     * @param value e.g. {@code "ModifyInstanceAttribute"}
     * @return this builder
     */
    public Builder action(String value) {
      this.action = value;
      return this;
    }

    /**
     * Sets the event id.
     *
     * @param value the carrier's unique id
     * @return this builder
     */
    public Builder eventId(String value) {
      this.eventId = value;
      return this;
    }

    /**
     * Sets the time of the call.
     *
     * @param value when it happened
     * @return this builder
     */
    public Builder time(Instant value) {
      this.time = value;
      return this;
    }

    /**
     * Sets the caller.
     *
     * @param value who made the call
     * @return this builder
     */
    public Builder actor(Actor value) {
      this.actor = value;
      return this;
    }

    /**
     * Sets the account or project.
     *
     * @param value the AWS account id or GCP project id
     * @return this builder
     */
    public Builder accountId(String value) {
      this.accountId = value;
      return this;
    }

    /**
     * Sets the region.
     *
     * @param value the region or location
     * @return this builder
     */
    public Builder region(String value) {
      this.region = value;
      return this;
    }

    /**
     * Sets the caller's IP address.
     *
     * @param value the source IP
     * @return this builder
     */
    public Builder sourceIp(String value) {
      this.sourceIp = value;
      return this;
    }

    /**
     * Sets the caller's user agent.
     *
     * @param value the user agent
     * @return this builder
     */
    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    /**
     * Sets the request tree. It is wrapped read-only, not copied: do not modify it afterwards.
     *
     * @param value the request parameters as a JSON object tree
     * @return this builder
     */
    public Builder request(Map<String, Object> value) {
      this.request = value;
      return this;
    }

    /**
     * Sets the response tree. It is wrapped read-only, not copied: do not modify it afterwards.
     *
     * @param value the response elements as a JSON object tree
     * @return this builder
     */
    public Builder response(Map<String, Object> value) {
      this.response = value;
      return this;
    }

    /**
     * Sets the resource names or ARNs the carrier lists.
     *
     * @param value the resources
     * @return this builder
     */
    public Builder resources(List<String> value) {
      this.resources = value;
      return this;
    }

    /**
     * Marks the call as failed.
     *
     * @param value the error code, empty for success
     * @return this builder
     */
    public Builder errorCode(String value) {
      this.errorCode = value;
      return this;
    }

    /**
     * Marks the call as read-only.
     *
     * @param value whether the call only reads
     * @return this builder
     */
    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    /**
     * Sets carrier-specific facts.
     *
     * @param value the attributes
     * @return this builder
     */
    public Builder attributes(Map<String, String> value) {
      this.attributes = value;
      return this;
    }

    /**
     * Builds the event.
     *
     * @return a new event
     * @throws NullPointerException naming the part if a required part is unset or any part is
     *     {@code null}
     */
    public AuditEvent build() {
      return new AuditEvent(this);
    }
  }
}
