package io.tfdrift.core.plugin;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link System.Logger} that writes to the daemon's logging (slf4j), so that plugin log lines get
 * the daemon's format, level and destination although plugins see only the JDK and the API.
 */
final class Slf4jSystemLogger implements System.Logger {
  private final Logger log;

  Slf4jSystemLogger(String name) {
    this.log = LoggerFactory.getLogger(name);
  }

  @Override
  public String getName() {
    return log.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return switch (level) {
      case ALL, TRACE -> log.isTraceEnabled();
      case DEBUG -> log.isDebugEnabled();
      case INFO -> log.isInfoEnabled();
      case WARNING -> log.isWarnEnabled();
      case ERROR -> log.isErrorEnabled();
      case OFF -> false;
    };
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    String text = String.valueOf(msg);
    switch (level) {
      case ALL, TRACE -> log.trace(text, thrown);
      case DEBUG -> log.debug(text, thrown);
      case INFO -> log.info(text, thrown);
      case WARNING -> log.warn(text, thrown);
      case ERROR -> log.error(text, thrown);
      case OFF -> {
        // never logged
      }
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!isLoggable(level)) {
      return;
    }
    String text =
        params == null || params.length == 0
            ? String.valueOf(format)
            : new MessageFormat(String.valueOf(format)).format(params);
    log(level, bundle, text, (Throwable) null);
  }
}
