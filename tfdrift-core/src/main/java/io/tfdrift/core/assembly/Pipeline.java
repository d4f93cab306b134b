package io.tfdrift.core.assembly;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.core.Detection;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What happens to one audit event, the same in the daemon and in {@code tfdrift replay --notify}:
 * the engine detects and classifies drift, the plugins see it (and may label it), then it is handed
 * to delivery.
 *
 * <pre>{@code
 * Detection d = components.pipeline().process(event);
 * }</pre>
 */
public final class Pipeline {
  private final TfDrift engine;
  private final Plugins plugins;
  private final Consumer<DriftEvent> delivery;

  /**
   * A pipeline.
   *
   * @param engine detects and classifies
   * @param plugins see each drift before delivery; {@link Plugins#none()} for none
   * @param delivery where drift goes, e.g. {@code dispatcher::submit}
   */
  public Pipeline(TfDrift engine, Plugins plugins, Consumer<DriftEvent> delivery) {
    this.engine = engine;
    this.plugins = plugins;
    this.delivery = delivery;
  }

  /**
   * Processes one audit event.
   *
   * @param event the event
   * @return what became of it, with the drift as delivered (with the plugins' labels)
   */
  public Detection process(AuditEvent event) {
    Detection d = engine.process(event);
    List<DriftEvent> drift = d.drift();
    if (drift.isEmpty()) {
      return d;
    }
    if (plugins.isEmpty()) {
      for (int i = 0; i < drift.size(); i++) {
        delivery.accept(drift.get(i));
      }
      return d;
    }
    List<DriftEvent> delivered = new ArrayList<>(drift.size());
    for (DriftEvent e : drift) {
      DriftEvent labelled = plugins.onDrift(e);
      delivery.accept(labelled);
      delivered.add(labelled);
    }
    return new Detection(d.outcome(), delivered, d.suppressed());
  }
}
