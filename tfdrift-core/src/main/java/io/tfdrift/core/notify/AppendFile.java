package io.tfdrift.core.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A file that lines are appended to, opened (and its directory created) on the first line, not when
 * configured: {@code tfdrift validate} and a daemon that never writes leave no file behind. {@link
 * #problem} checks at start-up, without creating anything, that the file could be written.
 */
final class AppendFile implements AutoCloseable {
  private final Path path;
  private final boolean fsync;
  private FileChannel channel;
  private boolean closed;

  AppendFile(Path path, boolean fsync) {
    this.path = path;
    this.fsync = fsync;
  }

  /**
   * Why lines could not be appended to {@code path}, judged without creating anything: it is a
   * directory, it is read-only, or its nearest existing ancestor is not a writable directory.
   */
  static Optional<String> problem(Path path) {
    Path file = path.toAbsolutePath();
    if (Files.isDirectory(file)) {
      return Optional.of(file + " is a directory; name a file");
    }
    if (Files.exists(file)) {
      return Files.isWritable(file)
          ? Optional.empty()
          : Optional.of(file + " is not writable; check its permissions");
    }
    Path ancestor = file.getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
      return Optional.of(
          "cannot create "
              + file
              + ": "
              + (ancestor == null ? "no existing parent directory" : ancestor + " is not writable")
              + "; check the directory and its permissions");
    }
    return Optional.empty();
  }

  synchronized void append(byte[] line) throws IOException {
    if (closed) {
      throw new IOException(path + " is closed");
    }
    if (channel == null) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    if (fsync) {
      channel.force(false);
    }
  }

  Path path() {
    return path;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
