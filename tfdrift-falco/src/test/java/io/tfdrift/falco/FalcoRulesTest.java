package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped rules files against the plugins' own field tables ({@code plugin-fields/}, vendored
 * from falcosecurity/plugins with {@code extract_fields.py}): a rules file naming a field that a
 * plugin version it accepts does not have, or with the wrong argument syntax, fails the build.
 */
class FalcoRulesTest {

  private static final Set<String> PRIORITIES =
      Set.of(
          "EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG");

  /** A plugin field in a condition or output: name, optional [argument]. */
  private static final Pattern FIELD =
      Pattern.compile(
          "\\b((?:ct|s3|ec2|ecr|iam|gcp|json|jevt)\\.[A-Za-z0-9_.]*[A-Za-z0-9_])(\\[[^\\]]*\\])?");

  private static final Map<String, String> SOURCES =
      Map.of("cloudtrail", "aws_cloudtrail", "gcpaudit", "gcp_auditlog");

  private static JsonNode file(String plugin) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(FalcoRules.text(plugin));
  }

  private static List<JsonNode> items(JsonNode file, String kind) {
    List<JsonNode> found = new ArrayList<>();
    file.forEach(
        item -> {
          if (item.has(kind)) {
            found.add(item);
          }
        });
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {"cloudtrail", "gcpaudit"})
  void eachFileHoldsOneRuleForItsPluginsSourceWithTheKeysFalcoRequires(String plugin)
      throws Exception {
    JsonNode file = file(plugin);
    assertThat(file.isArray()).isTrue();
    file.forEach(
        item ->
            assertThat(
                    item.has("rule") || item.has("macro") || item.has("required_plugin_versions"))
                .as(item.toString())
                .isTrue());
    List<JsonNode> rules = items(file, "rule");
    assertThat(rules).hasSize(1);
    JsonNode rule = rules.get(0);
    for (String key : List.of("rule", "desc", "condition", "output", "priority", "source")) {
      assertThat(rule.hasNonNull(key)).as(rule.get("rule") + " has " + key).isTrue();
      assertThat(rule.get(key).asText()).isNotBlank();
    }
    assertThat(PRIORITIES).contains(rule.get("priority").asText());
    assertThat(rule.get("source").asText()).isEqualTo(SOURCES.get(plugin));
    assertThat(FalcoAlertDecoder.supports(rule.get("source").asText())).isTrue();
    assertThat(required(file)).containsKey(plugin).containsKey("json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cloudtrail", "gcpaudit"})
  void everyFieldExistsInEveryAcceptedPluginVersionWithItsArgumentSyntax(String plugin)
      throws Exception {
    JsonNode file = file(plugin);
    Map<String, String> required = required(file);
    List<FieldTable> tables = new ArrayList<>();
    required.forEach((name, version) -> tables.addAll(FieldTable.accepted(name, version)));
    assertThat(tables).extracting(FieldTable::plugin).containsAll(required.keySet());

    Set<String> used = fieldsOf(file);
    assertThat(used).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (String use : used) {
      problems.addAll(FieldTable.check(use, tables));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aFieldThatNoPluginHasIsReported() throws Exception {
    List<FieldTable> tables = FieldTable.accepted("cloudtrail", "0.12.0");
    tables.addAll(FieldTable.accepted("json", "0.7.0"));

    assertThat(FieldTable.check("ct.requestparameters", tables))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("no such field in cloudtrail 0.12.0"))
        .anySatisfy(p -> assertThat(p).contains("no such field in cloudtrail 0.17.1"));
    assertThat(FieldTable.check("json.value", tables))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("needs an argument"));
    assertThat(FieldTable.check("ct.request[/x]", tables))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("takes no argument"));
    assertThat(FieldTable.check("ct.originaluser", tables))
        .as("added after the version the file requires")
        .containsExactly("ct.originaluser: no such field in cloudtrail 0.12.0");
    assertThat(FieldTable.check("k8s.pod.name", tables))
        .containsExactly("k8s.pod.name: no required plugin has fields named k8s.*");
    assertThat(FieldTable.check("json.value[/userIdentity]", tables)).isEmpty();
  }

  @Test
  void everyOutputFieldIsOneTheDecoderReads() throws Exception {
    Set<String> read = new LinkedHashSet<>(CloudTrailAlerts.FIELDS);
    read.addAll(GcpAuditAlerts.FIELDS);
    for (String plugin : FalcoRules.PLUGINS) {
      JsonNode rule = items(file(plugin), "rule").get(0);
      for (String field : PluginAlerts.outputFields(rule.get("output").asText())) {
        if (!field.startsWith("json.value[/")) {
          assertThat(read).as("fields of " + rule.get("rule")).contains(field);
        }
      }
    }
  }

  @Test
  void theAwsRuleKeepsRecordsWithoutAReadOnlyKeyAndCarriesTheIdentity() throws Exception {
    JsonNode file = file("cloudtrail");
    String macro = items(file, "macro").get(0).get("condition").asText();
    assertThat(macro).contains("not ct.readonly = \"true\"").doesNotContain("= \"false\"");
    assertThat(macro).contains("not ct.error exists");
    Set<String> fields =
        PluginAlerts.outputFields(items(file, "rule").get(0).get("output").asText());
    assertThat(fields)
        .contains(
            "ct.src",
            "ct.name",
            "ct.id",
            "ct.time",
            "ct.request",
            "ct.response",
            "ct.requestid",
            "ct.eventtype",
            "ct.eventcategory",
            "ct.recipientaccountid",
            "ct.sharedeventid",
            "ct.errormessage",
            "ct.resources",
            "json.value[/userIdentity]");
  }

  @Test
  void theGcpRuleCarriesTheEntryBodyThroughTheJsonPlugin() throws Exception {
    Set<String> fields =
        PluginAlerts.outputFields(items(file("gcpaudit"), "rule").get(0).get("output").asText());
    assertThat(fields)
        .contains(
            "json.value[/protoPayload/request]",
            "json.value[/protoPayload/response]",
            "json.value[/protoPayload/status]",
            "json.value[/protoPayload/serviceData]",
            "json.value[/protoPayload/metadata]",
            "json.value[/protoPayload/authorizationInfo]",
            "json.value[/operation]",
            "json.value[/insertId]",
            "json.value[/timestamp]",
            "gcp.resourceLabels")
        .doesNotContain("gcp.request", "gcp.authorizationInfo", "gcp.policyDelta");
  }

  @Test
  void anUnknownPluginNamesTheKnownOnes() {
    assertThatThrownBy(() -> FalcoRules.text("k8saudit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k8saudit")
        .hasMessageContaining("cloudtrail, gcpaudit");
    assertThat(FalcoRules.fileName("gcpaudit")).isEqualTo("tfdrift_gcpaudit_rules.yaml");
  }

  /** {@code required_plugin_versions}: plugin name → minimum version. */
  private static Map<String, String> required(JsonNode file) {
    Map<String, String> required = new HashMap<>();
    for (JsonNode item : items(file, "required_plugin_versions")) {
      item.get("required_plugin_versions")
          .forEach(p -> required.put(p.get("name").asText(), p.get("version").asText()));
    }
    return required;
  }

  /** Every plugin field used in a macro's or rule's condition or a rule's output. */
  private static Set<String> fieldsOf(JsonNode file) {
    Set<String> used = new LinkedHashSet<>();
    file.forEach(
        item -> {
          for (String key : List.of("condition", "output")) {
            if (item.has(key)) {
              Matcher m = FIELD.matcher(item.get(key).asText());
              while (m.find()) {
                used.add(m.group(0));
              }
            }
          }
        });
    return used;
  }
}
