package io.tfdrift.core.plugin;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels one plugin adds to drift while its {@code onDriftDetected} callback for that drift is
 * open. A window opens per drift id when the callback is queued and closes when the engine takes
 * its labels; the same drift shown twice at once shares one window until both are taken.
 */
final class AnnotationWindows {

  /** Labels added to one drift while its window was open. */
  private static final class Window {
    final Map<String, String> labels = new LinkedHashMap<>();
    int refs;
  }

  private final Map<String, Window> open = new HashMap<>();

  /** Opens (or joins) the window of a drift. */
  synchronized void open(String driftId) {
    open.computeIfAbsent(driftId, id -> new Window()).refs++;
  }

  /**
   * Adds a label to a drift whose window is open.
   *
   * @return {@code false} if the drift has no open window: the label came too late
   */
  synchronized boolean add(String driftId, String key, String value) {
    Window w = open.get(driftId);
    if (w == null) {
      return false;
    }
    w.labels.put(key, value);
    return true;
  }

  /** Closes (or leaves) a drift's window and returns the labels added in it, in order. */
  synchronized Map<String, String> take(String driftId) {
    Window w = open.get(driftId);
    if (w == null) {
      return Map.of();
    }
    if (--w.refs == 0) {
      open.remove(driftId);
    }
    return new LinkedHashMap<>(w.labels);
  }
}
