package io.tfdrift.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.core.state.IdentifierAttributes.Claim;
import io.tfdrift.core.state.IdentifierAttributes.Rule;
import org.junit.jupiter.api.Test;

class IdentifierAttributesTest {

  @Test
  void bundledTableLoadsWithIdArnAndSelfLinkAsPrimaryClaims() {
    assertThat(IdentifierAttributes.bundled().rules())
        .filteredOn(rule -> rule.claim() == Claim.PRIMARY)
        .extracting(Rule::attribute)
        .containsExactly("id", "arn", "self_link");
  }

  @Test
  void restrictsAttributesToTheirTypesWithPrefixPatterns() {
    IdentifierAttributes table = IdentifierAttributes.bundled();

    assertThat(table.rulesFor("aws_iam_user")).extracting(Rule::attribute).contains("unique_id");
    assertThat(table.rulesFor("aws_db_instance"))
        .extracting(Rule::attribute)
        .contains("identifier", "resource_id");
    assertThat(table.rulesFor("aws_api_gateway_method"))
        .extracting(Rule::attribute)
        .containsExactly("id", "arn", "self_link", "name");
  }

  @Test
  void rejectsAnUnknownClaimNamingTheLine() {
    assertThatThrownBy(() -> IdentifierAttributes.parse("# c\nid primary\nname weak\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("unknown claim 'weak'");
  }

  @Test
  void readsATemplateRuleFromSeveralAttributesAndNothingWhenOneIsMissing() {
    Rule rule =
        IdentifierAttributes.parse("{user}/{policy_arn} secondary aws_iam_user_policy_attachment\n")
            .rules()
            .get(0);

    assertThat(rule.valueIn(java.util.Map.of("user", "deploy", "policy_arn", "arn:p")))
        .isEqualTo("deploy/arn:p");
    assertThat(rule.valueIn(java.util.Map.of("user", "deploy"))).isNull();
    assertThat(rule.valueIn(java.util.Map.of("user", "", "policy_arn", "arn:p"))).isNull();
  }

  @Test
  void rejectsAMalformedTemplateNamingTheLine() {
    assertThatThrownBy(() -> IdentifierAttributes.parse("id primary\n{user/{policy_arn} name\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'{user/{policy_arn}'");
    assertThatThrownBy(() -> IdentifierAttributes.parse("{} name\n"))
        .hasMessageContaining("line 1");
  }

  @Test
  void namedClaimsAreOrderedStrongestFirst() {
    assertThat(Claim.PRIMARY.beats(Claim.NAME)).isTrue();
    assertThat(Claim.SECONDARY.beats(Claim.NAME)).isTrue();
    assertThat(Claim.NAME.beats(Claim.PRIMARY)).isFalse();
    assertThat(Claim.NAME.beats(Claim.NAME)).isFalse();
  }
}
