package io.tfdrift.runtime;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --plugins-dir}, shared by every command that discovers providers. */
final class PluginsDirOption {
  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description =
          "Directory of plugin jars, each loaded in its own class loader (default: plugins_dir in"
              + " --config, else $TFDRIFT_PLUGINS_DIR, else the distribution's plugins/).")
  Path dir;

  Optional<Path> get() {
    return Optional.ofNullable(dir);
  }
}
