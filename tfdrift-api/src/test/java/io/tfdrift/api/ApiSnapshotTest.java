package io.tfdrift.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Until 0.1.0 is released and japicmp can compare against it, the public API is pinned by this
 * snapshot: a change to any public signature of tfdrift-api fails here until {@code
 * api-snapshot.txt} is updated on purpose (run with {@code -Dtfdrift.updateApiSnapshot=true}).
 */
class ApiSnapshotTest {

  @Test
  void publicApiMatchesTheSnapshot() throws Exception {
    String actual = String.join("\n", describeApi()) + "\n";
    Path snapshot = Path.of("src/test/resources/api-snapshot.txt");
    if (Boolean.getBoolean("tfdrift.updateApiSnapshot")) {
      Files.writeString(snapshot, actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = ApiSnapshotTest.class.getResourceAsStream("/api-snapshot.txt")) {
      expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual)
        .as("public API of tfdrift-api changed; review it, then update api-snapshot.txt")
        .isEqualTo(expected);
  }

  private static List<String> describeApi() throws IOException, URISyntaxException {
    Path classes =
        Path.of(Secret.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
        Class<?> type;
        try {
          type = Class.forName(name);
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        if (Modifier.isPublic(type.getModifiers())) {
          describe(type, lines);
        }
      }
    }
    return lines;
  }

  private static void describe(Class<?> type, List<String> lines) {
    lines.add(Modifier.toString(type.getModifiers()) + " " + type.getName());
    List<String> members = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers())) {
        members.add("  field " + f.getGenericType().getTypeName() + " " + f.getName());
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (Modifier.isPublic(c.getModifiers())) {
        members.add("  new(" + params(c.getGenericParameterTypes()) + ")");
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        members.add(
            "  "
                + (m.isDefault() ? "default " : "")
                + (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                + m.getGenericReturnType().getTypeName()
                + " "
                + m.getName()
                + "("
                + params(m.getGenericParameterTypes())
                + ")");
      }
    }
    members.sort(null);
    lines.addAll(members);
  }

  private static String params(java.lang.reflect.Type[] types) {
    return String.join(
        ", ", Arrays.stream(types).map(java.lang.reflect.Type::getTypeName).toList());
  }
}
