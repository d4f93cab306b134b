package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.core.json.JsonTrees;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FalcoAlertParserTest {

  @Test
  void readsTheMixedTypeOutputFieldsOfARealFalco043Alert() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(4));

    assertThat(alert.source()).isEqualTo("aws_cloudtrail");
    assertThat(alert.rule()).isEqualTo("Terraform Managed Resource Modified");
    assertThat(alert.priority()).isEqualTo("Warning");
    assertThat(alert.hostname()).isEqualTo("cca3f82eb5b6");
    assertThat(alert.tags()).containsExactly("drift", "iac", "terraform");
    assertThat(alert.time()).isEqualTo(Instant.parse("2026-07-22T14:24:41Z"));
    assertThat(alert.outputFields())
        .doesNotContainKey("ct.request.name")
        .containsEntry("evt.time.iso8601", "1784730281000000000")
        .containsEntry("ct.name", "AuthorizeSecurityGroupIngress")
        .containsEntry("ct.user.accountid", "230446364776");
  }

  @Test
  void keepsJsonInStringsAsTextAndLargeIntegersExact() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(0));

    assertThat(alert.source()).isEqualTo("gcp_auditlog");
    assertThat(alert.outputFields())
        .containsEntry("evt.time", "1688683434476694000")
        .containsEntry("json.value[/resource/labels/policy_name]", "**********");
    assertThat(JsonTrees.parseEmbedded(alert.field("gcp.authorizationInfo")))
        .isInstanceOf(List.class);
  }

  @Test
  void trimsTrailingBlanksOfHandWrittenFieldNames() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(2));

    assertThat(alert.outputFields()).containsKeys("gcp.userAgent", "gcp.authorizationInfo");
    assertThat(alert.outputFields().keySet()).noneMatch(k -> k.endsWith(" "));
  }

  @Test
  void writesNestedValuesAsCompactJsonAndBooleansAsText() {
    FalcoAlert alert =
        FalcoAlertParser.parse(
            """
            {"source":"aws_cloudtrail","output_fields":{"a":{"x":[1,2.50,null]},"b":true,
             "c":false,"d":-12.5e3,"e":null,"f":"<NA>"},"unknown":{"deep":[1,{"z":2}]}}
            """);

    assertThat(alert.outputFields())
        .containsEntry("a", "{\"x\":[1,2.50]}")
        .containsEntry("b", "true")
        .containsEntry("c", "false")
        .containsEntry("d", "-12.5e3")
        .doesNotContainKey("e");
    assertThat(alert.field("f")).isEmpty();
    assertThat(alert.time()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void namesTheLineAndColumnOfBadJson() {
    assertThatThrownBy(
            () -> FalcoAlertParser.parse("{\"source\": \"aws_cloudtrail\",\n  \"rule\": x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON: ")
        .hasMessageContaining("line 2, column");
  }

  @Test
  void requiresASource() {
    assertThatThrownBy(() -> FalcoAlertParser.parse("{\"rule\":\"r\",\"output_fields\":{}}"))
        .hasMessageContaining("has no source");
  }

  @Test
  void rejectsABadTimeAndNonObjects() {
    assertThatThrownBy(() -> FalcoAlertParser.parse("{\"source\":\"x\",\"time\":\"yesterday\"}"))
        .hasMessageContaining("time 'yesterday' is not an RFC 3339 instant");
    assertThatThrownBy(() -> FalcoAlertParser.parse("[1]"))
        .hasMessageContaining("expected a JSON object (one Falco alert), found an array");
    assertThatThrownBy(() -> FalcoAlertParser.parse("{\"source\":\"x\"} {}"))
        .hasMessageContaining("unexpected content after the alert");
  }

  @Test
  void treeAndStreamReadTheSameAlert() {
    for (String line : FalcoFixtures.realAlerts()) {
      assertThat(FalcoAlertParser.fromTree(JsonTrees.parseObject(line)))
          .isEqualTo(FalcoAlertParser.parse(line));
    }
  }
}
