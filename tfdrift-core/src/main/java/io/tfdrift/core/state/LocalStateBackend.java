package io.tfdrift.core.state;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * State files on the local file system: one file, every {@code *.tfstate} file in a directory, or
 * the files a glob matches. See {@link LocalStateBackendProvider}.
 */
final class LocalStateBackend implements StateBackend {

  private static final String SUFFIX = ".tfstate";

  private final Path path;
  private final PathMatcher glob;
  private final int globDepth;
  private final String configured;
  private final String keyPath;

  private LocalStateBackend(
      Path path, PathMatcher glob, int globDepth, String configured, String keyPath) {
    this.path = path;
    this.glob = glob;
    this.globDepth = globDepth;
    this.configured = configured;
    this.keyPath = keyPath;
  }

  /**
   * A backend for a configured {@code local_path}.
   *
   * @param configured the value as configured: a file, a directory or a glob
   * @param keyPath the configuration key it came from, for messages, e.g. {@code
   *     providers.aws.state.local_path}
   */
  static LocalStateBackend of(String configured, String keyPath) {
    int firstGlobChar = indexOfGlob(configured);
    if (firstGlobChar < 0) {
      return new LocalStateBackend(
          Path.of(configured).toAbsolutePath().normalize(), null, 0, configured, keyPath);
    }
    // The fixed directory part before the first glob character is walked; the rest is matched.
    int slash = configured.lastIndexOf('/', firstGlobChar);
    String base = slash < 0 ? "." : configured.substring(0, Math.max(slash, 1));
    String pattern = configured.substring(slash + 1);
    Path root = Path.of(base).toAbsolutePath().normalize();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
    return new LocalStateBackend(root, matcher, depth, configured, keyPath);
  }

  @Override
  public StateFetch fetch(String knownVersion) throws StateException {
    List<StateFile> files = list();
    String version = version(files);
    if (version.equals(knownVersion)) {
      return StateFetch.unchanged(version);
    }
    // Read after stat: if a file changes in between, the next fetch sees a new version and reads
    // again, so new content is never hidden behind an old version.
    List<StateDocument> documents = new ArrayList<>(files.size());
    for (StateFile file : files) {
      documents.add(new StateDocument(file.workspace(), file.path().toString(), read(file.path())));
    }
    return StateFetch.changed(version, documents);
  }

  @Override
  public String location() {
    return glob == null ? path.toString() : configured + " (in " + path + ")";
  }

  @Override
  public String toString() {
    return "LocalStateBackend[" + location() + "]";
  }

  private List<StateFile> list() throws StateException {
    if (glob != null) {
      return matching(path, glob, globDepth, "matches no file");
    }
    BasicFileAttributes attributes = attributes(path);
    if (attributes.isDirectory()) {
      PathMatcher tfstate = p -> p.getFileName().toString().endsWith(SUFFIX);
      return matching(path, tfstate, 1, "contains no *.tfstate file");
    }
    return List.of(new StateFile(path, "default", attributes.size(), modified(attributes)));
  }

  private List<StateFile> matching(Path root, PathMatcher matcher, int depth, String ifNone)
      throws StateException {
    if (!Files.isDirectory(root)) {
      throw missing(root);
    }
    List<StateFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, depth)) {
      List<Path> candidates =
          walk.filter(p -> !p.equals(root) && matcher.matches(root.relativize(p)))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
      for (Path candidate : candidates) {
        BasicFileAttributes attributes = attributes(candidate);
        if (attributes.isRegularFile()) {
          files.add(
              new StateFile(
                  candidate,
                  workspaceName(root.relativize(candidate)),
                  attributes.size(),
                  modified(attributes)));
        }
      }
    } catch (IOException e) {
      throw unreadable(root, e);
    }
    if (files.isEmpty()) {
      throw new StateException(
          "local state "
              + location()
              + " "
              + ifNone
              + "; check "
              + keyPath
              + " (currently '"
              + configured
              + "')");
    }
    return List.copyOf(files);
  }

  private static String workspaceName(Path relative) {
    String name = relative.toString().replace('\\', '/');
    return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
  }

  private static String version(List<StateFile> files) {
    StringBuilder version = new StringBuilder();
    for (StateFile file : files) {
      if (version.length() > 0) {
        version.append('|');
      }
      version.append(file.workspace()).append(':').append(file.size()).append(':');
      version.append(file.modifiedNanos());
    }
    return version.toString();
  }

  private BasicFileAttributes attributes(Path file) throws StateException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private byte[] read(Path file) throws StateException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static long modified(BasicFileAttributes attributes) {
    return attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private StateException missing(Path file) {
    return new StateException(
        "local state file "
            + file
            + " does not exist; check "
            + keyPath
            + " (currently '"
            + configured
            + "', relative paths are resolved against the working directory)");
  }

  private StateException unreadable(Path file, IOException e) {
    return new StateException(
        "cannot read local state "
            + file
            + ": "
            + e
            + "; check the file's permissions and "
            + keyPath,
        e);
  }

  private static int indexOfGlob(String path) {
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private record StateFile(Path path, String workspace, long size, long modifiedNanos) {}
}
