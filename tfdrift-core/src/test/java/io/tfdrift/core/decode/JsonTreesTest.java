package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tfdrift.core.json.JsonTrees;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

  @Test
  void readsObjectsAsImmutableMapsInDocumentOrder() {
    Map<String, Object> tree = JsonTrees.parseObject("{\"z\":1,\"a\":{\"m\":true,\"b\":\"x\"}}");

    assertThat(tree)
        .containsExactly(Map.entry("z", 1L), Map.entry("a", Map.of("m", true, "b", "x")));
    assertThat(JsonTrees.object(tree, "a").keySet()).containsExactly("m", "b");
    assertThatThrownBy(() -> tree.put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tree.entrySet().iterator().next().setValue("v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readsArraysAsImmutableLists() {
    Map<String, Object> tree = JsonTrees.parseObject("{\"items\":[\"a\",[1,2],{}]}");

    assertThat(tree.get("items")).isEqualTo(List.of("a", List.of(1L, 2L), Map.of()));
    @SuppressWarnings("unchecked")
    List<Object> items = (List<Object>) tree.get("items");
    assertThatThrownBy(() -> items.add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsIntegersAsLongAndBigIntegerWhenTheyDoNotFit() {
    Map<String, Object> tree =
        JsonTrees.parseObject(
            "{\"small\":3600,\"negative\":-1,\"max\":9223372036854775807,"
                + "\"big\":1784730281000000000000,\"huge\":-99999999999999999999999999}");

    assertThat(tree.get("small")).isEqualTo(3600L);
    assertThat(tree.get("negative")).isEqualTo(-1L);
    assertThat(tree.get("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(tree.get("big")).isEqualTo(new BigInteger("1784730281000000000000"));
    assertThat(tree.get("huge")).isEqualTo(new BigInteger("-99999999999999999999999999"));
  }

  @Test
  void keepsDecimalsExactlyAsWritten() {
    Map<String, Object> tree =
        JsonTrees.parseObject(
            "{\"price\":0.10,\"tiny\":1.0000000000000000000001,\"exp\":1e5,\"neg\":-2.5E-3}");

    assertThat(tree.get("price")).isEqualTo(new BigDecimal("0.10"));
    assertThat(tree.get("tiny")).isEqualTo(new BigDecimal("1.0000000000000000000001"));
    assertThat(tree.get("exp")).isEqualTo(new BigDecimal("1e5"));
    assertThat(tree.get("neg")).isEqualTo(new BigDecimal("-2.5E-3"));
  }

  @Test
  void omitsNullMembersAndNullArrayElements() {
    Map<String, Object> tree =
        JsonTrees.parseObject("{\"a\":null,\"b\":[null,1,null],\"c\":{\"d\":null}}");

    assertThat(tree).containsOnlyKeys("b", "c");
    assertThat(tree.get("b")).isEqualTo(List.of(1L));
    assertThat(tree.get("c")).isEqualTo(Map.of());
    assertThat(tree.containsKey("a")).isFalse();
  }

  @Test
  void realCloudTrailNullsReadAsMissingKeys() {
    Map<String, Object> record = Samples.cloudTrail("s3_CreateBucket_1");

    assertThat(record).doesNotContainKey("responseElements");
    assertThat(record.get("eventID")).isEqualTo("68c99c97-c191-4329-b210-82ca8631066d");
    assertThat(JsonTrees.at(record, "additionalEventData", "bytesTransferredIn")).isEqualTo(0L);
  }

  @Test
  void laterDuplicateKeyWinsInTheFirstPosition() {
    Map<String, Object> tree = JsonTrees.parseObject("{\"a\":1,\"b\":2,\"a\":3}");

    assertThat(tree).containsExactly(Map.entry("a", 3L), Map.entry("b", 2L));
  }

  @Test
  void largeObjectsFindEveryKeyAndDropDuplicates() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 100; i++) {
      json.append("\"k").append(i).append("\":").append(i).append(',');
    }
    json.append("\"k7\":\"again\"}");

    Map<String, Object> tree = JsonTrees.parseObject(json.toString());

    assertThat(tree).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(tree.get("k" + i)).isEqualTo(i == 7 ? "again" : (long) i);
    }
    assertThat(tree.get("missing")).isNull();
    assertThat(tree.keySet()).startsWith("k0", "k1", "k2");
  }

  @Test
  void treesEqualOtherMapsWithTheSameContent() {
    Map<String, Object> tree = JsonTrees.parseObject("{\"a\":1,\"b\":[true]}");
    Map<String, Object> plain = new HashMap<>();
    plain.put("b", List.of(true));
    plain.put("a", 1L);

    assertThat(tree).isEqualTo(plain);
    assertThat(tree.hashCode()).isEqualTo(plain.hashCode());
  }

  @Test
  void readObjectReadsFromAPositionedParserAndStopsAtItsEnd() throws Exception {
    try (JsonParser parser = JsonTrees.jsonFactory().createParser("[{\"a\":1},{\"b\":2}]")) {
      parser.nextToken();
      parser.nextToken();

      assertThat(JsonTrees.readObject(parser)).isEqualTo(Map.of("a", 1L));
      assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(JsonTrees.readObject(parser)).isEqualTo(Map.of("b", 2L));
    }
  }

  @Test
  void readObjectNamesTheObjectsOwnNullMembersAndLeavesThemOut() throws Exception {
    Set<String> nullMembers = new HashSet<>();
    try (JsonParser parser =
        JsonTrees.jsonFactory()
            .createParser("{\"a\":null,\"b\":1,\"c\":{\"d\":null},\"e\":[null],\"f\":null}")) {
      parser.nextToken();

      Map<String, Object> tree = JsonTrees.readObject(parser, nullMembers);

      assertThat(tree)
          .containsExactly(Map.entry("b", 1L), Map.entry("c", Map.of()), Map.entry("e", List.of()));
    }
    assertThat(nullMembers).containsExactlyInAnyOrder("a", "f");
  }

  @Test
  void readObjectRefusesAParserNotOnAnObject() throws Exception {
    try (JsonParser parser = JsonTrees.jsonFactory().createParser("[1]")) {
      parser.nextToken();

      assertThatThrownBy(() -> JsonTrees.readObject(parser))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("START_ARRAY");
    }
  }

  @Test
  void parseObjectNamesLineAndColumnOfInvalidJson() {
    assertThatThrownBy(() -> JsonTrees.parseObject("{\n  \"a\": tru\n}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON: ")
        .hasMessageContaining("line 2");
  }

  @Test
  void parseObjectRejectsOtherDocumentsAndTrailingContent() {
    assertThatThrownBy(() -> JsonTrees.parseObject("[1]"))
        .hasMessageContaining("expected a JSON object, found an array");
    assertThatThrownBy(() -> JsonTrees.parseObject(""))
        .hasMessageContaining("expected a JSON object, found nothing");
    assertThatThrownBy(() -> JsonTrees.parseObject("{} {}"))
        .hasMessageContaining("unexpected content after the JSON object");
  }

  @Test
  void atFollowsKeysAndReturnsNullForAnythingAbsent() {
    Map<String, Object> record = Samples.cloudTrail("ec2_CreateVpc_1");

    assertThat(JsonTrees.at(record, "responseElements", "vpc", "vpcId"))
        .isEqualTo("vpc-06fe1a64761a0f720");
    assertThat(JsonTrees.at(record, "responseElements", "nope", "vpcId")).isNull();
    assertThat(JsonTrees.at(record, "eventName", "deeper")).isNull();
    assertThat(JsonTrees.at(record)).isSameAs(record);
  }

  @Test
  void textRendersScalarsAndIsEmptyForTheRest() {
    Map<String, Object> tree =
        JsonTrees.parseObject("{\"s\":\"x\",\"n\":300,\"d\":1.50,\"b\":false,\"o\":{},\"a\":[]}");

    assertThat(JsonTrees.text(tree, "s")).isEqualTo("x");
    assertThat(JsonTrees.text(tree, "n")).isEqualTo("300");
    assertThat(JsonTrees.text(tree, "d")).isEqualTo("1.50");
    assertThat(JsonTrees.text(tree, "b")).isEqualTo("false");
    assertThat(JsonTrees.text(tree, "o")).isEmpty();
    assertThat(JsonTrees.text(tree, "a")).isEmpty();
    assertThat(JsonTrees.text(tree, "missing")).isEmpty();
  }

  @Test
  void parsesPlainAndPercentEncodedPolicyDocumentsToTheSameTree() {
    Map<String, Object> record = Samples.cloudTrail("iam_CreateRole_1");
    String plain = JsonTrees.text(record, "requestParameters", "assumeRolePolicyDocument");
    String encoded = JsonTrees.text(record, "responseElements", "role", "assumeRolePolicyDocument");
    assertThat(encoded).startsWith("%7B%22Statement");

    Object fromPlain = JsonTrees.parseEmbedded(plain);
    Object fromEncoded = JsonTrees.parseEmbedded(encoded);

    assertThat(fromPlain).isInstanceOf(Map.class).isEqualTo(fromEncoded);
    assertThat(JsonTrees.at(asMap(fromEncoded), "Version")).isEqualTo("2012-10-17");
    List<?> statements = (List<?>) asMap(fromEncoded).get("Statement");
    assertThat(asMap(statements.get(0)).get("Action"))
        .isEqualTo(List.of("sts:AssumeRole", "sts:SetSourceIdentity"));
    assertThat(
            JsonTrees.at(
                asMap(((List<?>) asMap(fromPlain).get("Statement")).get(0)), "Principal", "AWS"))
        .isEqualTo("123837392027");
  }

  @Test
  void parsesEveryEmbeddedPolicyInTheSamples() {
    assertThat(
            JsonTrees.parseEmbedded(
                JsonTrees.text(
                    Samples.cloudTrail("iam_PutRolePolicy_1"),
                    "requestParameters",
                    "policyDocument")))
        .isInstanceOf(Map.class);
    assertThat(
            JsonTrees.parseEmbedded(
                JsonTrees.text(
                    Samples.cloudTrail("iam_CreatePolicy_1"),
                    "requestParameters",
                    "policyDocument")))
        .isInstanceOf(Map.class);
    assertThat(
            JsonTrees.parseEmbedded(
                JsonTrees.text(
                    Samples.cloudTrail("lambda_AddPermission20150331v2_1"),
                    "responseElements",
                    "statement")))
        .isInstanceOf(Map.class);
    assertThat(
            JsonTrees.parseEmbedded(
                JsonTrees.text(
                    Samples.cloudTrail("sts_GetFederationToken_1"), "requestParameters", "policy")))
        .isInstanceOf(Map.class);
  }

  @Test
  void leavesTextThatIsNotAnEmbeddedObjectOrArrayUnchanged() {
    for (String text :
        List.of(
            "300",
            "true",
            "\"quoted\"",
            "{not json",
            "[1,",
            "{} trailing",
            "%7Bbroken",
            "%ZZ",
            "",
            "  ",
            "HIDDEN_DUE_TO_SECURITY_REASONS",
            "%41")) {
      assertThat(JsonTrees.parseEmbedded(text)).as(text).isSameAs(text);
    }
  }

  @Test
  void percentDecodingKeepsPlusSignsAndDecodesUtf8() {
    Object tree = JsonTrees.parseEmbedded("%7B%22a%22%3A%22x+y%20%C3%A9%22%7D");

    assertThat(tree).isEqualTo(Map.of("a", "x+y é"));
  }

  @Test
  void parsesEmbeddedArraysAndLeadingWhitespace() {
    assertThat(JsonTrees.parseEmbedded("  [1, {\"a\": null}]")).isEqualTo(List.of(1L, Map.of()));
    assertThat(JsonTrees.parseEmbedded("%5B%22a%22%5D")).isEqualTo(List.of("a"));
  }

  @Test
  void writesTreesAsCompactJsonThatReadsBackEqual() {
    Map<String, Object> record = Samples.cloudTrail("ec2_RunInstances_1");

    String json = JsonTrees.toJson(record);

    assertThat(JsonTrees.parseObject(json)).isEqualTo(record);
    assertThat(json).startsWith("{\"eventVersion\":\"1.08\",\"userIdentity\":{");
  }

  @Test
  void writesExactNumbersAndNulls() {
    Map<String, Object> tree = new java.util.LinkedHashMap<>();
    tree.put("big", new BigInteger("1784730281000000000000"));
    tree.put("dec", new BigDecimal("0.10"));
    tree.put("int", 7);
    tree.put("none", null);

    assertThat(JsonTrees.toJson(tree))
        .isEqualTo("{\"big\":1784730281000000000000,\"dec\":0.10,\"int\":7,\"none\":null}");
    assertThatThrownBy(() -> JsonTrees.toJson(Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON tree value");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object tree) {
    return (Map<String, Object>) tree;
  }
}
