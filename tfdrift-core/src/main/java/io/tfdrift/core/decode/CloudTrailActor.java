package io.tfdrift.core.decode;

import io.tfdrift.api.Actor;
import io.tfdrift.core.json.JsonTrees;
import java.util.Map;

/**
 * Resolves the caller of a CloudTrail record from its {@code userIdentity}, better than upstream
 * (which reported the role instead of the person behind an assumed role):
 *
 * <ul>
 *   <li>{@code IAMUser}: {@code userName};
 *   <li>{@code AssumedRole}: the session name, the last part of {@code
 *       arn:aws:sts::123:assumed-role/Role/session}, else the part of {@code principalId} after its
 *       last {@code :}. For IAM Identity Center (SSO) roles ({@code AWSReservedSSO_*}) the session
 *       name is the signed-in user. The type stays {@code AssumedRole} and the ARN stays the
 *       assumed-role ARN; the role's name and ARN ({@code sessionContext.sessionIssuer}) go to the
 *       {@code aws.roleName} and {@code aws.roleArn} attributes, and SSO roles set {@code
 *       aws.sso=true};
 *   <li>{@code AWSService}: {@code invokedBy} (e.g. {@code rds.amazonaws.com});
 *   <li>{@code Root}: {@code root};
 *   <li>anything else ({@code FederatedUser}, {@code SAMLUser}, {@code WebIdentityUser}, {@code
 *       AWSAccount}, ...): {@code userName}, else the {@code principalId} suffix after its last
 *       {@code :}, else the last ARN segment, else the principal id.
 * </ul>
 *
 * <p>{@code invokedBy} (a service calling on the caller's behalf) goes to {@code aws.invokedBy}.
 */
final class CloudTrailActor {

  private static final String ASSUMED_ROLE = ":assumed-role/";
  private static final String SSO_ROLE_PREFIX = "AWSReservedSSO_";

  private CloudTrailActor() {}

  /**
   * Resolves the actor and records what does not fit in {@link Actor} as attributes.
   *
   * @param identity the {@code userIdentity} object, possibly empty
   * @param attributes receives {@code aws.invokedBy}, {@code aws.roleName}, {@code aws.roleArn},
   *     {@code aws.sso}
   * @return the actor, {@link Actor#UNKNOWN} for an empty identity
   */
  static Actor resolve(Map<String, Object> identity, Map<String, String> attributes) {
    if (identity.isEmpty()) {
      return Actor.UNKNOWN;
    }
    String type = JsonTrees.text(identity.get("type"));
    String arn = JsonTrees.text(identity.get("arn"));
    String principalId = JsonTrees.text(identity.get("principalId"));
    String invokedBy = JsonTrees.text(identity.get("invokedBy"));
    putIfPresent(attributes, "aws.invokedBy", invokedBy);
    String roleName = sessionIssuer(identity, attributes);
    String name =
        switch (type) {
          case "Root" -> "root";
          case "AWSService" ->
              invokedBy.isEmpty() ? fallback(identity, arn, principalId) : invokedBy;
          case "AssumedRole" -> assumedRoleName(arn, principalId, roleName);
          default -> fallback(identity, arn, principalId);
        };
    return new Actor(type, name, arn, principalId, JsonTrees.text(identity.get("accountId")));
  }

  /** Records the role behind an assumed-role session; returns its name. */
  private static String sessionIssuer(
      Map<String, Object> identity, Map<String, String> attributes) {
    Map<String, Object> issuer = JsonTrees.object(identity, "sessionContext", "sessionIssuer");
    String roleName = JsonTrees.text(issuer.get("userName"));
    String roleArn = JsonTrees.text(issuer.get("arn"));
    putIfPresent(attributes, "aws.roleName", roleName);
    putIfPresent(attributes, "aws.roleArn", roleArn);
    if (roleName.startsWith(SSO_ROLE_PREFIX)) {
      attributes.put("aws.sso", "true");
    }
    return roleName;
  }

  private static String assumedRoleName(String arn, String principalId, String roleName) {
    String session = sessionName(arn);
    if (!session.isEmpty()) {
      return session;
    }
    String suffix = principalSuffix(principalId);
    if (!suffix.isEmpty()) {
      return suffix;
    }
    return roleName.isEmpty() ? lastArnSegment(arn) : roleName;
  }

  private static String fallback(Map<String, Object> identity, String arn, String principalId) {
    String userName = JsonTrees.text(identity.get("userName"));
    if (!userName.isEmpty()) {
      return userName;
    }
    String suffix = principalSuffix(principalId);
    if (!suffix.isEmpty()) {
      return suffix;
    }
    String segment = lastArnSegment(arn);
    return segment.isEmpty() ? principalId : segment;
  }

  /** {@code arn:aws:sts::123:assumed-role/Role/session} → {@code session}; else empty. */
  static String sessionName(String arn) {
    int start = arn.indexOf(ASSUMED_ROLE);
    if (start < 0) {
      return "";
    }
    int slash = arn.indexOf('/', start + ASSUMED_ROLE.length());
    return slash < 0 ? "" : arn.substring(slash + 1);
  }

  private static String principalSuffix(String principalId) {
    int colon = principalId.lastIndexOf(':');
    return colon < 0 ? "" : principalId.substring(colon + 1);
  }

  private static String lastArnSegment(String arn) {
    int cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
    return cut < 0 ? "" : arn.substring(cut + 1);
  }

  private static void putIfPresent(Map<String, String> attributes, String key, String value) {
    if (!value.isEmpty()) {
      attributes.put(key, value);
    }
  }
}
