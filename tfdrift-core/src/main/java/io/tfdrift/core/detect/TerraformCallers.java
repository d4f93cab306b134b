package io.tfdrift.core.detect;

import io.tfdrift.api.AuditEvent;
import java.util.List;

/**
 * Recognises calls made by Terraform itself: they are the apply, not drift. A call is Terraform's
 * when its user agent says so ({@code Terraform/1.9.8}, {@code terraform-provider-aws/5.x}, {@code
 * HashiCorp-terraform-exec}, Google's {@code Terraform/... terraform-provider-google/...}) or when
 * its caller matches a configured {@code terraform_principals} pattern (the CI role's ARN, the
 * service account that runs {@code terraform apply}), matched against the actor's ARN, name and
 * principal id and, for an assumed role, the role's ARN and name.
 */
public final class TerraformCallers {
  private static final List<String> USER_AGENT_MARKERS =
      List.of("terraform/", "terraform-provider-", "hashicorp-terraform", "opentofu/");

  // An assumed-role session's own ARN is arn:aws:sts::...:assumed-role/<role>/<session>; users
  // configure the role's IAM ARN, which the decoder keeps in these attributes.
  private static final String ROLE_ARN = "aws.roleArn";
  private static final String ROLE_NAME = "aws.roleName";

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
    return matches(actor.arn())
        || matches(actor.name())
        || matches(actor.principalId())
        || matches(event.attributes().getOrDefault(ROLE_ARN, ""))
        || matches(event.attributes().getOrDefault(ROLE_NAME, ""));
  }

  private boolean matches(String identity) {
    return !identity.isEmpty() && Glob.anyMatches(principals, identity);
  }

  static boolean userAgentSaysTerraform(String userAgent) {
    if (userAgent.length() < 10) {
      return false;
    }
    // One pass over the user agent, comparing markers only where their first letter stands: every
    // call is checked here, and most user agents are not Terraform's. The markers start with the
    // ASCII letters t, h and o, which only their own two cases match case-insensitively, so the
    // first-letter lookup (c | 0x20) is exact and the result is that of a full regionMatches scan.
    for (int i = 0; i < userAgent.length(); i++) {
      int c = userAgent.charAt(i) | 0x20;
      String[] markers = c < MARKERS_BY_FIRST_LETTER.length ? MARKERS_BY_FIRST_LETTER[c] : null;
      if (markers == null) {
        continue;
      }
      for (String marker : markers) {
        if (userAgent.regionMatches(true, i, marker, 0, marker.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@link #USER_AGENT_MARKERS} by their (lower-case ASCII) first letter. */
  private static final String[][] MARKERS_BY_FIRST_LETTER = byFirstLetter(USER_AGENT_MARKERS);

  private static String[][] byFirstLetter(List<String> markers) {
    String[][] table = new String[128][];
    for (String marker : markers) {
      char first = marker.charAt(0);
      // i, k and s also match non-ASCII letters (dotless i, Kelvin sign, long s) ignoring case.
      if (first < 'a' || first > 'z' || first == 'i' || first == 'k' || first == 's') {
        throw new IllegalStateException(
            "a user agent marker must start with an ASCII letter other than i, k, s: " + marker);
      }
      String[] before = table[first] == null ? new String[0] : table[first];
      String[] after = java.util.Arrays.copyOf(before, before.length + 1);
      after[before.length] = marker;
      table[first] = after;
    }
    return table;
  }
}
