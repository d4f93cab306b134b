package io.tfdrift.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.config.Problems;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level}, {@code logging.format} ({@code text} or {@code json}: one JSON
 * object per line) and the environment's {@code TFDRIFT_LOG_LEVEL} and {@code
 * TFDRIFT_LOG_COMPONENTS} ({@code falco=debug,notify=warn}: a level per component, i.e. per package
 * under {@code io.tfdrift}) to logback. Logs go to standard error.
 */
final class Logging {
  private Logging() {}

  static void apply(ComponentConfig logging, Map<String, String> env) {
    Problems problems = new Problems();
    LogSettings settings = LogSettings.read(logging, problems);
    problems.throwIfAny();
    apply(settings, env);
  }

  static void apply(LogSettings settings, Map<String, String> env) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    String level = env.getOrDefault("TFDRIFT_LOG_LEVEL", settings.level());
    String format = settings.format();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder(context, format));
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.toLevel(level, Level.INFO));
    // The Kafka client logs its whole configuration and every group event at INFO; the kafka
    // source logs assignments itself. DEBUG or TRACE still shows everything.
    context
        .getLogger("org.apache.kafka")
        .setLevel(root.getLevel().isGreaterOrEqual(Level.INFO) ? Level.WARN : null);
    for (String entry : env.getOrDefault("TFDRIFT_LOG_COMPONENTS", "").split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        String component = entry.substring(0, eq).strip();
        String name = component.startsWith("io.") ? component : "io.tfdrift." + component;
        context
            .getLogger(name)
            .setLevel(Level.toLevel(entry.substring(eq + 1).strip(), Level.INFO));
      }
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
    text.start();
    return text;
  }
}
