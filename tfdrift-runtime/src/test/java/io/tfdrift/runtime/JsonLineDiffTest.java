package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.core.json.JsonTrees;
import org.junit.jupiter.api.Test;

class JsonLineDiffTest {
  @Test
  void aPolicyReadsAsTheStatementAdded() {
    Object expected =
        JsonTrees.parseObject(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Ci\",\"Effect\":\"Allow\"}]}");
    Object actual =
        JsonTrees.parseObject(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Ci\",\"Effect\":\"Allow\"},"
                + "{\"Sid\":\"PublicRead\",\"Principal\":\"*\"}]}");
    assertThat(JsonLineDiff.diff(expected, actual))
        .containsExactly(
            "  {",
            "    \"Version\": \"2012-10-17\",",
            "    \"Statement\": [",
            "      {",
            "        \"Sid\": \"Ci\",",
            "        \"Effect\": \"Allow\"",
            "+     },",
            "+     {",
            "+       \"Sid\": \"PublicRead\",",
            "+       \"Principal\": \"*\"",
            "      }",
            "    ]",
            "  }");
  }

  @Test
  void scalarsAndAbsentValuesAreOneLineEach() {
    assertThat(JsonLineDiff.diff("t3.micro", "t3.large"))
        .containsExactly("- \"t3.micro\"", "+ \"t3.large\"");
    assertThat(JsonLineDiff.diff(null, java.util.List.of())).containsExactly("- (absent)", "+ []");
  }
}
