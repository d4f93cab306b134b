package io.tfdrift.runtime;

import io.tfdrift.api.ConfigException;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * The plugin jars of a {@code plugins/} directory, each in a class loader of its own whose parent
 * shows only the JDK and {@code io.tfdrift.api} ({@link ApiOnlyClassLoader}). A jar that cannot be
 * used (not a zip, no or a bad service registration, a missing class) is left out with a problem
 * naming the jar and the fix; the other jars still load.
 *
 * @param dir the directory, empty when there is none
 * @param loaders one class loader per usable jar, in file name order
 * @param jars the usable jars' file names, in the same order
 * @param problems one line per jar that was left out
 */
record PluginDirectory(
    Optional<Path> dir, List<ClassLoader> loaders, List<String> jars, List<String> problems) {

  /** The environment variable naming the directory when no configuration file sets it. */
  static final String ENV = "TFDRIFT_PLUGINS_DIR";

  private static final String SERVICES = "META-INF/services/io.tfdrift.api.spi.";

  PluginDirectory {
    loaders = List.copyOf(loaders);
    jars = List.copyOf(jars);
    problems = List.copyOf(problems);
  }

  static PluginDirectory none() {
    return new PluginDirectory(Optional.empty(), List.of(), List.of(), List.of());
  }

  /**
   * Finds the directory: {@code --plugins-dir}, else {@code plugins_dir} of the configuration
   * (which {@code TFDRIFT_PLUGINS_DIR} overrides), else {@code TFDRIFT_PLUGINS_DIR}, else the
   * distribution's {@code plugins/} ({@code -Dtfdrift.home}, set by {@code bin/tfdrift}).
   *
   * @return the directory, empty when none is named and there is no distribution
   * @throws ConfigException when a named directory does not exist
   */
  static Optional<Path> locate(
      Optional<Path> option,
      Optional<String> configured,
      Map<String, String> env,
      Optional<String> home) {
    if (option.isPresent()) {
      return Optional.of(existing(option.get(), "--plugins-dir"));
    }
    if (configured.isPresent() && !configured.get().isBlank()) {
      return Optional.of(existing(Path.of(configured.get()), "plugins_dir"));
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(existing(Path.of(fromEnv), ENV));
    }
    return home.map(h -> Path.of(h, "plugins")).filter(Files::isDirectory);
  }

  private static Path existing(Path dir, String key) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          key,
          "plugins directory "
              + dir.toAbsolutePath()
              + " does not exist or is not a directory; create it or correct "
              + key);
    }
    return dir;
  }

  /**
   * Opens every {@code *.jar} in the directory in a class loader of its own.
   *
   * @param dir the directory
   * @param tfdrift tfdrift's own class loader, which provides {@code io.tfdrift.api}
   * @return the usable jars and a problem for each unusable one
   */
  static PluginDirectory scan(Path dir, ClassLoader tfdrift) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      jars.forEach(files::add);
    } catch (IOException e) {
      throw new ConfigException(
          "plugins_dir", "cannot list plugins directory " + dir.toAbsolutePath() + ": " + e);
    }
    files.sort(null);
    ClassLoader api = new ApiOnlyClassLoader(tfdrift);
    List<ClassLoader> loaders = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path jar : files) {
      String name = jar.getFileName().toString();
      Optional<String> problem = registrationProblem(jar);
      URLClassLoader loader = null;
      if (problem.isEmpty()) {
        loader = new URLClassLoader("plugin " + name, new URL[] {url(jar)}, api);
        problem = loadingProblem(loader);
      }
      if (problem.isPresent()) {
        problems.add(dir.resolve(name) + ": " + problem.get());
        close(loader);
        continue;
      }
      loaders.add(loader);
      names.add(name);
    }
    return new PluginDirectory(Optional.of(dir), loaders, names, problems);
  }

  /**
   * Every provider on tfdrift's classpath and in the usable jars.
   *
   * @param tfdrift tfdrift's own class loader
   * @return the registry; unknown-type errors name the jars that were left out
   */
  ProviderRegistry registry(ClassLoader tfdrift) {
    List<ClassLoader> all = new ArrayList<>();
    all.add(tfdrift);
    all.addAll(loaders);
    return ProviderRegistry.discover(all, problems);
  }

  private static Optional<String> registrationProblem(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      boolean registers = file.stream().anyMatch(e -> e.getName().startsWith(SERVICES));
      if (!registers) {
        return Optional.of(
            "registers no tfdrift provider (it has no "
                + SERVICES
                + "* file); register the provider class for ServiceLoader (e.g. with"
                + " @AutoService(PluginProvider.class)) and rebuild the jar, or remove it");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "is not a jar (zip) file ("
              + e.getMessage()
              + "); replace it with the plugin's built jar or remove it");
    }
  }

  /** Instantiates every provider the jar registers, as discovery will. */
  private static Optional<String> loadingProblem(ClassLoader loader) {
    for (ProviderKind<?> kind : ProviderKind.ALL) {
      Iterator<?> it = ServiceLoader.load(kind.spi(), loader).iterator();
      try {
        while (it.hasNext()) {
          typeOf(kind, it.next());
        }
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        return Optional.of("cannot load its " + kind.label() + " provider: " + explain(e, kind));
      }
    }
    return Optional.empty();
  }

  private static <P> void typeOf(ProviderKind<P> kind, Object provider) {
    String type = kind.typeOf().apply(kind.spi().cast(provider));
    if (type == null || type.isBlank()) {
      throw new IllegalStateException(provider.getClass().getName() + " names no type");
    }
  }

  private static String explain(Throwable e, ProviderKind<?> kind) {
    String chain = chain(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
        String missing = String.valueOf(t.getMessage()).replace('/', '.');
        if (missing.startsWith("io.tfdrift.") && !missing.startsWith("io.tfdrift.api.")) {
          return chain
              + ". Plugins see only io.tfdrift.api: depend on tfdrift-api alone (provided"
              + " scope), not on tfdrift-core or other tfdrift modules";
        }
        if (t instanceof NoClassDefFoundError) {
          return chain
              + ". The jar lacks a class it needs: build it as a shaded jar that bundles its"
              + " dependencies (all but tfdrift-api, which tfdrift provides)";
        }
      }
    }
    if (e instanceof ServiceConfigurationError) {
      return chain
          + ". Check that META-INF/services/"
          + kind.spi().getName()
          + " in the jar names public provider classes with a public no-argument constructor"
          + " that are in the jar";
    }
    return chain;
  }

  private static String chain(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      parts.add(t.toString());
    }
    return parts.stream().distinct().collect(Collectors.joining(", caused by "));
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(jar + " has no URL", e);
    }
  }

  private static void close(URLClassLoader loader) {
    if (loader == null) {
      return;
    }
    try {
      loader.close();
    } catch (IOException e) {
      // The jar stays open until exit; it is unused.
    }
  }
}
