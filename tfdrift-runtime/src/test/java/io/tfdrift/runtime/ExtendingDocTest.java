package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md shows code taken from the examples and modules: every block marked {@code <!--
 * from: path -->} must still be in that file (line by line, ignoring indentation; {@code // ...}
 * marks an elision), so the guide's code compiles because the file it names does.
 */
class ExtendingDocTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- from: (\\S+) -->\\s*\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everySnippetIsStillInTheFileItNames() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/extending.md"));
    Matcher m = SNIPPET.matcher(doc);
    List<String> problems = new ArrayList<>();
    int snippets = 0;
    while (m.find()) {
      snippets++;
      Path source = ROOT.resolve(m.group(1));
      if (!Files.isRegularFile(source)) {
        problems.add(m.group(1) + ": no such file");
        continue;
      }
      List<String> lines = lines(Files.readString(source));
      int from = 0;
      for (List<String> chunk : chunks(m.group(2))) {
        int at = Collections.indexOfSubList(lines.subList(from, lines.size()), chunk);
        if (at < 0) {
          problems.add(
              m.group(1) + " no longer contains (in this order):\n  " + String.join("\n  ", chunk));
          break;
        }
        from += at + chunk.size();
      }
    }
    assertThat(snippets).as("snippets found in docs/extending.md").isGreaterThanOrEqualTo(12);
    assertThat(problems).as("update docs/extending.md from the sources").isEmpty();
  }

  @Test
  void theGuideCoversEveryExampleAndEveryExtensionPoint() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/extending.md"));
    try (var examples = Files.list(ROOT.resolve("examples"))) {
      for (Path example :
          examples.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).toList()) {
        assertThat(doc).contains("examples/" + example.getFileName() + "/");
      }
    }
    assertThat(doc)
        .contains("## Writing a notifier")
        .contains("## Writing a resource mapper")
        .contains("## Writing a state backend")
        .contains("## Writing an event source")
        .contains("## Writing a plugin")
        .contains("## Packaging and loading")
        .contains("## Versioning and compatibility");
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("docs/extending.md");
  }

  private static List<List<String>> chunks(String snippet) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : snippet.split("\n")) {
      if (line.strip().equals("// ...")) {
        chunks.add(current);
        current = new ArrayList<>();
      } else if (!line.isBlank()) {
        current.add(line.strip());
      }
    }
    chunks.add(current);
    chunks.removeIf(List::isEmpty);
    return chunks;
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
