package io.tfdrift.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * One Java Flight Recorder recording at a time, driven over the admin server's {@code /debug/jfr}
 * (the equivalent of upstream's {@code --pprof-port}): start with the JDK's {@code default} (about
 * 1 % overhead) or {@code profile} settings, stop, download the {@code .jfr} file for JDK Mission
 * Control or {@code jfr print}. A recording left running stops itself after {@code max_duration}.
 * Environment variables and system properties are not recorded: they may hold secrets.
 */
final class JfrRecorder {
  private Recording recording;
  private String settings;
  private Instant started;

  /** What a request asked for, or why it cannot be done. */
  record Answer(int status, String json) {}

  synchronized Answer start(String settings, Duration maxDuration) {
    if (recording != null && recording.getState() == RecordingState.RUNNING) {
      return new Answer(409, "{\"error\":\"a recording is already running; POST stop first\"}");
    }
    Configuration configuration;
    try {
      configuration = Configuration.getConfiguration(settings);
    } catch (IOException | ParseException e) {
      return new Answer(
          400,
          "{\"error\":\"unknown JFR settings '"
              + settings.replace("\"", "'")
              + "'; use settings=default or settings=profile\"}");
    }
    close();
    recording = new Recording(configuration);
    // The environment and system properties can hold secrets (webhook URLs, tokens read with
    // *_from_env): a downloadable recording leaves them out.
    recording.disable("jdk.InitialEnvironmentVariable");
    recording.disable("jdk.InitialSystemProperty");
    recording.setName("tfdrift");
    recording.setDuration(maxDuration);
    recording.setToDisk(true);
    recording.start();
    this.settings = settings;
    started = Instant.now();
    return status();
  }

  synchronized Answer stop() {
    if (recording == null || recording.getState() != RecordingState.RUNNING) {
      return new Answer(409, "{\"error\":\"no recording is running; POST start first\"}");
    }
    recording.stop();
    return status();
  }

  synchronized Answer status() {
    if (recording == null) {
      return new Answer(200, "{\"state\":\"none\"}");
    }
    return new Answer(
        200,
        "{\"state\":\""
            + recording.getState().name().toLowerCase(java.util.Locale.ROOT)
            + "\",\"settings\":\""
            + settings
            + "\",\"started\":\""
            + started
            + "\",\"max_duration\":\""
            + recording.getDuration()
            + "\",\"size_bytes\":"
            + recording.getSize()
            + "}");
  }

  /**
   * Writes the recording (stopped, or what a running one has so far) to a temporary file.
   *
   * @return the file, which the caller deletes, or null when there is no recording
   */
  synchronized Path dump() throws IOException {
    if (recording == null) {
      return null;
    }
    Path file = Files.createTempFile("tfdrift-", ".jfr");
    recording.dump(file);
    return file;
  }

  synchronized void close() {
    if (recording != null) {
      recording.close();
      recording = null;
    }
  }
}
