package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.core.registry.DiscoveredProvider;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins directory with real jars compiled in the test: each usable jar gets its own class
 * loader that sees only the JDK and io.tfdrift.api; every unusable jar is left out with a problem
 * naming it and the fix, and the others still load.
 */
class PluginDirectoryTest {
  @TempDir Path work;

  private Path plugins() {
    return work.resolve("plugins");
  }

  private Path goodJar() throws Exception {
    return TestPluginJar.named(plugins(), "labeller-2.1.0.jar")
        .version("2.1.0")
        .source(
            "com.example.labeller.LabellerProvider",
            TestPluginJar.plugin(
                "com.example.labeller", "LabellerProvider", "labeller", "2.1.0", ""))
        .service(PluginProvider.class, "com.example.labeller.LabellerProvider")
        .build();
  }

  private ClassLoader tfdrift() {
    return Setup.class.getClassLoader();
  }

  @Test
  void loadsAPluginJarInItsOwnLoaderAndListsItWithJarAndVersion() throws Exception {
    goodJar();
    PluginDirectory dir = PluginDirectory.scan(plugins(), tfdrift());

    assertThat(dir.problems()).isEmpty();
    assertThat(dir.jars()).containsExactly("labeller-2.1.0.jar");
    ProviderRegistry registry = dir.registry(tfdrift());
    assertThat(registry.discovered())
        .contains(
            new DiscoveredProvider(
                "plugin",
                "labeller",
                "com.example.labeller.LabellerProvider",
                "labeller-2.1.0.jar",
                "2.1.0"));
    assertThat(registry.all(ProviderKind.NOTIFIER)).containsKey("jsonl");
  }

  @Test
  void aPluginSeesTheApiAndTheJdkButNotTfdriftsImplementationOrDependencies() throws Exception {
    goodJar();
    PluginDirectory dir = PluginDirectory.scan(plugins(), tfdrift());
    ClassLoader loader = dir.loaders().get(0);

    assertThat(loader.loadClass("io.tfdrift.api.DriftEvent"))
        .isSameAs(io.tfdrift.api.DriftEvent.class);
    assertThat(loader.loadClass("java.net.http.HttpClient")).isNotNull();
    assertThat(loader.loadClass("javax.xml.parsers.DocumentBuilderFactory")).isNotNull();
    for (String hidden :
        new String[] {
          "io.tfdrift.core.TfDrift",
          "io.tfdrift.runtime.Main",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "org.slf4j.LoggerFactory",
          "io.micrometer.core.instrument.Counter"
        }) {
      assertThatThrownBy(() -> loader.loadClass(hidden))
          .as(hidden)
          .isInstanceOf(ClassNotFoundException.class);
    }
    assertThat(loader.getResource("logback.xml")).isNull();
    assertThat(
            java.util.Collections.list(
                loader.getResources("META-INF/services/" + NotifierProvider.class.getName())))
        .isEmpty();
  }

  @Test
  void leavesOutBrokenJarsNamingEachAndTheFixAndLoadsTheRest() throws Exception {
    goodJar();
    Files.writeString(plugins().resolve("notes.jar"), "this is not a zip");
    TestPluginJar.named(plugins(), "unregistered.jar")
        .source(
            "com.example.u.UProvider",
            TestPluginJar.plugin("com.example.u", "UProvider", "unregistered", "1", ""))
        .build();
    TestPluginJar.named(plugins(), "bad-service.jar")
        .source(
            "com.example.b.BProvider",
            TestPluginJar.plugin("com.example.b", "BProvider", "bad", "1", ""))
        .service(PluginProvider.class, "com.example.b.Missing")
        .build();
    TestPluginJar.named(plugins(), "needs-dependency.jar")
        .source(
            "com.example.dep.Helper",
            "package com.example.dep; public class Helper implements io.tfdrift.api.spi.PluginProvider {"
                + " public String type() { return \"helper\"; }"
                + " public io.tfdrift.api.spi.Plugin create(io.tfdrift.api.ComponentConfig c) {"
                + " return null; } }")
        .source(
            "com.example.n.NeedsProvider",
            "package com.example.n; public final class NeedsProvider extends com.example.dep.Helper {"
                + " public String type() { return \"needs\"; } }")
        .service(PluginProvider.class, "com.example.n.NeedsProvider")
        .leaveOut("com.example.dep")
        .build();
    TestPluginJar.named(plugins(), "uses-core.jar")
        .compileAgainstEverything()
        .source(
            "com.example.c.CoreProvider",
            "package com.example.c; public final class CoreProvider implements"
                + " io.tfdrift.api.spi.NotifierProvider {"
                + " private final Object engine = io.tfdrift.core.TfDrift.builder();"
                + " public String type() { return \"core-user\"; }"
                + " public io.tfdrift.api.spi.Notifier create(io.tfdrift.api.ComponentConfig c) {"
                + " return e -> {}; } }")
        .service(NotifierProvider.class, "com.example.c.CoreProvider")
        .build();
    Files.writeString(plugins().resolve("README.txt"), "not a jar, not looked at");

    PluginDirectory dir = PluginDirectory.scan(plugins(), tfdrift());

    assertThat(dir.jars()).containsExactly("labeller-2.1.0.jar");
    assertThat(dir.problems())
        .hasSize(5)
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("notes.jar: is not a jar (zip) file")
                    .contains("replace it with the plugin's built jar or remove it"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("unregistered.jar: registers no tfdrift provider")
                    .contains("@AutoService(PluginProvider.class)"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("bad-service.jar: cannot load its plugin provider")
                    .contains("com.example.b.Missing not found")
                    .contains("META-INF/services/io.tfdrift.api.spi.PluginProvider"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("needs-dependency.jar: cannot load its plugin provider")
                    .contains("com/example/dep/Helper")
                    .contains("build it as a shaded jar that bundles its dependencies"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("uses-core.jar: cannot load its notifier provider")
                    .contains("Plugins see only io.tfdrift.api"));

    ProviderRegistry registry = dir.registry(tfdrift());
    assertThat(registry.all(ProviderKind.PLUGIN)).containsOnlyKeys("labeller");
    assertThatThrownBy(() -> registry.get(ProviderKind.PLUGIN, "bad", "plugins[0].name"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown plugin type 'bad'; known types: labeller")
        .hasMessageContaining("plugin jars that failed to load: ")
        .hasMessageContaining("bad-service.jar");
  }

  @Test
  void locatesTheDirectoryFromOptionConfigEnvironmentOrDistribution() throws Exception {
    Files.createDirectories(plugins());
    Path home = work.resolve("home");
    Files.createDirectories(home.resolve("plugins"));
    Map<String, String> env = Map.of("TFDRIFT_PLUGINS_DIR", plugins().toString());

    assertThat(
            PluginDirectory.locate(
                Optional.of(plugins()), Optional.of("/nowhere"), env, Optional.of("/x")))
        .contains(plugins());
    assertThat(
            PluginDirectory.locate(
                Optional.empty(), Optional.of(plugins().toString()), Map.of(), Optional.empty()))
        .contains(plugins());
    assertThat(PluginDirectory.locate(Optional.empty(), Optional.empty(), env, Optional.empty()))
        .contains(plugins());
    assertThat(
            PluginDirectory.locate(
                Optional.empty(), Optional.empty(), Map.of(), Optional.of(home.toString())))
        .contains(home.resolve("plugins"));
    assertThat(
            PluginDirectory.locate(
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.of(work.toString() + "/none")))
        .isEmpty();
    assertThatThrownBy(
            () ->
                PluginDirectory.locate(
                    Optional.empty(), Optional.of("/no/such/dir"), Map.of(), Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("plugins_dir: plugins directory /no/such/dir does not exist");
  }
}
