package io.tfdrift.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AttributeChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How partial changes combine with the value in state (engine-level cases are in TfDriftTest). */
class DetectorTest {
  private static final String ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  @Test
  void addingAnElementTheSetAlreadyHoldsLeavesItUnchanged() {
    Object next = Detector.apply(AttributeChange.addToSet(List.of(ARN)), List.of(ARN));

    assertThat(next).as("the unchanged marker, not a new value").isNotInstanceOf(List.class);
  }

  @Test
  void addingANewElementAppendsItToTheStateValue() {
    assertThat(Detector.apply(AttributeChange.addToSet(List.of(ARN)), List.of("arn:other")))
        .isEqualTo(List.of("arn:other", ARN));
  }

  @Test
  void addingToAnAttributeStateLacksStartsFromEmpty() {
    assertThat(Detector.apply(AttributeChange.addToSet(List.of(ARN)), null))
        .isEqualTo(List.of(ARN));
  }

  @Test
  void removingAnElementTheSetDoesNotHoldIsNoChange() {
    Object next = Detector.apply(AttributeChange.removeFromSet(List.of(ARN)), List.of("arn:x"));

    assertThat(next).isNotInstanceOf(List.class);
  }

  @Test
  void removingAnElementDropsIt() {
    assertThat(Detector.apply(AttributeChange.removeFromSet(List.of(ARN)), List.of(ARN, "arn:x")))
        .isEqualTo(List.of("arn:x"));
  }

  @Test
  void puttingATagOverwritesItsValueAndKeepsTheOthers() {
    assertThat(
            Detector.apply(
                AttributeChange.putKeys(Map.of("env", "dev")),
                Map.of("env", "prod", "team", "core")))
        .isEqualTo(Map.of("env", "dev", "team", "core"));
  }

  @Test
  void puttingATagWithAnEquivalentValueIsNoChange() {
    Object next =
        Detector.apply(AttributeChange.putKeys(Map.of("count", "3")), Map.of("count", 3L));

    assertThat(next).isNotInstanceOf(Map.class);
  }

  @Test
  void deletingTagKeysRemovesOnlyThoseThatExist() {
    Map<String, Object> state = Map.of("env", "prod", "team", "core");

    assertThat(Detector.apply(AttributeChange.deleteKeys(List.of("env")), state))
        .isEqualTo(Map.of("team", "core"));
    assertThat(Detector.apply(AttributeChange.deleteKeys(List.of("team")), state))
        .isEqualTo(Map.of("env", "prod"));
    assertThat(Detector.apply(AttributeChange.deleteKeys(List.of("missing")), state))
        .isNotInstanceOf(Map.class);
  }

  @Test
  void securityGroupRulesCompareByAtomsWhateverTheirGrouping() {
    Map<String, Object> grouped =
        Map.of(
            "cidr_blocks", List.of("10.0.0.0/8", "192.168.0.0/16"),
            "from_port", 22L,
            "to_port", 22L,
            "protocol", "6",
            "ipv6_cidr_blocks", List.of(),
            "security_groups", List.of(),
            "prefix_list_ids", List.of());
    Map<String, Object> single =
        Map.of(
            "cidr_blocks",
            List.of("192.168.0.0/16"),
            "from_port",
            22L,
            "to_port",
            22L,
            "protocol",
            "tcp");

    Object next = Detector.apply(AttributeChange.addToSet(List.of(single)), List.of(grouped));

    assertThat(next)
        .as("the rule is already there, as part of a grouped block")
        .isNotInstanceOf(List.class);
  }
}
