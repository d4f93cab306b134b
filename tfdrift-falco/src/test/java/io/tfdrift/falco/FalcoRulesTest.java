package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FalcoRulesTest {

  private static final Set<String> PRIORITIES =
      Set.of(
          "EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG");

  private final JsonNode rules;

  FalcoRulesTest() throws Exception {
    rules = new ObjectMapper(new YAMLFactory()).readTree(FalcoRules.text());
  }

  private List<JsonNode> rules() {
    List<JsonNode> found = new ArrayList<>();
    rules.forEach(
        item -> {
          if (item.has("rule")) {
            found.add(item);
          }
        });
    return found;
  }

  @Test
  void isAListOfRulesAndMacros() {
    assertThat(rules.isArray()).isTrue();
    rules.forEach(
        item -> assertThat(item.fieldNames()).toIterable().containsAnyOf("rule", "macro"));
    assertThat(rules())
        .extracting(r -> r.get("source").asText())
        .containsExactly("aws_cloudtrail", "gcp_auditlog");
  }

  @Test
  void everyRuleHasTheKeysFalcoRequires() {
    for (JsonNode rule : rules()) {
      for (String key : List.of("rule", "desc", "condition", "output", "priority", "source")) {
        assertThat(rule.hasNonNull(key)).as(rule.get("rule") + " has " + key).isTrue();
        assertThat(rule.get(key).asText()).isNotBlank();
      }
      assertThat(PRIORITIES).contains(rule.get("priority").asText());
      assertThat(FalcoAlertDecoder.supports(rule.get("source").asText())).isTrue();
    }
  }

  @Test
  void everyOutputFieldIsOneTheDecoderReads() {
    Set<String> read = new HashSet<>(CloudTrailAlerts.FIELDS);
    read.addAll(GcpAuditAlerts.FIELDS);
    for (JsonNode rule : rules()) {
      Set<String> fields = outputFields(rule.get("output").asText());
      assertThat(read).as("fields of " + rule.get("rule")).containsAll(fields);
    }
  }

  @Test
  void theAwsRuleCarriesWhatEqualityWithTheFilePathNeeds() {
    Set<String> fields = outputFields(rules().get(0).get("output").asText());
    assertThat(fields)
        .contains(
            "ct.src",
            "ct.name",
            "ct.id",
            "ct.time",
            "ct.request",
            "ct.response",
            "ct.user.identitytype",
            "ct.user.arn",
            "ct.user.principalid",
            "ct.user.accountid",
            "ct.useragent",
            "ct.srcip",
            "ct.region",
            "ct.error",
            "ct.readonly");
    assertThat(rules().get(0).get("condition").asText()).isEqualTo("tfdrift_aws_mutation");
    assertThat(rules.get(0).get("condition").asText())
        .contains("ct.readonly = \"false\"")
        .contains("not ct.error exists");
  }

  /** The {@code %field} names of an output line, without Falco's {@code %} and separators. */
  static Set<String> outputFields(String output) {
    Set<String> fields = new HashSet<>();
    int i = output.indexOf('%');
    while (i >= 0) {
      int end = i + 1;
      while (end < output.length() && isFieldChar(output.charAt(end))) {
        end++;
      }
      fields.add(output.substring(i + 1, end));
      i = output.indexOf('%', end);
    }
    return fields;
  }

  private static boolean isFieldChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '[' || c == ']' || c == '/';
  }
}
