package io.tfdrift.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.core.json.JsonTrees;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}]}";

  @Test
  void equatesBooleansAndTheirText() {
    assertThat(Values.equivalent("true", true)).isTrue();
    assertThat(Values.equivalent(false, "FALSE")).isTrue();
    assertThat(Values.equivalent("true", false)).isFalse();
  }

  @Test
  void equatesNumbersByValue() {
    assertThat(Values.equivalent("300", 300L)).isTrue();
    assertThat(Values.equivalent(new BigDecimal("300.0"), 300L)).isTrue();
    assertThat(Values.equivalent("0300", "300")).isTrue();
    assertThat(Values.equivalent("301", 300L)).isFalse();
  }

  @Test
  void equatesPolicyTextWithThePolicyWhateverTheFormatting() {
    Object tree = JsonTrees.parseEmbedded(POLICY);
    String pretty =
        "{\n  \"Statement\": [ {\"Resource\": \"*\", \"Action\": \"s3:GetObject\", \"Effect\": \"Allow\"} ],\n  \"Version\": \"2012-10-17\"\n}";
    String encoded = URLEncoder.encode(POLICY, StandardCharsets.UTF_8);
    assertThat(Values.equivalent(POLICY, tree)).isTrue();
    assertThat(Values.equivalent(pretty, POLICY)).isTrue();
    assertThat(Values.equivalent(encoded, tree)).isTrue();
    assertThat(Values.equivalent(POLICY.replace("GetObject", "PutObject"), tree)).isFalse();
  }

  @Test
  void treatsEveryEmptyValueAlike() {
    assertThat(Values.equivalent(null, "")).isTrue();
    assertThat(Values.equivalent(List.of(), Map.of())).isTrue();
    assertThat(Values.equivalent(Map.of("a", ""), Map.of())).isTrue();
    assertThat(Values.equivalent(null, "x")).isFalse();
  }

  @Test
  void comparesListsAsSetsWhenTheOrderDiffers() {
    assertThat(Values.equivalent(List.of("sg-1", "sg-2"), List.of("sg-2", "sg-1"))).isTrue();
    assertThat(Values.equivalent(List.of("sg-1", "sg-1"), List.of("sg-1", "sg-2"))).isFalse();
    assertThat(Values.equivalent(List.of("sg-1"), "sg-1")).isTrue();
  }

  // Properties over generated JSON trees (fixed seeds, so failures reproduce).

  @Test
  void aTreeEqualsItsJsonTextItsShuffledSelfAndItsStringifiedSelf() {
    for (int seed = 0; seed < 3000; seed++) {
      Random r = new Random(seed);
      Object tree = container(r);
      String json = JsonTrees.toJson(tree);
      assertThat(Values.equivalent(tree, tree)).as("seed %d reflexive", seed).isTrue();
      assertThat(Values.equivalent(json, tree)).as("seed %d json text %s", seed, json).isTrue();
      assertThat(Values.equivalent(tree, json)).as("seed %d symmetric", seed).isTrue();
      assertThat(Values.equivalent(shuffled(tree, r), tree)).as("seed %d key order", seed).isTrue();
      assertThat(Values.equivalent(stringified(tree), tree))
          .as("seed %d scalars as text", seed)
          .isTrue();
    }
  }

  @Test
  void aTreeWithOneLeafChangedIsNotEquivalent() {
    for (int seed = 0; seed < 3000; seed++) {
      Random r = new Random(seed);
      Object tree = container(r);
      Object changed = changeOneLeaf(tree, r);
      if (changed != null) {
        assertThat(Values.equivalent(changed, tree))
            .as("seed %d: %s vs %s", seed, JsonTrees.toJson(changed), JsonTrees.toJson(tree))
            .isFalse();
        assertThat(Values.equivalent(tree, changed)).as("seed %d symmetric", seed).isFalse();
      }
    }
  }

  /** A map or list, as policies, tags and nested blocks are. */
  private static Object container(Random r) {
    Object tree;
    do {
      tree = tree(r, 3);
    } while (!(tree instanceof Map || tree instanceof List));
    return tree;
  }

  private static Object tree(Random r, int depth) {
    int kind = depth == 0 ? r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> "v" + r.nextInt(1000);
      case 1 -> (long) r.nextInt(100_000);
      case 2 -> r.nextBoolean();
      case 3 -> new BigDecimal(r.nextInt(10_000) + ".5");
      case 4 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          m.put("k" + i, tree(r, depth - 1));
        }
        yield m;
      }
      default -> {
        List<Object> l = new ArrayList<>();
        int n = 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          l.add(tree(r, depth - 1));
        }
        yield l;
      }
    };
  }

  private static Object shuffled(Object tree, Random r) {
    if (tree instanceof Map<?, ?> m) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
      Collections.shuffle(entries, r);
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach(e -> out.put((String) e.getKey(), shuffled(e.getValue(), r)));
      return out;
    }
    if (tree instanceof List<?> l) {
      return l.stream().map(v -> shuffled(v, r)).toList();
    }
    return tree;
  }

  private static Object stringified(Object tree) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, stringified(v)));
      return out;
    }
    if (tree instanceof List<?> l) {
      return l.stream().map(ValuesTest::stringified).toList();
    }
    return tree.toString();
  }

  /** The tree with one scalar replaced by a value of a different meaning, or null if none. */
  private static Object changeOneLeaf(Object tree, Random r) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, v));
      String key = (String) new ArrayList<>(m.keySet()).get(r.nextInt(m.size()));
      Object changed = changeOneLeaf(m.get(key), r);
      if (changed == null) {
        return null;
      }
      out.put(key, changed);
      return out;
    }
    if (tree instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l);
      int i = r.nextInt(l.size());
      Object changed = changeOneLeaf(l.get(i), r);
      if (changed == null || out.contains(changed)) {
        return null;
      }
      out.set(i, changed);
      return out;
    }
    if (tree instanceof Boolean b) {
      return !b;
    }
    if (tree instanceof Long n) {
      return n + 1;
    }
    if (tree instanceof BigDecimal d) {
      return d.add(BigDecimal.ONE);
    }
    return tree + "-changed";
  }
}
