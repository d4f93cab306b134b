package io.tfdrift.core.assembly;

import io.tfdrift.api.ComponentConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code store} section's own keys; the store's provider reads the rest ({@code path}, {@code
 * url}, ...).
 *
 * @param type the store's type ({@code type}, default {@value #DEFAULT_TYPE}), or {@value #NONE}
 * @param retention how long resolved drifts are kept ({@code retention}, default 90 days)
 * @param renotifyAfter after how long without a sighting an open drift seen again is notified again
 *     ({@code renotify_after}, default 0: never)
 * @param owner this replica's name in outbox claims ({@code replica}, default the host name)
 * @param lease how long a claimed notification stays with this replica before another (or this one
 *     after a crash) may deliver it ({@code lease}, default 30s); renewed while a delivery lasts
 */
public record StoreSettings(
    String type, Duration retention, Duration renotifyAfter, String owner, Duration lease) {
  /** The default {@code store.type}. */
  public static final String DEFAULT_TYPE = "sqlite";

  /** {@code store.type: none}: no inventory; every detection is delivered as it comes. */
  public static final String NONE = "none";

  /** How often the outbox looks for notifications nobody woke it for. */
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * Reads the section.
   *
   * @param section the {@code store} section
   * @return the settings
   * @throws io.tfdrift.api.ConfigException naming the key and the fix
   */
  public static StoreSettings read(ComponentConfig section) {
    String type = section.string("type", DEFAULT_TYPE).strip().toLowerCase(Locale.ROOT);
    Duration retention = section.duration("retention", Duration.ofDays(90));
    if (retention.isNegative() || retention.isZero()) {
      throw section.invalid("retention", "must be longer than 0, e.g. 90d");
    }
    Duration renotify = section.duration("renotify_after", Duration.ZERO);
    if (renotify.isNegative()) {
      throw section.invalid("renotify_after", "must be 0 (never) or longer, e.g. 24h");
    }
    String owner = section.string("replica", defaultOwner()).strip();
    Duration lease = section.duration("lease", Duration.ofSeconds(30));
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw section.invalid("lease", "must be 1s or longer, e.g. 30s");
    }
    return new StoreSettings(type, retention, renotify, owner, lease);
  }

  private static String defaultOwner() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "tfdrift" : host)
        + "-"
        + ProcessHandle.current().pid();
  }
}
