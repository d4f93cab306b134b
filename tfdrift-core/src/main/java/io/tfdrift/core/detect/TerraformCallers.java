package io.tfdrift.core.detect;

import io.tfdrift.api.AuditEvent;
import java.util.List;

/**
 * Recognises calls made by Terraform itself: they are the apply, not drift. A call is Terraform's
 * when its user agent says so ({@code Terraform/1.9.8}, {@code terraform-provider-aws/5.x}, {@code
 * HashiCorp-terraform-exec}, Google's {@code Terraform/... terraform-provider-google/...}) or when
 * its caller matches a configured {@code terraform_principals} pattern (the CI role's ARN, the
 * service account that runs {@code terraform apply}), matched against the actor's ARN, name and
 * principal id.
 */
public final class TerraformCallers {
  private static final List<String> USER_AGENT_MARKERS =
      List.of("terraform/", "terraform-provider-", "hashicorp-terraform", "opentofu/");

  private final List<Glob> principals;

  /**
   * Recognises Terraform's user agents and the given principals.
   *
   * @param principals glob patterns for ARNs, names or e-mails of the identities that apply
   */
  public TerraformCallers(List<String> principals) {
    this.principals = principals.stream().map(Glob::new).toList();
  }

  /**
   * Whether Terraform made the call.
   *
   * @param event the call
   * @return {@code true} if it is part of an apply
   */
  public boolean isTerraform(AuditEvent event) {
    if (userAgentSaysTerraform(event.userAgent())) {
      return true;
    }
    if (principals.isEmpty()) {
      return false;
    }
    var actor = event.actor();
    return (!actor.arn().isEmpty() && Glob.anyMatches(principals, actor.arn()))
        || (!actor.name().isEmpty() && Glob.anyMatches(principals, actor.name()))
        || (!actor.principalId().isEmpty() && Glob.anyMatches(principals, actor.principalId()));
  }

  static boolean userAgentSaysTerraform(String userAgent) {
    if (userAgent.length() < 10) {
      return false;
    }
    for (String marker : USER_AGENT_MARKERS) {
      if (containsIgnoreCase(userAgent, marker)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(String text, String lowerMarker) {
    int n = lowerMarker.length();
    for (int i = 0; i + n <= text.length(); i++) {
      if (text.regionMatches(true, i, lowerMarker, 0, n)) {
        return true;
      }
    }
    return false;
  }
}
