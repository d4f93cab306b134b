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
 * <p>{@code request} and {@code response} are JSON object trees made of {@link Map} (string keys),
 * {@link List}, {@link String}, {@link Boolean}, {@link Long}, {@link java.math.BigInteger} and
 * {@link java.math.BigDecimal}; JSON {@code null} members are omitted, so a missing key and a null
 * value read the same. Decoders hand over trees nobody modifies afterwards; this record wraps them
 * read-only but does not deep-copy them, because events are decoded on the hot path.
 *
 * <p>Unknown strings are empty, never {@code null}.
 *
 * @param provider the cloud: {@code "aws"}, {@code "gcp"}, ...
 * @param service the service that handled the call: {@code ec2.amazonaws.com}, {@code
 *     compute.googleapis.com}
 * @param action the API call: {@code ModifyInstanceAttribute}, {@code
 *     v1.compute.instances.setLabels}
 * @param eventId the carrier's unique id for this call (CloudTrail {@code eventID}, GCP {@code
 *     insertId})
 * @param time when the call happened
 * @param actor who made the call
 * @param accountId the AWS account id or GCP project id the call was made in
 * @param region the region or location, if known
 * @param sourceIp the caller's IP address, if known
 * @param userAgent the caller's user agent, if known
 * @param request the call's request parameters
 * @param response the call's response elements
 * @param resources resource names or ARNs the carrier lists for the call (CloudTrail {@code
 *     resources[].ARN}, GCP {@code protoPayload.resourceName})
 * @param errorCode the error code of a failed call, empty if it succeeded
 * @param readOnly whether the call only reads
 * @param attributes carrier-specific facts, e.g. {@code gcp.operation.id}, {@code falco.rule}
 * @since 0.1.0
 */
public record AuditEvent(
    String provider,
    String service,
    String action,
    String eventId,
    Instant time,
    Actor actor,
    String accountId,
    String region,
    String sourceIp,
    String userAgent,
    Map<String, Object> request,
    Map<String, Object> response,
    List<String> resources,
    String errorCode,
    boolean readOnly,
    Map<String, String> attributes) {

  /** Validates that nothing is {@code null} and makes the collections read-only. */
  public AuditEvent {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(userAgent, "userAgent");
    request = Collections.unmodifiableMap(Objects.requireNonNull(request, "request"));
    response = Collections.unmodifiableMap(Objects.requireNonNull(response, "response"));
    resources = List.copyOf(resources);
    Objects.requireNonNull(errorCode, "errorCode");
    attributes = Map.copyOf(attributes);
  }

  /**
   * Whether the call failed (an error code is set). Failed calls never drift.
   *
   * @return {@code true} if {@link #errorCode()} is not empty
   */
  public boolean failed() {
    return !errorCode.isEmpty();
  }

  /**
   * Starts a builder for the given call; every other part defaults to empty.
   *
   * @param provider the cloud, e.g. {@code "aws"}
   * @param service the service, e.g. {@code "ec2.amazonaws.com"}
   * @param action the call, e.g. {@code "ModifyInstanceAttribute"}
   * @return a builder
   */
  public static Builder builder(String provider, String service, String action) {
    return new Builder(provider, service, action);
  }

  /**
   * Builds an {@link AuditEvent} part by part. Meant for event sources and tests; decoders on the
   * hot path call the canonical constructor.
   *
   * <pre>{@code
   * AuditEvent e = AuditEvent.builder("aws", "ec2.amazonaws.com", "ModifyInstanceAttribute")
   *     .eventId("6b1c...").request(Map.of("instanceId", "i-0abc")).build();
   * }</pre>
   */
  public static final class Builder {
    private final String provider;
    private final String service;
    private final String action;
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

    private Builder(String provider, String service, String action) {
      this.provider = provider;
      this.service = service;
      this.action = action;
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
     * Sets the request tree.
     *
     * @param value the request parameters as a JSON object tree
     * @return this builder
     */
    public Builder request(Map<String, Object> value) {
      this.request = value;
      return this;
    }

    /**
     * Sets the response tree.
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
     */
    public AuditEvent build() {
      return new AuditEvent(
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
  }
}
