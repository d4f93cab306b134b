package io.tfdrift.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreesWriterTest {

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    controls.append('\u007f').append("\"\\/");
    String json = JsonTrees.toJson(Map.of("k\n", controls.toString()));

    for (char c = 0; c < 0x20; c++) {
      assertThat(json.indexOf(c)).as("raw control character %d", (int) c).isNegative();
    }
    assertThat(JsonTrees.parseObject(json)).containsEntry("k\n", controls.toString());
  }

  @Test
  void writesObjectsInTheirOrderAndReadsThemBackInDocumentOrder() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("zeta", 1L);
    tree.put("alpha", List.of(true, "x"));
    tree.put("mid", Map.of("n", 2L));

    String json = JsonTrees.toJson(tree);

    assertThat(json).isEqualTo("{\"zeta\":1,\"alpha\":[true,\"x\"],\"mid\":{\"n\":2}}");
    assertThat(JsonTrees.parseObject(json).keySet()).containsExactly("zeta", "alpha", "mid");
  }
}
