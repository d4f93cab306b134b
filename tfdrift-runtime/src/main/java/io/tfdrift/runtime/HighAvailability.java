package io.tfdrift.runtime;

import io.tfdrift.api.ComponentConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code high_availability} section: whether instances elect a leader through a Kubernetes
 * {@code coordination.k8s.io/v1} Lease, and the election's timings. Defaults follow client-go's (15
 * s lease, 10 s renew deadline, 2 s retry), so a standby takes over at most one lease duration
 * after a leader dies, and at once after a leader that stops cleanly releases the lease.
 *
 * @param enabled whether to elect; when off, the single instance always leads
 * @param leaseName the Lease object's name
 * @param namespace the Lease's namespace
 * @param identity this instance's name in the Lease; the pod name in Kubernetes
 * @param labelPod whether the leader labels its pod {@code tfdrift.io/role=leader}, so that a
 *     Service selecting that label sends Falco's alerts to the leader only
 */
record HighAvailability(
    boolean enabled,
    String leaseName,
    String namespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean labelPod) {

  static final String ROLE_LABEL = "tfdrift.io/role";
  static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /**
   * Reads the section. The namespace defaults to {@code POD_NAMESPACE}, then the service account's
   * namespace file, then {@code default}; the identity to {@code POD_NAME}, then {@code HOSTNAME},
   * then the host name (in Kubernetes all three are the pod's name).
   */
  static HighAvailability from(ComponentConfig ha, Map<String, String> env) {
    boolean enabled = ha.bool("enabled", false);
    String leaseName = ha.string("lease_name", "tfdrift-leader");
    String namespace = ha.string("namespace", defaultNamespace(env));
    String identity = ha.string("identity", defaultIdentity(env));
    Duration lease = ha.duration("lease_duration", Duration.ofSeconds(15));
    Duration renew = ha.duration("renew_deadline", Duration.ofSeconds(10));
    Duration retry = ha.duration("retry_period", Duration.ofSeconds(2));
    boolean labelPod = ha.bool("label_pod", true);
    if (renew.compareTo(lease) >= 0) {
      throw ha.invalid(
          "renew_deadline",
          renew
              + " is not shorter than lease_duration "
              + lease
              + "; a leader must renew before its lease runs out (e.g. lease_duration: 15s,"
              + " renew_deadline: 10s)");
    }
    if (retry.multipliedBy(12).compareTo(renew.multipliedBy(10)) >= 0) {
      throw ha.invalid(
          "retry_period",
          retry
              + " leaves no room for a renewal retry within renew_deadline "
              + renew
              + "; make it shorter than renew_deadline / 1.2 (e.g. retry_period: 2s)");
    }
    return new HighAvailability(
        enabled, leaseName, namespace, identity, lease, renew, retry, labelPod);
  }

  private static String defaultNamespace(Map<String, String> env) {
    String fromEnv = env.get("POD_NAMESPACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    try {
      if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
        return Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip();
      }
    } catch (IOException e) {
      // fall through to the default: the file is optional outside Kubernetes
    }
    return "default";
  }

  private static String defaultIdentity(Map<String, String> env) {
    for (String name : new String[] {"POD_NAME", "HOSTNAME"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "tfdrift-" + ProcessHandle.current().pid();
    }
  }
}
