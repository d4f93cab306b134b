package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.DriftEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar in a test: compiles Java sources against tfdrift-api alone (as a plugin
 * author's build does), packs the classes with a manifest and service registrations.
 */
final class TestPluginJar {
  private final Path dir;
  private final String jarName;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final List<String> excluded = new ArrayList<>();
  private String version = "1.0.0";
  private String classpath = apiClasses();

  private TestPluginJar(Path dir, String jarName) {
    this.dir = dir;
    this.jarName = jarName;
  }

  static TestPluginJar named(Path dir, String jarName) {
    return new TestPluginJar(dir, jarName);
  }

  TestPluginJar version(String value) {
    this.version = value;
    return this;
  }

  /** Adds a source file; {@code className} is fully qualified. */
  TestPluginJar source(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** Registers a provider class for an SPI in {@code META-INF/services}. */
  TestPluginJar service(Class<?> spi, String providerClass) {
    services.computeIfAbsent(spi.getName(), k -> new ArrayList<>()).add(providerClass);
    return this;
  }

  /** Compiles against the whole test classpath instead of tfdrift-api alone. */
  TestPluginJar compileAgainstEverything() {
    this.classpath = System.getProperty("java.class.path");
    return this;
  }

  /** Compiles the classes of a package but leaves them out of the jar (a missing dependency). */
  TestPluginJar leaveOut(String packagePrefix) {
    excluded.add(packagePrefix.replace('.', '/'));
    return this;
  }

  /** Writes the jar into the directory and returns it. */
  Path build() throws IOException {
    Path work = Files.createTempDirectory(dir.getParent(), "build-" + jarName);
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classpath));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.getValue());
      args.add(file.toString());
    }
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
    assertThat(rc).as("compiling %s: %s", jarName, diagnostics).isZero();

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    Files.createDirectories(dir);
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String entry = classes.relativize(f).toString().replace('\\', '/');
        if (excluded.stream().anyMatch(entry::startsWith)) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry));
        Files.copy(f, out);
      }
      for (Map.Entry<String, List<String>> s : services.entrySet()) {
        out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
        write(out, String.join("\n", s.getValue()) + "\n");
      }
    }
    return jar;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String apiClasses() {
    try {
      return Path.of(DriftEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A provider of type {@code type} whose plugin runs {@code onDrift} (Java statements). */
  static String plugin(String pkg, String cls, String type, String version, String onDrift) {
    return plugin(pkg, cls, type, version, "", onDrift);
  }

  /**
   * A provider of type {@code type}; its plugin runs {@code onInit} and {@code onDrift} (Java
   * statements that see {@code context}, {@code event} and {@code config}).
   */
  static String plugin(
      String pkg, String cls, String type, String version, String onInit, String onDrift) {
    return """
        package %s;

        import io.tfdrift.api.ComponentConfig;
        import io.tfdrift.api.DriftEvent;
        import io.tfdrift.api.spi.Plugin;
        import io.tfdrift.api.spi.PluginContext;
        import io.tfdrift.api.spi.PluginProvider;
        import java.util.Map;

        public final class %s implements PluginProvider {
          public String type() { return "%s"; }

          public Plugin create(ComponentConfig config) {
            String prefix = config.string("prefix", "OPS");
            return new Plugin() {
              PluginContext context;
              public String name() { return "%s"; }
              public String version() { return "%s"; }
              public void init(PluginContext context) {
                this.context = context;
                %s
              }
              public void onDriftDetected(DriftEvent event) {
                %s
              }
            };
          }
        }
        """
        .formatted(pkg, cls, type, type, version, onInit, onDrift);
  }
}
