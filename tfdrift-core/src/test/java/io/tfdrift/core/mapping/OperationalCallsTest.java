package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.testkit.AuditEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lists of operational calls: apart from the tables, each call with its reason. */
class OperationalCallsTest {

  @Test
  void noListedCallIsAlsoATableRow() {
    for (String provider : List.of("aws", "gcp")) {
      Map<String, Map<String, String>> listed = OperationalCalls.of(provider);
      assertThat(listed).as("%s/operational.txt", provider).isNotEmpty();
      List<String> both = new ArrayList<>();
      for (MappedCall row : MappingTable.builtIn(provider).calls()) {
        Map<String, String> calls = listed.get(row.service());
        if (calls != null && calls.containsKey(row.action())) {
          both.add(row.service() + " " + row.action());
        }
      }
      assertThat(both)
          .as(
              "%s: a call is either mapped (it changes what a resource models) or operational"
                  + " (it changes nothing any resource models), never both",
              provider)
          .isEmpty();
    }
  }

  @Test
  void everyListedCallIsOperationalAndNoOtherCallOfItsServiceIs() {
    for (String provider : List.of("aws", "gcp")) {
      OperationalCalls.of(provider)
          .forEach(
              (service, calls) ->
                  calls.forEach(
                      (call, why) -> {
                        assertThat(why).as("%s %s reason", service, call).isNotBlank();
                        var event =
                            provider.equals("aws")
                                ? AuditEvents.aws(service, call).build()
                                : AuditEvents.gcp(service, call).build();
                        assertThat(OperationalCalls.isOperational(event))
                            .as("%s %s", service, call)
                            .isTrue();
                        var renamed =
                            provider.equals("aws")
                                ? AuditEvents.aws(service, call + "s").build()
                                : AuditEvents.gcp(service, call + "s").build();
                        assertThat(OperationalCalls.isOperational(renamed))
                            .as("%s %ss", service, call)
                            .isFalse();
                      }));
    }
    assertThat(
            OperationalCalls.isOperational(
                AuditEvents.aws("ec2.amazonaws.com", "StopInstances").build()))
        .isFalse();
    assertThat(
            OperationalCalls.isOperational(
                AuditEvents.aws("rds.amazonaws.com", "RebootInstances").build()))
        .as("the same call name of another service")
        .isFalse();
  }

  @Test
  void gcpMethodsMatchWithOrWithoutTheirApiVersion() {
    String service = "compute.googleapis.com";
    for (String method :
        List.of(
            "compute.instances.reset",
            "v1.compute.instances.reset",
            "beta.compute.instances.reset",
            "alpha.compute.instances.reset")) {
      assertThat(OperationalCalls.isOperational(AuditEvents.gcp(service, method).build()))
          .as(method)
          .isTrue();
    }
    for (String method :
        List.of(
            "compute.instances.resetx",
            "x.compute.instances.reset",
            "v1.v1.compute.instances.reset",
            "v1compute.instances.reset",
            "compute.instances.resume")) {
      assertThat(OperationalCalls.isOperational(AuditEvents.gcp(service, method).build()))
          .as(method)
          .isFalse();
    }
  }

  @Test
  void aLineWithoutItsReasonOrOfAnotherShapeFailsNamingFileAndLine() throws IOException {
    assertThatThrownBy(() -> parse("# header\nssm.amazonaws.com StartSession\n"))
        .hasMessageContaining("aws/operational.txt:2")
        .hasMessageContaining("'<service> <call>  # why no Terraform resource models its effect'");
    assertThatThrownBy(() -> parse("ssm.amazonaws.com StartSession  #   \n"))
        .hasMessageContaining("aws/operational.txt:1");
    assertThatThrownBy(() -> parse("ssm.amazonaws.com Start Session  # a shell\n"))
        .hasMessageContaining("aws/operational.txt:1");
    assertThatThrownBy(
            () ->
                parse("ssm.amazonaws.com StartSession  # a\nssm.amazonaws.com StartSession # b\n"))
        .hasMessageContaining(
            "aws/operational.txt:2: ssm.amazonaws.com StartSession is listed twice");
    assertThat(parse("\n# c\nssm.amazonaws.com StartSession  # opens a shell\n"))
        .isEqualTo(Map.of("ssm.amazonaws.com", Map.of("StartSession", "opens a shell")));
  }

  private static Map<String, Map<String, String>> parse(String text) throws IOException {
    return OperationalCalls.parse(
        "aws/operational.txt", new BufferedReader(new StringReader(text)));
  }
}
