package io.tfdrift.core.assembly;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.config.Problems;

/**
 * The {@code performance} section. Its defaults are written here and nowhere else.
 *
 * @param eventWorkerCount detection workers ({@code event_worker_count}, default {@value
 *     #EVENT_WORKERS})
 * @param stateParserWorkers state parsing threads ({@code state_parser_workers}, default {@value
 *     #STATE_PARSERS})
 * @param notifierWorkers delivery threads shared by the notifiers ({@code notifier_workers},
 *     default {@value #NOTIFIER_WORKERS})
 * @param queueCapacity audit events waiting for detection, and drift waiting per notifier ({@code
 *     queue_capacity}, default {@value #QUEUE_CAPACITY})
 */
public record Performance(
    int eventWorkerCount, int stateParserWorkers, int notifierWorkers, int queueCapacity) {

  /** Default {@code event_worker_count}. */
  public static final int EVENT_WORKERS = 10;

  /** Default {@code state_parser_workers}. */
  public static final int STATE_PARSERS = 5;

  /** Default {@code notifier_workers}. */
  public static final int NOTIFIER_WORKERS = 3;

  /** Default {@code queue_capacity}. */
  public static final int QUEUE_CAPACITY = 10_000;

  /** The defaults, for a configuration without the section. */
  public static final Performance DEFAULTS =
      new Performance(EVENT_WORKERS, STATE_PARSERS, NOTIFIER_WORKERS, QUEUE_CAPACITY);

  /** Every count is at least 1. */
  public Performance {
    if (eventWorkerCount < 1
        || stateParserWorkers < 1
        || notifierWorkers < 1
        || queueCapacity < 1) {
      throw new IllegalArgumentException("every performance setting must be at least 1");
    }
  }

  /**
   * Reads the section; a bad value is a problem and its default is used meanwhile.
   *
   * @param section the {@code performance} section
   * @param problems where problems go
   * @return the settings
   */
  public static Performance read(ComponentConfig section, Problems problems) {
    return new Performance(
        positive(section, "event_worker_count", EVENT_WORKERS, problems),
        positive(section, "state_parser_workers", STATE_PARSERS, problems),
        positive(section, "notifier_workers", NOTIFIER_WORKERS, problems),
        positive(section, "queue_capacity", QUEUE_CAPACITY, problems));
  }

  private static int positive(ComponentConfig c, String key, int dflt, Problems problems) {
    return problems
        .read(
            () -> {
              int value = c.integer(key, dflt);
              if (value <= 0) {
                throw c.invalid(key, value + " must be greater than 0");
              }
              return value;
            })
        .orElse(dflt);
  }
}
