package io.tfdrift.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.core.config.ConfigSection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that decodes third-party payloads gets the registry's audit formats, a plugin jar's
 * among them, though the plugin's class loader is not the application's.
 */
class AuditFormatsTest {
  @TempDir Path dir;

  /** A source provider that keeps the formats it was given. */
  private static final class Recording implements EventSourceProvider {
    Map<String, AuditFormatProvider> given;

    @Override
    public String type() {
      return "recording";
    }

    @Override
    public EventSource create(ComponentConfig config) {
      return create(config, AuditFormats.onClassPath());
    }

    @Override
    public EventSource create(ComponentConfig config, Map<String, AuditFormatProvider> formats) {
      given = formats;
      return new EventSource() {
        @Override
        public void start(EventSink sink) {}

        @Override
        public boolean connected() {
          return false;
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void aDecodingSourceGetsThePluginsAuditFormatsTheClassPathDoesNotSee() throws Exception {
    ClassLoader plugin = pluginLoader();
    ProviderRegistry registry =
        ProviderRegistry.discover(List.of(getClass().getClassLoader(), plugin));
    Recording provider = new Recording();

    provider.create(
        ConfigSection.of("sources[0]", Map.of("type", "recording")),
        registry.all(ProviderKind.AUDIT_FORMAT));

    assertThat(provider.given).containsKeys("azure-activity", "cloudtrail", "gcp-audit");
    AuditFormatProvider azure = provider.given.get("azure-activity");
    assertThat(azure.getClass().getClassLoader()).isSameAs(plugin);
    AuditFormat format = azure.create(ConfigSection.of("formats.azure-activity", Map.of()));
    Map<String, Object> record =
        Map.of(
            "operationName", "MICROSOFT.STORAGE/STORAGEACCOUNTS/WRITE",
            "resourceId", "/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.STORAGE/A");
    assertThat(format.accepts(record)).isTrue();
    assertThat(format.decode(record)).extracting(AuditEvent::action).containsExactly("WRITE");

    assertThat(AuditFormats.onClassPath())
        .containsKey("cloudtrail")
        .doesNotContainKey("azure-activity");
    Recording plain = new Recording();
    plain.create(ConfigSection.of("sources[0]", Map.of()));
    assertThat(plain.given.keySet())
        .isEqualTo(AuditFormats.onClassPath().keySet())
        .doesNotContain("azure-activity");
  }

  @Test
  void aSourceThatDecodesNothingIsCreatedFromItsSectionAlone() {
    ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader());
    ComponentConfig[] seen = new ComponentConfig[1];
    EventSourceProvider plain =
        new EventSourceProvider() {
          @Override
          public String type() {
            return "plain";
          }

          @Override
          public EventSource create(ComponentConfig config) {
            seen[0] = config;
            return new Recording().create(config, Map.of());
          }
        };
    ComponentConfig section = ConfigSection.of("sources[0]", Map.of("type", "plain"));

    plain.create(section, registry.all(ProviderKind.AUDIT_FORMAT)); // the default: formats unused

    assertThat(seen[0]).isSameAs(section);
  }

  /** Compiles an Azure activity log format against the API and loads it as the runtime would. */
  private ClassLoader pluginLoader() throws Exception {
    Path src = dir.resolve("src/com/example/azure/AzureActivityFormatProvider.java");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package com.example.azure;

        import io.tfdrift.api.AuditEvent;
        import io.tfdrift.api.ComponentConfig;
        import io.tfdrift.api.spi.AuditFormat;
        import io.tfdrift.api.spi.AuditFormatProvider;
        import java.time.Instant;
        import java.util.List;
        import java.util.Map;

        public final class AzureActivityFormatProvider implements AuditFormatProvider {
          public String type() { return "azure-activity"; }

          public AuditFormat create(ComponentConfig config) {
            return new AuditFormat() {
              public boolean accepts(Map<String, Object> o) {
                return o.get("operationName") instanceof String && o.containsKey("resourceId");
              }

              public List<AuditEvent> decode(Map<String, Object> o) {
                String op = (String) o.get("operationName");
                return List.of(AuditEvent.builder().provider("azure")
                    .service(op.substring(0, op.indexOf('/')))
                    .action(op.substring(op.lastIndexOf('/') + 1))
                    .eventId("e").time(Instant.EPOCH)
                    .resources(List.of((String) o.get("resourceId"))).build());
              }
            };
          }
        }
        """);
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                src.toString());
    assertThat(rc).as("compiling the plugin's format").isZero();
    Path jar = dir.resolve("azure-activity-1.0.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> compiled = Files.walk(classes)) {
      for (Path file : compiled.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + AuditFormatProvider.class.getName()));
      out.write("com.example.azure.AzureActivityFormatProvider\n".getBytes(StandardCharsets.UTF_8));
    }
    return new URLClassLoader(
        "plugin azure-activity-1.0.jar",
        new URL[] {jar.toUri().toURL()},
        AuditFormatProvider.class.getClassLoader());
  }
}
