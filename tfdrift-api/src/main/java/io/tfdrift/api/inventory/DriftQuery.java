package io.tfdrift.api.inventory;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A filter, an order and a page over the inventory. Empty sets and empty strings match anything;
 * filters combine with AND. Built with {@link #builder()}.
 *
 * @param statuses drifts with one of these statuses
 * @param severities drifts with one of these severities
 * @param kinds drifts of one of these kinds
 * @param resourceType drifts of this Terraform resource type
 * @param state drifts in this Terraform state
 * @param provider drifts of this cloud provider
 * @param actor drifts whose latest actor is this one
 * @param text drifts whose address, resource id, attribute or actor contain this text, ignoring
 *     case
 * @param sort the order
 * @param descending whether the order is reversed
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param offset how many matching drifts to skip
 * @since 0.1.0
 */
public record DriftQuery(
    Set<DriftStatus> statuses,
    Set<Severity> severities,
    Set<DriftKind> kinds,
    String resourceType,
    String state,
    String provider,
    String actor,
    String text,
    Sort sort,
    boolean descending,
    int limit,
    long offset) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  /** A query. */
  public DriftQuery {
    statuses = Set.copyOf(statuses);
    severities = Set.copyOf(severities);
    kinds = Set.copyOf(kinds);
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sort, "sort");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
  }

  /**
   * A builder for every drift, latest first, 50 a page.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What drifts can be ordered by.
   *
   * @since 0.1.0
   */
  public enum Sort {
    /** The latest occurrence's time. */
    LAST_SEEN,
    /** The first occurrence's time. */
    FIRST_SEEN,
    /** The severity, most severe last (use descending for most severe first). */
    SEVERITY,
    /** The resource address. */
    ADDRESS,
    /** The number of occurrences. */
    OCCURRENCES;

    private final String label = name().toLowerCase(Locale.ROOT);

    /**
     * The lower-case name used in the API, e.g. {@code "last_seen"}.
     *
     * @return the label
     */
    public String label() {
      return label;
    }
  }

  /**
   * Builds a {@link DriftQuery}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Set<DriftStatus> statuses = Set.of();
    private Set<Severity> severities = Set.of();
    private Set<DriftKind> kinds = Set.of();
    private String resourceType = "";
    private String state = "";
    private String provider = "";
    private String actor = "";
    private String text = "";
    private Sort sort = Sort.LAST_SEEN;
    private boolean descending = true;
    private int limit = 50;
    private long offset;

    private Builder() {}

    /**
     * @param value the statuses to match, empty for any
     * @return this builder
     */
    public Builder statuses(Set<DriftStatus> value) {
      statuses = value;
      return this;
    }

    /**
     * @param value the severities to match, empty for any
     * @return this builder
     */
    public Builder severities(Set<Severity> value) {
      severities = value;
      return this;
    }

    /**
     * @param value the kinds to match, empty for any
     * @return this builder
     */
    public Builder kinds(Set<DriftKind> value) {
      kinds = value;
      return this;
    }

    /**
     * @param value the resource type to match, empty for any
     * @return this builder
     */
    public Builder resourceType(String value) {
      resourceType = value;
      return this;
    }

    /**
     * @param value the state to match, empty for any
     * @return this builder
     */
    public Builder state(String value) {
      state = value;
      return this;
    }

    /**
     * @param value the provider to match, empty for any
     * @return this builder
     */
    public Builder provider(String value) {
      provider = value;
      return this;
    }

    /**
     * @param value the actor to match, empty for any
     * @return this builder
     */
    public Builder actor(String value) {
      actor = value;
      return this;
    }

    /**
     * @param value text to search for, empty for any
     * @return this builder
     */
    public Builder text(String value) {
      text = value;
      return this;
    }

    /**
     * @param value the order
     * @param reversed whether it is reversed
     * @return this builder
     */
    public Builder sort(Sort value, boolean reversed) {
      sort = value;
      descending = reversed;
      return this;
    }

    /**
     * @param size the page size
     * @param skip how many drifts to skip
     * @return this builder
     */
    public Builder page(int size, long skip) {
      limit = size;
      offset = skip;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     * @throws IllegalArgumentException if the page is out of range
     */
    public DriftQuery build() {
      return new DriftQuery(
          statuses,
          severities,
          kinds,
          resourceType,
          state,
          provider,
          actor,
          text,
          sort,
          descending,
          limit,
          offset);
    }
  }
}
