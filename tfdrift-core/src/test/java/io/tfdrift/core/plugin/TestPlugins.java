package io.tfdrift.core.plugin;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.api.spi.StateView;
import io.tfdrift.core.registry.ProviderRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Plugins whose behaviour each test scripts: providers {@code first}, {@code second} and {@code
 * third} hand out the {@link Scripted} plugin a test registered under their type, and a registry
 * that discovers exactly these providers through a service file in a temporary directory.
 */
final class TestPlugins {
  static final Map<String, Plugin> SCRIPTS = new ConcurrentHashMap<>();

  private TestPlugins() {}

  static ProviderRegistry registry(Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(PluginProvider.class.getName()),
        String.join("\n", First.class.getName(), Second.class.getName(), Third.class.getName())
            + "\n");
    URL url = dir.toUri().toURL();
    return ProviderRegistry.discover(
        new URLClassLoader(new URL[] {url}, TestPlugins.class.getClassLoader()));
  }

  /** Hands out the scripted plugin registered under its type, reading {@code config} keys. */
  abstract static class ScriptedProvider implements PluginProvider {
    @Override
    public Plugin create(ComponentConfig config) {
      config.string("note", "");
      Plugin plugin = SCRIPTS.get(type());
      if (plugin == null) {
        throw new IllegalStateException("no script for " + type());
      }
      return plugin;
    }
  }

  public static final class First extends ScriptedProvider {
    @Override
    public String type() {
      return "first";
    }
  }

  public static final class Second extends ScriptedProvider {
    @Override
    public String type() {
      return "second";
    }
  }

  public static final class Third extends ScriptedProvider {
    @Override
    public String type() {
      return "third";
    }
  }

  /** A plugin whose callbacks are lambdas. */
  static final class Scripted implements Plugin {
    volatile PluginContext context;
    volatile Consumer<PluginContext> onInit = c -> {};
    volatile BiConsumer<PluginContext, DriftEvent> onDrift = (c, d) -> {};
    volatile Consumer<StateView> onState = s -> {};
    volatile Runnable onClose = () -> {};

    Scripted drift(BiConsumer<PluginContext, DriftEvent> body) {
      this.onDrift = body;
      return this;
    }

    Scripted init(Consumer<PluginContext> body) {
      this.onInit = body;
      return this;
    }

    Scripted state(Consumer<StateView> body) {
      this.onState = body;
      return this;
    }

    Scripted close(Runnable body) {
      this.onClose = body;
      return this;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public void init(PluginContext c) {
      this.context = c;
      onInit.accept(c);
    }

    @Override
    public void onDriftDetected(DriftEvent event) {
      onDrift.accept(context, event);
    }

    @Override
    public void onStateRefresh(StateView state) {
      onState.accept(state);
    }

    @Override
    public void close() {
      onClose.run();
    }
  }
}
