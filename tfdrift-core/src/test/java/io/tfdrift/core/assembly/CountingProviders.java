package io.tfdrift.core.assembly;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.registry.ProviderRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Providers that count what they create and close: state backend {@code counting}, notifier {@code
 * counting}, source {@code counting} (also as a top-level section {@code counting:}), and a
 * notifier {@code exploding} whose {@code create} throws. A registry discovers exactly these
 * through service files in a temporary directory.
 */
final class CountingProviders {
  static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> CLOSED = new ConcurrentHashMap<>();

  /** The audit format types the last decoding source was given. */
  static volatile Set<String> formatsGiven = Set.of();

  private CountingProviders() {}

  static void reset() {
    CREATED.clear();
    CLOSED.clear();
    formatsGiven = Set.of();
  }

  static int created(String what) {
    return CREATED.getOrDefault(what, new AtomicInteger()).get();
  }

  static int closed(String what) {
    return CLOSED.getOrDefault(what, new AtomicInteger()).get();
  }

  private static void count(Map<String, AtomicInteger> map, String what) {
    map.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  static ProviderRegistry registry(Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    write(services, StateBackendProvider.class, Backends.class);
    write(services, NotifierProvider.class, Notifiers.class, Exploding.class);
    write(services, EventSourceProvider.class, Sources.class, DecodingSources.class);
    write(services, AuditFormatProvider.class, Formats.class);
    write(services, io.tfdrift.api.spi.DriftStoreProvider.class, Stores.class, SharedStores.class);
    return ProviderRegistry.discover(
        List.of(
            new URLClassLoader(
                new URL[] {dir.toUri().toURL()}, CountingProviders.class.getClassLoader())));
  }

  private static void write(Path services, Class<?> spi, Class<?>... providers) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Class<?> p : providers) {
      lines.append(p.getName()).append('\n');
    }
    Files.writeString(services.resolve(spi.getName()), lines);
  }

  public static final class Backends implements StateBackendProvider {
    @Override
    public String type() {
      return "counting";
    }

    @Override
    public StateBackend create(ComponentConfig config) {
      String name = config.string("name_hint", "backend");
      count(CREATED, name);
      return new StateBackend() {
        @Override
        public StateFetch fetch(String knownVersion) throws StateException {
          throw new StateException("the counting backend holds no state");
        }

        @Override
        public String location() {
          return "counting";
        }

        @Override
        public void close() {
          count(CLOSED, name);
        }
      };
    }
  }

  public static final class Notifiers implements NotifierProvider {
    @Override
    public String type() {
      return "counting";
    }

    @Override
    public Notifier create(ComponentConfig config) {
      count(CREATED, "notifier");
      return new Notifier() {
        @Override
        public void send(DriftEvent event) {}

        @Override
        public void close() {
          count(CLOSED, "notifier");
        }
      };
    }
  }

  /** A store for one process, kept in memory. */
  public static final class Stores implements io.tfdrift.api.spi.DriftStoreProvider {
    @Override
    public String type() {
      return "counting";
    }

    @Override
    public io.tfdrift.api.spi.DriftStore create(ComponentConfig config) {
      count(CREATED, "store");
      return new io.tfdrift.testkit.InMemoryDriftStore() {
        @Override
        public void close() {
          count(CLOSED, "store");
        }
      };
    }
  }

  /** A store replicas could share. */
  public static final class SharedStores implements io.tfdrift.api.spi.DriftStoreProvider {
    @Override
    public String type() {
      return "shared";
    }

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public io.tfdrift.api.spi.DriftStore create(ComponentConfig config) {
      count(CREATED, "shared store");
      return new io.tfdrift.testkit.InMemoryDriftStore();
    }
  }

  public static final class Exploding implements NotifierProvider {
    @Override
    public String type() {
      return "exploding";
    }

    @Override
    public Notifier create(ComponentConfig config) {
      throw new IllegalStateException("boom");
    }
  }

  public static final class Sources implements EventSourceProvider {
    @Override
    public String type() {
      return "counting";
    }

    @Override
    public EventSource create(ComponentConfig config) {
      count(CREATED, "source");
      return new EventSource() {
        @Override
        public void start(EventSink sink) {
          count(CREATED, "started source");
        }

        @Override
        public boolean connected() {
          return true;
        }

        @Override
        public void close() {
          count(CLOSED, "source");
        }
      };
    }
  }

  /** A source of third-party payloads: keeps the audit formats it was given. */
  public static final class DecodingSources implements EventSourceProvider {
    @Override
    public String type() {
      return "decoding";
    }

    @Override
    public EventSource create(ComponentConfig config) {
      throw new AssertionError("the assembly hands a source the registry's audit formats");
    }

    @Override
    public EventSource create(ComponentConfig config, Map<String, AuditFormatProvider> formats) {
      formatsGiven = Set.copyOf(formats.keySet());
      return new Sources().create(config);
    }
  }

  /** An audit format only the registry's class loader lists, as a plugin jar's would be. */
  public static final class Formats implements AuditFormatProvider {
    @Override
    public String type() {
      return "counting-format";
    }

    @Override
    public AuditFormat create(ComponentConfig config) {
      return new AuditFormat() {
        @Override
        public boolean accepts(Map<String, Object> object) {
          return object.containsKey("counting");
        }

        @Override
        public List<AuditEvent> decode(Map<String, Object> object) {
          return List.of();
        }
      };
    }
  }
}
