package io.tfdrift.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.testkit.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit's {@code TestConfigs} cannot use core (plugin authors get the API and the testkit
 * only), so it reads maps itself. A provider that passes its tests against it must start in the
 * daemon: every accessor, on every value shape, gives the same value as {@link ConfigSection}, or
 * fails on the same key path.
 */
class TestConfigsConformanceTest {

  static Stream<Arguments> reads() {
    Function<ComponentConfig, Object> string = c -> c.string("k");
    Function<ComponentConfig, Object> optional = c -> c.optionalString("k");
    Function<ComponentConfig, Object> integer = c -> c.integer("k", 7);
    Function<ComponentConfig, Object> bool = c -> c.bool("k", false);
    Function<ComponentConfig, Object> duration = c -> c.duration("k", Duration.ZERO);
    Function<ComponentConfig, Object> strings = c -> c.strings("k");
    Function<ComponentConfig, Object> stringMap = c -> c.stringMap("k");
    Function<ComponentConfig, Object> child = c -> c.child("k").string("x", "-");
    Function<ComponentConfig, Object> children =
        c -> c.children("k").stream().map(s -> s.path() + "=" + s.string("x", "-")).toList();
    Function<ComponentConfig, Object> secret = c -> c.optionalSecret("k").map(s -> s.reveal());
    Function<ComponentConfig, Object> has = c -> c.has("k");
    return Stream.of(
        Arguments.of("string", string, "text"),
        Arguments.of("string", string, 42),
        Arguments.of("string", string, null),
        Arguments.of("string", string, List.of("a")),
        Arguments.of("string", string, Map.of("a", 1)),
        Arguments.of("optionalString", optional, null),
        Arguments.of("optionalString", optional, true),
        Arguments.of("integer", integer, 12),
        Arguments.of("integer", integer, " 12 "),
        Arguments.of("integer", integer, null),
        Arguments.of("integer", integer, "12.5"),
        Arguments.of("integer", integer, "99999999999"),
        Arguments.of("integer", integer, List.of(1)),
        Arguments.of("bool", bool, true),
        Arguments.of("bool", bool, "TRUE"),
        Arguments.of("bool", bool, "yes"),
        Arguments.of("duration", duration, "500ms"),
        Arguments.of("duration", duration, "1h30m"),
        Arguments.of("duration", duration, 90),
        Arguments.of("duration", duration, "2d"),
        Arguments.of("duration", duration, "10 s"),
        Arguments.of("duration", duration, "1.5s"),
        Arguments.of("duration", duration, "9044444444444444444444s"),
        Arguments.of("duration", duration, ""),
        Arguments.of("strings", strings, List.of("a", 1, true)),
        Arguments.of("strings", strings, "one"),
        Arguments.of("strings", strings, null),
        Arguments.of("strings", strings, List.of(Map.of("a", 1))),
        Arguments.of("strings", strings, List.of(List.of("a"))),
        Arguments.of("strings", strings, Map.of("a", 1)),
        Arguments.of("stringMap", stringMap, Map.of("a", 1, "b", "x")),
        Arguments.of("stringMap", stringMap, Map.of("a", Map.of("b", 1))),
        Arguments.of("stringMap", stringMap, Map.of("a", List.of(1))),
        Arguments.of("stringMap", stringMap, "text"),
        Arguments.of("child", child, Map.of("x", "y")),
        Arguments.of("child", child, null),
        Arguments.of("child", child, "text"),
        Arguments.of("children", children, List.of(Map.of("x", 1), Map.of())),
        Arguments.of("children", children, List.of(Map.of("x", 1), "text")),
        Arguments.of("children", children, Map.of("x", 1)),
        Arguments.of("secret", secret, "s3cr3t"),
        Arguments.of("secret", secret, null),
        Arguments.of("has", has, "x"),
        Arguments.of("has", has, null));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("reads")
  void readsEveryValueAsTheDaemonDoes(
      String accessor, Function<ComponentConfig, Object> read, Object value) {
    Map<String, Object> values = new java.util.HashMap<>();
    values.put("k", value);

    Object daemon = outcome(read, ConfigSection.of("plugins[0].config", values));
    Object testkit = outcome(read, TestConfigs.of("plugins[0].config", values));

    assertThat(testkit).as(accessor + " of " + value).isEqualTo(daemon);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secretForms")
  void readsSecretFormsAsTheDaemonDoes(String name, Map<String, Object> values) {
    Function<ComponentConfig, Object> read = c -> c.optionalSecret("token").map(s -> s.reveal());

    Object daemon = outcome(read, ConfigSection.of("notifications.x", values));
    Object testkit = outcome(read, TestConfigs.of("notifications.x", values));

    assertThat(testkit).as(name).isEqualTo(daemon);
  }

  static Stream<Arguments> secretForms() {
    return Stream.of(
        Arguments.of("plain", Map.of("token", "abc")),
        Arguments.of("from env, unset", Map.of("token_from_env", "TFDRIFT_NO_SUCH_VARIABLE_17")),
        Arguments.of("from file, missing", Map.of("token_from_file", "/nonexistent/tfdrift/17")),
        Arguments.of("two forms", Map.of("token", "abc", "token_from_env", "HOME")),
        Arguments.of("unknown scheme", Map.of("token_from_vault", "kv/x")));
  }

  /** The value read, or the key path of the first problem (messages may word it differently). */
  private static Object outcome(Function<ComponentConfig, Object> read, ComponentConfig config) {
    try {
      return read.apply(config);
    } catch (ConfigException e) {
      String problem = e.problems().get(0);
      return "rejected at " + problem.substring(0, problem.indexOf(':'));
    }
  }
}
