package io.tfdrift.core.detect;

import io.tfdrift.api.AuditEvent;

/**
 * Recognises calls the cloud makes for itself, which are not drift: an AWS service acting under its
 * own identity ({@code userIdentity.type = AWSService}), through one of its service-linked roles
 * (role path {@code /aws-service-role/}, names {@code AWSServiceRoleFor*}: RDS placing the network
 * interfaces of a DB instance, Auto Scaling launching instances, SSM running an association), or an
 * {@code AwsServiceEvent} (a notification AWS writes about its own work). Only the service can
 * assume a service-linked role, so no person stands behind such a call; the resources it touches
 * are the service's own (requester-managed interfaces, group members) and not Terraform's.
 *
 * <p>On GCP: entries of the {@code system_event} log or by {@code system@google.com}, and GKE's
 * control-plane components ({@code system:} users other than workloads' service accounts).
 *
 * <p>A person's call that a service carries out on their behalf keeps the person's identity and
 * only names the service in {@code invokedBy} (the console's {@code AWS Internal}, CloudFormation
 * with the caller's credentials): that is still drift, so {@code invokedBy} alone decides nothing.
 */
public final class CloudServiceCallers {
  private static final String AWS_SERVICE = "AWSService";
  private static final String SERVICE_EVENT = "AwsServiceEvent";
  private static final String SERVICE_ROLE_PATH = ":role/aws-service-role/";
  private static final String SERVICE_ROLE_SESSION = ":assumed-role/AWSServiceRoleFor";

  private CloudServiceCallers() {}

  /**
   * Whether the cloud made the call for itself.
   *
   * @param event the call
   * @return {@code true} for an AWS service, a service-linked role, an AWS service event, a Google
   *     system event or a GKE control-plane component
   */
  public static boolean isCloudService(AuditEvent event) {
    if ("gcp".equals(event.provider())) {
      return isGoogle(event);
    }
    if (!"aws".equals(event.provider())) {
      return false;
    }
    var attributes = event.attributes();
    return AWS_SERVICE.equals(event.actor().type())
        || SERVICE_EVENT.equals(attributes.get("aws.eventType"))
        || attributes.getOrDefault("aws.roleArn", "").contains(SERVICE_ROLE_PATH)
        // A Falco alert carries the session's ARN but not the role's: the role name tells.
        || event.actor().arn().contains(SERVICE_ROLE_SESSION);
  }

  /**
   * Google's own work: an entry of the {@code system_event} log or by {@code system@google.com} (a
   * managed instance group recreating a VM, live migration), or a GKE control-plane component
   * ({@code system:kube-scheduler}, {@code system:node:<node>}, controllers in {@code
   * kube-system}). A workload's Kubernetes service account in another namespace is a user's.
   */
  private static boolean isGoogle(AuditEvent event) {
    if (SYSTEM_EVENT.equals(event.attributes().get("gcp.logType"))) {
      return true;
    }
    String name = event.actor().name();
    if (name.equals(GOOGLE_SYSTEM)) {
      return true;
    }
    if (!name.startsWith(K8S_SYSTEM)) {
      return false;
    }
    return !name.startsWith(K8S_SERVICE_ACCOUNT) || name.startsWith(K8S_KUBE_SYSTEM);
  }

  private static final String SYSTEM_EVENT = "system_event";
  private static final String GOOGLE_SYSTEM = "system@google.com";
  private static final String K8S_SYSTEM = "system:";
  private static final String K8S_SERVICE_ACCOUNT = "system:serviceaccount:";
  private static final String K8S_KUBE_SYSTEM = "system:serviceaccount:kube-system:";
}
