package io.tfdrift.core.notify;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.DriftEventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
      return new JsonlNotifier(null, "stdout");
    }
    Path file = Path.of(path);
    AppendFile.problem(file)
        .ifPresent(
            problem -> {
              throw config.invalid("path", problem);
            });
    return new JsonlNotifier(new AppendFile(file, fsync.equals("always")), path);
  }

  /** Appends each drift event as a line; the file is opened by the first line. */
  static final class JsonlNotifier implements Notifier {
    private final AppendFile file;
    private final String where;

    JsonlNotifier(AppendFile file, String where) {
      this.file = file;
      this.where = where;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      byte[] line = (DriftEventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
      if (file == null) {
        synchronized (System.out) {
          System.out.write(line, 0, line.length);
          System.out.flush();
        }
        return;
      }
      try {
        file.append(line);
      } catch (IOException e) {
        throw DeliveryException.retryable("cannot append to " + where + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          // Closing an append-only file that could not be closed loses nothing already written.
        }
      }
    }

    @Override
    public String toString() {
      return "JsonlNotifier[" + where + "]";
    }
  }
}
