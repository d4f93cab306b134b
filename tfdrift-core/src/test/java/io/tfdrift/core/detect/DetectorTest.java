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

class DetectorStateAttributeTest {
  private static final io.tfdrift.api.AuditEvent STOP =
      io.tfdrift.api.AuditEvent.builder()
          .provider("aws")
          .service("ec2.amazonaws.com")
          .action("StopInstances")
          .eventId("e1")
          .build();
  private static final io.tfdrift.api.ResourceMatch STOPPED =
      new io.tfdrift.api.ResourceMatch(
          "aws_instance",
          List.of("i-0abc"),
          io.tfdrift.api.ChangeKind.UPDATE,
          Map.of("instance_state", io.tfdrift.api.AttributeChange.set("stopped")));

  private static List<Finding> detect(String attributes) throws Exception {
    String state =
        """
        {"version": 4, "terraform_version": "1.9.0", "serial": 1, "lineage": "l",
         "resources": [{"mode": "managed", "type": "aws_instance", "name": "web",
           "instances": [{"attributes": {"id": "i-0abc", %s}}]}]}
        """
            .formatted(attributes);
    var parsed =
        io.tfdrift.core.state.TerraformStateParser.parse(
            "prod",
            new io.tfdrift.api.spi.StateDocument(
                "default",
                "prod.tfstate",
                state.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var index = io.tfdrift.core.state.StateIndex.of(List.of(parsed));
    return new Detector(java.time.Clock.systemUTC()).detect(STOP, List.of(STOPPED), index);
  }

  @Test
  void anAttributeAnOlderProviderDoesNotWriteIsNotAChangeFromNull() throws Exception {
    assertThat(detect("\"instance_type\": \"t3.micro\""))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(io.tfdrift.api.DriftKind.OUT_OF_BAND);
              assertThat(d.changes()).isEmpty();
            });
  }

  @Test
  void anAttributeTheStateWritesAsNullIsAChangeFromNull() throws Exception {
    assertThat(detect("\"instance_state\": null"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(io.tfdrift.api.DriftKind.MODIFIED);
              assertThat(d.changes().get(0).expected()).isEmpty();
              assertThat(d.changes().get(0).actual()).contains("stopped");
            });
  }

  @Test
  void anAttributeTheStateHoldsIsCompared() throws Exception {
    assertThat(detect("\"instance_state\": \"running\""))
        .singleElement()
        .satisfies(d -> assertThat(d.changes().get(0).expected()).contains("running"));
    assertThat(detect("\"instance_state\": \"stopped\"")).isEmpty();
  }
}
