package io.tfdrift.core.notify;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.DriftEventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Notifier {@code jsonl}: one DriftEvent JSON line per drift, appended to {@code path} ({@code -}
 * for standard output). {@code fsync: always} forces every line to disk before the delivery counts
 * as done; {@code never} (the default) flushes each line to the operating system.
 */
@AutoService(NotifierProvider.class)
public final class JsonlNotifierProvider implements NotifierProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public JsonlNotifierProvider() {}

  @Override
  public String type() {
    return "jsonl";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    String path = config.string("path", "-");
    String fsync = config.string("fsync", "never");
    if (!fsync.equals("always") && !fsync.equals("never")) {
      throw config.invalid("fsync", "'" + fsync + "'; use always or never");
    }
    if (path.equals("-")) {
      return new JsonlNotifier(System.out, null, "stdout");
    }
    Path file = Path.of(path);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      return new JsonlNotifier(
          java.nio.channels.Channels.newOutputStream(channel),
          fsync.equals("always") ? channel : null,
          path);
    } catch (IOException e) {
      throw config.invalid(
          "path",
          "cannot open " + file.toAbsolutePath() + " for appending (" + e.getMessage() + ")");
    }
  }

  /** Appends each drift event as a line. */
  static final class JsonlNotifier implements Notifier {
    private final OutputStream out;
    private final FileChannel sync;
    private final String where;

    JsonlNotifier(OutputStream out, FileChannel sync, String where) {
      this.out = out;
      this.sync = sync;
      this.where = where;
    }

    @Override
    public synchronized void send(DriftEvent event) throws DeliveryException {
      try {
        out.write((DriftEventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (sync != null) {
          sync.force(false);
        }
      } catch (IOException e) {
        throw DeliveryException.retryable("cannot append to " + where + ": " + e.getMessage(), e);
      }
    }

    @Override
    public synchronized void close() {
      if (out != System.out) {
        try {
          out.close();
        } catch (IOException e) {
          // Closing an append-only file that could not be closed loses nothing already flushed.
        }
      }
    }

    @Override
    public String toString() {
      return "JsonlNotifier[" + where + "]";
    }
  }
}
