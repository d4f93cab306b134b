package io.tfdrift.core.config;

import io.tfdrift.api.ComponentConfig;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code listen} value: {@code :8080} (every interface), {@code 127.0.0.1:8080}, {@code
 * [::1]:8080}, {@code host:0} (a free port). The one parser for every {@code listen} key, so that
 * the admin server and the receivers accept the same forms and reject the same mistakes.
 *
 * @param host the host or address, without brackets; empty for every interface
 * @param port the TCP port, 0 for a free one
 */
public record ListenAddress(String host, int port) {

  /** Validates the port range. */
  public ListenAddress {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(port + " is not a TCP port (0-65535)");
    }
  }

  /**
   * Parses a {@code listen} value.
   *
   * @param text the value
   * @return the address, or a description of what is wrong with it
   */
  public static Result parse(String text) {
    String value = text.strip();
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      return Result.problem(Quoted.value(text) + " has no port");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") != host.endsWith("]")) {
      return Result.problem(Quoted.value(text) + " has an unclosed IPv6 bracket");
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      return Result.problem(Quoted.value(text) + " is an IPv6 address without brackets");
    }
    String portText = value.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      return Result.problem(
          Quoted.value(text) + " has no valid port (" + Quoted.value(portText) + ")");
    }
    if (port < 0 || port > 65535) {
      return Result.problem(Quoted.value(text) + " has port " + port + ", outside 0-65535");
    }
    return new Result(Optional.of(new ListenAddress(host, port)), "");
  }

  /**
   * Reads a {@code listen} key.
   *
   * @param section the section
   * @param key the key, usually {@code listen}
   * @param defaultValue the value when the key is absent, e.g. {@code :8080}
   * @return the address
   * @throws io.tfdrift.api.ConfigException naming the key, the value and the accepted forms
   */
  public static ListenAddress read(ComponentConfig section, String key, String defaultValue) {
    Result r = parse(section.string(key, defaultValue));
    return r.address()
        .orElseThrow(
            () ->
                section.invalid(
                    key,
                    r.problem()
                        + "; write host:port such as "
                        + defaultValue
                        + ", 127.0.0.1:"
                        + portOf(defaultValue)
                        + " or [::1]:"
                        + portOf(defaultValue)));
  }

  private static String portOf(String example) {
    return example.substring(example.lastIndexOf(':') + 1);
  }

  /**
   * The socket address to bind.
   *
   * @return the wildcard address for an empty host, else the host's
   */
  public InetSocketAddress socketAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * What {@link #parse} found.
   *
   * @param address the address, if the value was valid
   * @param problem what is wrong with the value; empty when valid
   */
  public record Result(Optional<ListenAddress> address, String problem) {
    /** Validates that no part is {@code null}. */
    public Result {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(problem, "problem");
    }

    static Result problem(String problem) {
      return new Result(Optional.empty(), problem);
    }
  }
}
