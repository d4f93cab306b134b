package io.tfdrift.core.state;

import io.tfdrift.api.ManagedResource;
import java.util.List;

/**
 * The account (AWS) or project (GCP) a managed resource lives in, as far as state tells: its own
 * ARN ({@code arn}, else {@code <type>_arn} such as {@code db_snapshot_arn}), its {@code project},
 * else the one account that every ARN of its state names. Empty when state does not tell (an S3
 * bucket's ARN has no account; a state with resources of several accounts names none).
 */
final class Scopes {
  private Scopes() {}

  /** The account every own ARN (or project) of a state's resources names, or empty. */
  static String ofState(List<ManagedResource> resources) {
    String found = "";
    for (ManagedResource r : resources) {
      String own = own(r);
      if (own.isEmpty()) {
        continue;
      }
      if (found.isEmpty()) {
        found = own;
      } else if (!found.equals(own)) {
        return "";
      }
    }
    return found;
  }

  /** The resource's own account, else the state's. */
  static String of(ManagedResource resource, String stateScope) {
    String own = own(resource);
    return own.isEmpty() ? stateScope : own;
  }

  /** ARNs and {@code projects/...} paths name their account: they match in any account. */
  static boolean namesItsAccount(String identifier) {
    return identifier.startsWith("arn:")
        || identifier.startsWith("projects/")
        || identifier.startsWith("https://");
  }

  /**
   * Whether two known accounts can be told apart by comparing them: both AWS account ids or GCP
   * project numbers (digits), or both GCP project ids (a project id starts with a letter). A
   * project number against a project id may be the same project.
   */
  static boolean comparable(String scope, String account) {
    return allDigits(scope) == allDigits(account);
  }

  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String own(ManagedResource r) {
    if (r.type().startsWith("google_")) {
      return r.attributes().get("project") instanceof String p ? p : "";
    }
    String account = accountOf(r.attributes().get("arn"));
    if (account.isEmpty() && r.type().startsWith("aws_")) {
      account = accountOf(r.attributes().get(r.type().substring(4) + "_arn"));
    }
    return account;
  }

  /**
   * The account field of {@code arn:partition:service:region:account:resource}, if it is a number
   * ({@code aws} names AWS-managed policies, S3 ARNs have none).
   */
  static String accountOf(Object arn) {
    if (!(arn instanceof String text) || !text.startsWith("arn:")) {
      return "";
    }
    int at = 0;
    for (int field = 0; field < 4; field++) {
      at = text.indexOf(':', at) + 1;
      if (at == 0) {
        return "";
      }
    }
    int end = text.indexOf(':', at);
    if (end <= at) {
      return "";
    }
    for (int i = at; i < end; i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return "";
      }
    }
    return text.substring(at, end);
  }
}
