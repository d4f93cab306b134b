package io.tfdrift.core.state;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import java.nio.file.InvalidPathException;

/**
 * The {@code local} state backend: Terraform state files on the local file system.
 *
 * <p>Key {@code local_path} (default {@code ./terraform.tfstate}) is a state file; a directory,
 * meaning every {@code *.tfstate} file directly in it, each a workspace named after the file; or a
 * glob such as {@code states/*.tfstate} or {@code envs/**}{@code /terraform.tfstate}, each match a
 * workspace named by its path below the glob's fixed part, without {@code .tfstate}. Changes are
 * detected from file sizes and modification times, so an unchanged file is not re-read.
 *
 * <pre>{@code
 * providers:
 *   aws:
 *     state:
 *       backend: local
 *       local_path: ./states/*.tfstate
 * }</pre>
 */
@AutoService(StateBackendProvider.class)
public final class LocalStateBackendProvider implements StateBackendProvider {

  /** The configuration key naming the file, directory or glob. */
  public static final String LOCAL_PATH = "local_path";

  /** The value used when {@code local_path} is not set. */
  public static final String DEFAULT_PATH = "./terraform.tfstate";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LocalStateBackendProvider() {}

  @Override
  public String type() {
    return "local";
  }

  @Override
  public StateBackend create(ComponentConfig config) {
    String path = config.string(LOCAL_PATH, DEFAULT_PATH).strip();
    if (path.isEmpty()) {
      throw config.invalid(
          LOCAL_PATH, "is empty; set it to a state file, a directory or a glob such as *.tfstate");
    }
    String keyPath = config.path().isEmpty() ? LOCAL_PATH : config.path() + "." + LOCAL_PATH;
    try {
      return LocalStateBackend.of(path, keyPath);
    } catch (InvalidPathException e) {
      throw config.invalid(LOCAL_PATH, "'" + path + "' is not a valid path: " + e.getReason());
    }
  }
}
