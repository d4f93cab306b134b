package io.tfdrift.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.testkit.TerraformStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The testkit builds states without core (plugin authors get the API and the testkit only), so it
 * writes their JSON and derives their resources itself. Here both are held to core: the document it
 * writes parses, with {@link TerraformStateParser}, into exactly the resources it hands to a {@code
 * PluginHarness}.
 */
class TerraformStatesConformanceTest {

  @Test
  void theDocumentParsesIntoTheResourcesTheTestkitDerives() throws Exception {
    Map<String, Object> awkward = new LinkedHashMap<>();
    awkward.put("id", "i-0abc");
    awkward.put("user_data", "line 1\nline 2\t\"quoted\" \\ back\u0001\u001f end");
    awkward.put("unset", null);
    awkward.put("count", 3);
    awkward.put("ratio", 0.25);
    awkward.put("tags", Map.of("Name", "web", "Emoji", "\u2603"));
    awkward.put("ingress", List.of(Map.of("from_port", 443, "cidr_blocks", List.of("0.0.0.0/0"))));
    TerraformStates states =
        TerraformStates.builder()
            .resource("aws_instance", "web", awkward)
            .resource(
                "module.db",
                "aws_db_instance",
                "main",
                Map.of("id", "db-1", "password", "hunter2"),
                List.of("password"));

    List<ManagedResource> parsed =
        TerraformStateParser.parse(
                "prod", new StateDocument("default", "memory://prod", states.build()))
            .managed();

    assertThat(parsed).isEqualTo(states.resources("prod"));
    assertThat(parsed.get(0).attributes())
        .containsEntry("user_data", awkward.get("user_data"))
        .doesNotContainKey("unset");
    assertThat(parsed.get(1).sensitive()).containsExactly("password");
  }
}
