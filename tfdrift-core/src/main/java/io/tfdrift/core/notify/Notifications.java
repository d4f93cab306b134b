package io.tfdrift.core.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.Problems;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
   * @throws io.tfdrift.api.ConfigException listing every problem; notifiers already created are
   *     closed
   */
  public static Dispatcher dispatcher(
      ComponentConfig section,
      ProviderRegistry registry,
      int workers,
      int capacity,
      MeterRegistry meters) {
    Problems problems = new Problems();
    Dispatcher.Builder builder =
        Dispatcher.builder().workers(workers).laneCapacity(capacity).meterRegistry(meters);
    List<Notifier> created = new ArrayList<>();
    problems
        .read(() -> section.string(DEAD_LETTER_PATH, ""))
        .filter(path -> !path.isEmpty())
        .ifPresent(path -> builder.deadLetterPath(Path.of(path)));
    for (String type : section.keys()) {
      if (type.equals(DEAD_LETTER_PATH)) {
        continue;
      }
      Optional<ComponentConfig> n = problems.read(() -> section.child(type));
      if (n.isEmpty()) {
        continue;
      }
      if (!problems.read(() -> n.get().bool("enabled", true)).orElse(true)) {
        ConfigSection.of(section).skip(type);
        continue;
      }
      Optional<DeliveryPolicy> policy = problems.read(() -> DeliveryPolicy.read(type, n.get()));
      problems
          .create(
              n.get().path(),
              () -> registry.get(ProviderKind.NOTIFIER, type, n.get().path()).create(n.get()))
          .ifPresent(
              notifier -> {
                created.add(notifier);
                policy.ifPresent(p -> builder.route(p, notifier));
              });
    }
    Dispatcher dispatcher = problems.isEmpty() ? problems.read(builder::build).orElse(null) : null;
    if (dispatcher == null) {
      created.forEach(Notifier::close);
      problems.throwIfAny();
    }
    return dispatcher;
  }
}
