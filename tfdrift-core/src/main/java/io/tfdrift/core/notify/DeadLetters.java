package io.tfdrift.core.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.core.json.DriftEventJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter file: one JSON line per delivery that still failed, {@code {"notifier",
 * "attempts", "last_error", "failed_at", "event": <DriftEvent>}}, appended and flushed line by line
 * so that a crash loses nothing written. Without a file the line goes to the log at error level: a
 * dead letter is never silent.
 */
final class DeadLetters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final AppendFile file;
  private final Path path;

  /**
   * The dead-letter file, opened by its first line.
   *
   * @param path the file, or {@code null} for the log
   * @throws io.tfdrift.api.ConfigException when the file could not be written
   */
  DeadLetters(Path path) {
    this.path = path;
    if (path != null) {
      AppendFile.problem(path)
          .ifPresent(
              problem -> {
                throw new io.tfdrift.api.ConfigException("notifications.dead_letter_path", problem);
              });
    }
    this.file = path == null ? null : new AppendFile(path, false);
  }

  static String line(
      String notifier, int attempts, String lastError, Instant failedAt, DriftEvent event) {
    StringWriter w = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("notifier", notifier);
      g.writeNumberField("attempts", attempts);
      g.writeStringField("last_error", lastError);
      g.writeStringField("failed_at", failedAt.toString());
      g.writeFieldName("event");
      DriftEventJson.write(event, g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  synchronized void write(
      String notifier, int attempts, String lastError, Instant failedAt, DriftEvent event) {
    String line = line(notifier, attempts, lastError, failedAt, event);
    if (file == null) {
      log.error(
          "undeliverable drift event (set notifications.dead_letter_path to keep these in a file): {}",
          line);
      return;
    }
    try {
      file.append((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      log.error(
          "cannot append to dead-letter file {} ({}); the undeliverable drift event was: {}",
          path,
          e.getMessage(),
          line);
    }
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        log.warn("closing dead-letter file {}: {}", path, e.getMessage());
      }
    }
  }
}
