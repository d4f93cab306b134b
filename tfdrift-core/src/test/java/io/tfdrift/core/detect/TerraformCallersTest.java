package io.tfdrift.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TerraformCallersTest {

  /** The plain definition: some marker occurs, ignoring case, anywhere in the user agent. */
  private static boolean byDefinition(String userAgent) {
    if (userAgent.length() < 10) {
      return false;
    }
    for (String marker :
        List.of("terraform/", "terraform-provider-", "hashicorp-terraform", "opentofu/")) {
      for (int i = 0; i + marker.length() <= userAgent.length(); i++) {
        if (userAgent.regionMatches(true, i, marker, 0, marker.length())) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void recognisesTerraformUserAgentsInAnyCaseAndPosition() {
    List<String> agents =
        List.of(
            "APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io)"
                + " terraform-provider-aws/dev (+https://registry.terraform.io/providers/hashicorp/aws)"
                + " aws-sdk-go/1.44.157",
            "Terraform/1.9.8",
            "google-api-go-client/0.5 TERRAFORM/1.9.8 (+https://www.terraform.io)",
            "HashiCorp-terraform-exec/0.17.3",
            "OpenTofu/1.8.0 (+https://opentofu.org) terraform-provider-google/6.0.0",
            "aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.5 md/arch#x86_64",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/113.0.0.0 Safari/537.36",
            "terraform-ish/1.0 but not a marker",
            "stratus-red-team_8a2c aws-sdk-go-v2/1.17.3 os/linux lang/go#1.19.4",
            "Terraform/",
            "xterraform/",
            "opentofu",
            "hashicorp-terraforM",
            "");
    for (String agent : agents) {
      assertThat(TerraformCallers.userAgentSaysTerraform(agent))
          .as(agent)
          .isEqualTo(byDefinition(agent));
      String upper = agent.toUpperCase(Locale.ROOT);
      assertThat(TerraformCallers.userAgentSaysTerraform(upper))
          .as(upper)
          .isEqualTo(byDefinition(upper));
    }
    assertThat(TerraformCallers.userAgentSaysTerraform("Terraform/1.9.8")).isTrue();
    assertThat(TerraformCallers.userAgentSaysTerraform("aws-cli/2.17.12 os/linux")).isFalse();
  }
}
