package io.tfdrift.core.config;

import io.tfdrift.api.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every configuration problem found while building, in the order found and without repeats, so that
 * start-up and {@code tfdrift validate} report them all at once. Readers throw {@link
 * ConfigException} as usual; {@link #read} and {@link #check} catch it here, once, instead of at
 * every call site.
 *
 * <pre>{@code
 * Problems problems = new Problems();
 * int workers = problems.read(() -> performance.integer("notifier_workers", 3)).orElse(3);
 * problems.check(() -> section.string("listen", ":8080"));
 * problems.throwIfAny();
 * }</pre>
 */
public final class Problems {
  private final Set<String> found = new LinkedHashSet<>();

  /** An empty collector. */
  public Problems() {}

  /**
   * Reads a value; a {@link ConfigException} becomes problems.
   *
   * @param read the reader
   * @param <T> the value's type
   * @return the value, or empty when it could not be read
   */
  public <T> Optional<T> read(Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (ConfigException e) {
      found.addAll(e.problems());
      return Optional.empty();
    }
  }

  /**
   * Calls a provider's {@code create}: a {@link ConfigException} becomes problems, and so does any
   * other failure, under the key path that chose the provider, so that one bad provider neither
   * hides the others' problems nor leaks what was built before it.
   *
   * @param path the key path, e.g. {@code notifications.slack}
   * @param create the call
   * @param <T> what it creates
   * @return what was created, or empty when it failed
   */
  public <T> Optional<T> create(String path, Supplier<T> create) {
    try {
      return read(create);
    } catch (RuntimeException | LinkageError e) {
      found.add(path + ": could not be created: " + e);
      return Optional.empty();
    }
  }

  /**
   * Runs a check; a {@link ConfigException} becomes problems.
   *
   * @param check the check
   * @return whether it passed
   */
  public boolean check(Runnable check) {
    try {
      check.run();
      return true;
    } catch (ConfigException e) {
      found.addAll(e.problems());
      return false;
    }
  }

  /**
   * Adds one problem.
   *
   * @param problem {@code key.path: what is wrong; the fix}
   */
  public void add(String problem) {
    found.add(problem);
  }

  /**
   * Adds problems.
   *
   * @param problems each {@code key.path: what is wrong; the fix}
   */
  public void addAll(Collection<String> problems) {
    found.addAll(problems);
  }

  /**
   * Whether nothing was found.
   *
   * @return {@code true} without problems
   */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * The problems so far.
   *
   * @return them, in the order found
   */
  public List<String> list() {
    return List.copyOf(new ArrayList<>(found));
  }

  /**
   * Throws every problem found, if any.
   *
   * @throws ConfigException listing them
   */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ConfigException(list());
    }
  }
}
