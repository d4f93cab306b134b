package io.tfdrift.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.NotifierProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery is tested with real plugin jars: provider sources are compiled with the JDK's compiler,
 * packed into jars with a service registration and a manifest, and loaded the way the runtime loads
 * a plugins directory.
 */
class ProviderRegistryTest {
  @TempDir Path dir;

  @Test
  void discoversAProviderRegisteredInAJar() throws Exception {
    Path jar =
        pluginJar(
            "teams-notifier-1.4.2.jar", "com.example.teams", "TeamsProvider", "teams", "1.4.2");
    ProviderRegistry registry = ProviderRegistry.discover(loader(jar));

    NotifierProvider teams = registry.get(ProviderKind.NOTIFIER, "teams", "notifications.teams");
    assertThat(teams.type()).isEqualTo("teams");
    assertThat(registry.discovered())
        .contains(
            new DiscoveredProvider(
                "notifier",
                "teams",
                "com.example.teams.TeamsProvider",
                "teams-notifier-1.4.2.jar",
                "1.4.2"));
  }

  @Test
  void rejectsTwoJarsProvidingTheSameTypeNamingBoth() throws Exception {
    Path first = pluginJar("teams-a.jar", "com.example.a", "TeamsProvider", "teams", "1.0");
    Path second = pluginJar("teams-b.jar", "com.example.b", "OtherTeamsProvider", "teams", "2.0");

    assertThatThrownBy(() -> ProviderRegistry.discover(loader(first, second)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("duplicate notifier type 'teams'")
        .hasMessageContaining("com.example.a.TeamsProvider (teams-a.jar, version 1.0)")
        .hasMessageContaining("com.example.b.OtherTeamsProvider (teams-b.jar, version 2.0)")
        .hasMessageContaining("remove one of the two jars");
  }

  @Test
  void namesTheKeyAndTheKnownTypesForAnUnknownType() throws Exception {
    Path jar = pluginJar("teams.jar", "com.example.teams", "TeamsProvider", "teams", "1.0");
    ProviderRegistry registry = ProviderRegistry.discover(loader(jar));

    assertThatThrownBy(() -> registry.get(ProviderKind.NOTIFIER, "temas", "notifications.temas"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("notifications.temas: unknown notifier type 'temas'; known types: ")
        .hasMessageContaining("teams")
        .hasMessageContaining("plugins/ directory");
  }

  @Test
  void countsAProviderSeenThroughTwoLoadersOnce() throws Exception {
    Path jar = pluginJar("teams.jar", "com.example.teams", "TeamsProvider", "teams", "1.0");
    ClassLoader loader = loader(jar);
    ProviderRegistry registry = ProviderRegistry.discover(List.of(loader, loader));
    assertThat(registry.all(ProviderKind.NOTIFIER)).containsKey("teams");
  }

  @Test
  void reportsABrokenServiceRegistration() throws Exception {
    Path jar = dir.resolve("broken.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + NotifierProvider.class.getName()));
      out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> ProviderRegistry.discover(loader(jar)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot load a notifier provider")
        .hasMessageContaining("com.example.Missing");
  }

  private URLClassLoader loader(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, NotifierProvider.class.getClassLoader());
  }

  /** Compiles a NotifierProvider of the given type and packs it as a plugin jar. */
  private Path pluginJar(String jarName, String pkg, String cls, String type, String version)
      throws IOException {
    Path src = dir.resolve("src-" + jarName);
    Path classes = dir.resolve("classes-" + jarName);
    Path file = src.resolve(pkg.replace('.', '/')).resolve(cls + ".java");
    Files.createDirectories(file.getParent());
    Files.createDirectories(classes);
    Files.writeString(
        file,
        """
        package %s;
        public final class %s implements io.tfdrift.api.spi.NotifierProvider {
          public String type() { return "%s"; }
          public io.tfdrift.api.spi.Notifier create(io.tfdrift.api.ComponentConfig c) {
            return event -> {};
          }
        }
        """
            .formatted(pkg, cls, type));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            file.toString());
    assertThat(rc).as("compiling the test provider").isZero();

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    Path jar = dir.resolve(jarName);
    try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      String entry = pkg.replace('.', '/') + "/" + cls + ".class";
      out.putNextEntry(new JarEntry(entry));
      Files.copy(classes.resolve(entry), out);
      out.putNextEntry(new JarEntry("META-INF/services/" + NotifierProvider.class.getName()));
      write(out, pkg + "." + cls + "\n");
    }
    return jar;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
