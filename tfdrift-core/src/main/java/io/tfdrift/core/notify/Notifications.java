package io.tfdrift.core.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Dispatcher} from the {@code notifications} section: one notifier per enabled
 * {@code notifications.<type>} (its delivery keys read by {@link DeliveryPolicy}, the rest by the
 * notifier's provider) and the {@code dead_letter_path}.
 */
public final class Notifications {
  private static final String DEAD_LETTER_PATH = "dead_letter_path";

  private Notifications() {}

  /**
   * Creates every configured notifier and the dispatcher that delivers to them.
   *
   * @param section the {@code notifications} section
   * @param registry the discovered providers
   * @param workers {@code performance.notifier_workers}
   * @param capacity {@code performance.queue_capacity}, per notifier
   * @param meters where metrics go
   * @return the dispatcher, running
   * @throws ConfigException listing every problem; notifiers already created are closed
   */
  public static Dispatcher dispatcher(
      ComponentConfig section,
      ProviderRegistry registry,
      int workers,
      int capacity,
      MeterRegistry meters) {
    List<String> problems = new ArrayList<>();
    Dispatcher.Builder builder =
        Dispatcher.builder().workers(workers).laneCapacity(capacity).meterRegistry(meters);
    List<Notifier> created = new ArrayList<>();
    String deadLetters = section.string(DEAD_LETTER_PATH, "");
    if (!deadLetters.isEmpty()) {
      builder.deadLetterPath(Path.of(deadLetters));
    }
    for (String type : section.keys()) {
      if (type.equals(DEAD_LETTER_PATH)) {
        continue;
      }
      try {
        ComponentConfig n = section.child(type);
        if (!n.bool("enabled", true)) {
          ConfigSection.of(section).skip(type);
          continue;
        }
        DeliveryPolicy policy = DeliveryPolicy.read(type, n);
        Notifier notifier = registry.get(ProviderKind.NOTIFIER, type, n.path()).create(n);
        created.add(notifier);
        builder.route(policy, notifier);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      created.forEach(Notifier::close);
      throw new ConfigException(problems);
    }
    return builder.build();
  }
}
