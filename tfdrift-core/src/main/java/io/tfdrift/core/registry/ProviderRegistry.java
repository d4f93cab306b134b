package io.tfdrift.core.registry;

import io.tfdrift.api.ConfigException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every provider found through {@link ServiceLoader}, by kind and type name. Discovery is strict:
 * two providers of the same kind claiming the same type fail with an error naming both jars, and
 * asking for a type nobody provides fails with the list of known types.
 */
public final class ProviderRegistry {
  private final Map<ProviderKind<?>, Map<String, Object>> providers;
  private final List<DiscoveredProvider> discovered;
  private final List<String> unloadable;

  private ProviderRegistry(
      Map<ProviderKind<?>, Map<String, Object>> providers,
      List<DiscoveredProvider> discovered,
      List<String> unloadable) {
    this.providers = providers;
    this.discovered = discovered;
    this.unloadable = List.copyOf(unloadable);
  }

  /**
   * Finds every provider visible to a class loader.
   *
   * @param loader the class loader (the application's, or one per plugin jar)
   * @return the registry
   * @throws ConfigException listing every duplicate type and every provider that failed to load
   */
  public static ProviderRegistry discover(ClassLoader loader) {
    return discover(List.of(loader));
  }

  /**
   * Finds every provider visible to several class loaders, e.g. the application's and one per
   * plugin jar. A provider class seen through more than one loader counts once.
   *
   * @param loaders the class loaders, searched in order
   * @return the registry
   * @throws ConfigException listing every duplicate type and every provider that failed to load
   */
  public static ProviderRegistry discover(List<ClassLoader> loaders) {
    return discover(loaders, List.of());
  }

  /**
   * Finds every provider visible to several class loaders, and remembers jars that could not be
   * loaded at all, so that an unknown type's error can name them.
   *
   * @param loaders the class loaders, searched in order
   * @param unloadable one line per plugin jar that was skipped, naming the jar and the problem
   * @return the registry
   * @throws ConfigException listing every duplicate type and every provider that failed to load
   */
  public static ProviderRegistry discover(List<ClassLoader> loaders, List<String> unloadable) {
    Map<ProviderKind<?>, Map<String, Object>> providers = new LinkedHashMap<>();
    Map<String, DiscoveredProvider> byKey = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (ProviderKind<?> kind : ProviderKind.ALL) {
      Map<String, Object> ofKind = new TreeMap<>();
      for (ClassLoader loader : loaders) {
        load(kind, loader, ofKind, byKey, problems);
      }
      providers.put(kind, Collections.unmodifiableMap(ofKind));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ProviderRegistry(providers, List.copyOf(byKey.values()), unloadable);
  }

  private static <P> void load(
      ProviderKind<P> kind,
      ClassLoader loader,
      Map<String, Object> ofKind,
      Map<String, DiscoveredProvider> byKey,
      List<String> problems) {
    var iterator = ServiceLoader.load(kind.spi(), loader).iterator();
    while (true) {
      P provider;
      try {
        if (!iterator.hasNext()) {
          return;
        }
        provider = iterator.next();
      } catch (ServiceConfigurationError e) {
        problems.add("cannot load a " + kind.label() + " provider: " + e.getMessage());
        continue;
      }
      DiscoveredProvider found = describe(kind, provider);
      String key = kind.label() + "/" + found.type();
      DiscoveredProvider earlier = byKey.get(key);
      if (earlier != null && earlier.className().equals(found.className())) {
        continue;
      }
      if (earlier != null) {
        problems.add(
            "duplicate "
                + kind.label()
                + " type '"
                + found.type()
                + "': provided by "
                + earlier.describe()
                + " and by "
                + found.describe()
                + "; remove one of the two jars");
        continue;
      }
      byKey.put(key, found);
      ofKind.put(found.type(), provider);
    }
  }

  private static <P> DiscoveredProvider describe(ProviderKind<P> kind, P provider) {
    Class<?> cls = provider.getClass();
    String version = cls.getPackage() == null ? null : cls.getPackage().getImplementationVersion();
    return new DiscoveredProvider(
        kind.label(),
        kind.typeOf().apply(provider),
        cls.getName(),
        jarOf(cls),
        version == null ? "unknown" : version);
  }

  private static String jarOf(Class<?> cls) {
    CodeSource source = cls.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown";
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return source.getLocation().toString();
    }
  }

  /**
   * The provider of a kind and type, for building a configured component.
   *
   * @param kind the kind
   * @param type the type named in configuration
   * @param keyPath the configuration key that named it, e.g. {@code providers.aws.state.backend}
   * @param <P> the provider interface
   * @return the provider
   * @throws ConfigException naming the key, the value and the known types
   */
  public <P> P get(ProviderKind<P> kind, String type, String keyPath) {
    Object provider = providers.get(kind).get(type);
    if (provider == null) {
      throw new ConfigException(
          keyPath,
          "unknown "
              + kind.label()
              + " type '"
              + type
              + "'; known types: "
              + String.join(", ", providers.get(kind).keySet())
              + ". Add the jar that provides it to the classpath or the plugins/ directory"
              + (unloadable.isEmpty()
                  ? ""
                  : "; plugin jars that failed to load: " + String.join("; ", unloadable)));
    }
    return kind.spi().cast(provider);
  }

  /**
   * Every provider of a kind, by type name.
   *
   * @param kind the kind
   * @param <P> the provider interface
   * @return the providers, sorted by type
   */
  public <P> Map<String, P> all(ProviderKind<P> kind) {
    Map<String, P> out = new TreeMap<>();
    providers.get(kind).forEach((type, p) -> out.put(type, kind.spi().cast(p)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * What was found, for {@code tfdrift plugins}: sorted by kind and type.
   *
   * @return the discovered providers
   */
  public List<DiscoveredProvider> discovered() {
    return discovered;
  }
}
