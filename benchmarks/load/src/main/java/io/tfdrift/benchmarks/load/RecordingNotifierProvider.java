package io.tfdrift.benchmarks.load;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;

/**
 * Notifier {@code load-recorder}: hands every DriftEvent to the {@link LatencyRecorder}, in the
 * daemon's own notifier workers, so that the measured latency is the daemon's whole path: HTTP
 * receiver, decoder, queue, detection, rules, dispatcher, notifier.
 *
 * <pre>{@code
 * notifications:
 *   load-recorder: {}
 * }</pre>
 */
@AutoService(NotifierProvider.class)
public final class RecordingNotifierProvider implements NotifierProvider {
  static final String TYPE = "load-recorder";

  /** Creates the provider; ServiceLoader calls this. */
  public RecordingNotifierProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Notifier create(ComponentConfig config) {
    return LatencyRecorder.INSTANCE::delivered;
  }
}
