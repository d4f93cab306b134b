package io.tfdrift.api;

import java.io.Serial;
import java.util.List;

/**
 * Configuration is wrong. Every problem names the full key path, what is wrong and how to fix it,
 * e.g. {@code notifications.slack.webhook_url: missing; set webhook_url or webhook_url_from_env}.
 * Start-up collects all problems and throws them together.
 *
 * @since 0.1.0
 */
public final class ConfigException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The problems, one line each. */
  private final List<String> problems;

  /**
   * One problem at a key.
   *
   * @param keyPath the full key path, e.g. {@code notifications.slack.timeout}
   * @param problem what is wrong and how to fix it
   */
  public ConfigException(String keyPath, String problem) {
    this(List.of(keyPath.isEmpty() ? problem : keyPath + ": " + problem));
  }

  /**
   * Several problems, each already prefixed with its key path.
   *
   * @param problems the problems; at least one
   */
  public ConfigException(List<String> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem, one line each, prefixed with its key path.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }

  private static String summary(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems);
  }
}
