package io.tfdrift.core.notify;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Transition;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the dispatcher delivers to one notifier: the keys every {@code notifications.<type>} section
 * has besides the notifier's own.
 *
 * @param name the notifier's name (its type)
 * @param timeout how long one attempt may take ({@code timeout}, default 10s)
 * @param maxRetries how many times a retryable failure is retried ({@code max_retries}, default 3)
 * @param backoff the first retry's base delay ({@code backoff}, default 1s), doubled per retry
 * @param maxBackoff the longest delay between attempts ({@code max_backoff}, default 60s)
 * @param rateLimit at most this many attempts per {@link #ratePeriod} ({@code rate_limit}, e.g.
 *     {@code 10/s}, {@code 600/m}); 0 for no limit
 * @param ratePeriod the rate limit's period
 * @param minSeverity the least severe drift delivered ({@code min_severity}, default info)
 * @param rules deliver only drift that matched one of these rules ({@code rules}); empty for all
 * @param dedupWindow the same drift id is delivered once within this window ({@code dedup_window},
 *     default 10m); zero to deliver repeats. Without a drift inventory only: the inventory notifies
 *     once per transition of a drift
 * @param notifyOn the transitions of a drift this notifier hears of, with a drift inventory ({@code
 *     notify_on}, default all: opened, escalated, renotified, resolved)
 */
public record DeliveryPolicy(
    String name,
    Duration timeout,
    int maxRetries,
    Duration backoff,
    Duration maxBackoff,
    int rateLimit,
    Duration ratePeriod,
    Severity minSeverity,
    List<String> rules,
    Duration dedupWindow,
    Set<Transition> notifyOn) {

  /** Validates the parts and copies the list. */
  public DeliveryPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(ratePeriod, "ratePeriod");
    Objects.requireNonNull(minSeverity, "minSeverity");
    rules = List.copyOf(rules);
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    notifyOn = Set.copyOf(notifyOn);
  }

  /**
   * Reads the dispatcher's keys from a notifier's section; the notifier reads the rest.
   *
   * @param name the notifier's name
   * @param section its section, e.g. {@code notifications.slack}
   * @return the policy
   * @throws io.tfdrift.api.ConfigException naming the key and the fix
   */
  public static DeliveryPolicy read(String name, ComponentConfig section) {
    Duration timeout = positive(section, "timeout", Duration.ofSeconds(10));
    int retries = section.integer("max_retries", 3);
    if (retries < 0) {
      throw section.invalid("max_retries", retries + " must be 0 or more");
    }
    Duration backoff = positive(section, "backoff", Duration.ofSeconds(1));
    Duration maxBackoff = positive(section, "max_backoff", Duration.ofSeconds(60));
    String rate = section.string("rate_limit", "");
    int permits = 0;
    Duration period = Duration.ofSeconds(1);
    if (!rate.isEmpty()) {
      String[] parts = rate.split("/");
      try {
        permits = Integer.parseInt(parts[0].strip());
        period =
            switch (parts.length == 2 ? parts[1].strip() : "") {
              case "s" -> Duration.ofSeconds(1);
              case "m" -> Duration.ofMinutes(1);
              case "h" -> Duration.ofHours(1);
              default -> throw new NumberFormatException();
            };
      } catch (NumberFormatException e) {
        throw section.invalid(
            "rate_limit", "'" + rate + "' is not a rate; write it as 10/s, 600/m or 1000/h");
      }
      if (permits <= 0) {
        throw section.invalid("rate_limit", "'" + rate + "' must allow at least 1");
      }
    }
    String min = section.string("min_severity", "info");
    Severity minSeverity;
    try {
      minSeverity = Severity.parse(min);
    } catch (IllegalArgumentException e) {
      throw section.invalid("min_severity", e.getMessage());
    }
    Duration dedup = section.duration("dedup_window", Duration.ofMinutes(10));
    Set<Transition> notifyOn = EnumSet.noneOf(Transition.class);
    List<String> on = section.strings("notify_on");
    if (on.isEmpty() && !section.keys().contains("notify_on")) {
      notifyOn = EnumSet.allOf(Transition.class);
    }
    for (String label : on) {
      Transition t = TRANSITIONS.get(label.strip().toLowerCase(Locale.ROOT));
      if (t == null) {
        throw section.invalid(
            "notify_on",
            "'" + label + "' is not a transition; use some of " + TRANSITIONS.keySet());
      }
      notifyOn.add(t);
    }
    return new DeliveryPolicy(
        name,
        timeout,
        retries,
        backoff,
        maxBackoff,
        permits,
        period,
        minSeverity,
        section.strings("rules"),
        dedup,
        notifyOn);
  }

  private static final Map<String, Transition> TRANSITIONS = new LinkedHashMap<>();

  static {
    for (Transition t : Transition.values()) {
      TRANSITIONS.put(t.label(), t);
    }
  }

  private static Duration positive(ComponentConfig section, String key, Duration dflt) {
    Duration d = section.duration(key, dflt);
    if (d.isZero() || d.isNegative()) {
      throw section.invalid(key, "must be longer than 0");
    }
    return d;
  }

  /** Whether this notifier wants the drift at all. */
  boolean wants(DriftEvent event) {
    if (!event.severity().atLeast(minSeverity)) {
      return false;
    }
    if (rules.isEmpty()) {
      return true;
    }
    for (String rule : event.matchedRules()) {
      if (rules.contains(rule)) {
        return true;
      }
    }
    return false;
  }

  /** The delay before retry {@code n} (1-based): exponential, capped, with full jitter. */
  Duration delayBefore(int retry, double random) {
    long base = backoff.toMillis() << Math.min(30, retry - 1);
    long capped = Math.min(maxBackoff.toMillis(), base < 0 ? Long.MAX_VALUE : base);
    return Duration.ofMillis((long) (capped * random));
  }
}
