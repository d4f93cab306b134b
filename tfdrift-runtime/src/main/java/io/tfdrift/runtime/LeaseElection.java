package io.tfdrift.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.tfdrift.api.SourceException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Leader election on a Kubernetes {@code coordination.k8s.io/v1} Lease (fabric8's elector, the same
 * protocol as client-go's). A leader that stops releases the lease so a standby takes over at once;
 * one that dies is replaced once its lease expires. After losing the lease (a renewal missed its
 * deadline) this instance stops ingesting and campaigns again as a standby.
 *
 * <p>With {@code label_pod}, the leader labels its pod {@code tfdrift.io/role=leader} and every
 * other instance labels its own {@code standby}: a Service selecting the label routes Falco's
 * {@code http_output} to the leader only (a standby does not listen).
 */
final class LeaseElection implements Leadership {
  private static final Logger log = LoggerFactory.getLogger(LeaseElection.class);

  private final HighAvailability settings;
  private final KubernetesClient client;
  private final ScheduledExecutorService retry =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tfdrift-election");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private volatile String leader;
  private volatile LeaderElector elector;
  private volatile CompletableFuture<?> campaign;
  private Term term;

  LeaseElection(HighAvailability settings, KubernetesClient client) {
    this.settings = settings;
    this.client = client;
  }

  @Override
  public synchronized void start(Term t) throws SourceException {
    this.term = t;
    try {
      client.leases().inNamespace(settings.namespace()).withName(settings.leaseName()).get();
    } catch (KubernetesClientException e) {
      throw new SourceException(
          "high_availability: cannot read Lease "
              + settings.namespace()
              + "/"
              + settings.leaseName()
              + " from the Kubernetes API at "
              + client.getMasterUrl()
              + " ("
              + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
              + rootMessage(e)
              + "). Run in Kubernetes with a service account allowed to get, create and update"
              + " leases (deploy/kubernetes/tfdrift.yaml has the Role), or set"
              + " high_availability.enabled: false for a single instance",
          e);
    }
    label("standby");
    log.info(
        "campaigning for lease {}/{} as {}",
        settings.namespace(),
        settings.leaseName(),
        settings.identity());
    campaign();
  }

  private synchronized void campaign() {
    if (closed) {
      return;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName("tfdrift")
            .withLock(
                new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.renewDeadline())
            .withRetryPeriod(settings.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(this::onStartLeading, this::onStopLeading, this::onNewLeader))
            .build();
    elector = client.leaderElector().withConfig(config).build();
    campaign = elector.start();
    // The campaign ends when leadership is lost (or on close): campaign again as a standby.
    campaign.whenComplete(
        (ok, failure) -> {
          if (!closed) {
            retry.schedule(
                this::campaign, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  private void onStartLeading() {
    log.info("{} now leads {}: ingesting", settings.identity(), settings.leaseName());
    leading.set(true);
    label("leader");
    try {
      term.elected();
    } catch (SourceException | RuntimeException e) {
      log.error(
          "{} leads but cannot start ingesting ({}); giving the lease up for another instance",
          settings.identity(),
          e.getMessage());
      resign();
    }
  }

  /** Ends this campaign and releases the lease; a new campaign starts after the retry period. */
  private void resign() {
    CompletableFuture<?> c = campaign;
    if (c != null) {
      c.cancel(true);
      try {
        elector.release();
      } catch (KubernetesClientException e) {
        log.warn("could not release lease {}: {}", settings.leaseName(), e.getMessage());
      }
    }
    onStopLeading();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private void onStopLeading() {
    if (!leading.compareAndSet(true, false)) {
      return;
    }
    log.atLevel(closed ? Level.INFO : Level.WARN)
        .log(
            "{} no longer leads {}: ingesting stopped{}",
            settings.identity(),
            settings.leaseName(),
            closed ? "" : ", standing by");
    term.deposed();
    label("standby");
  }

  private void onNewLeader(String identity) {
    leader = identity;
    if (!identity.equals(settings.identity())) {
      log.info("{} leads {}; {} stands by", identity, settings.leaseName(), settings.identity());
    }
  }

  private void label(String role) {
    if (!settings.labelPod()) {
      return;
    }
    try {
      client
          .pods()
          .inNamespace(settings.namespace())
          .withName(settings.identity())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\""
                  + HighAvailability.ROLE_LABEL
                  + "\":\""
                  + role
                  + "\"}}}");
    } catch (KubernetesClientException e) {
      log.warn(
          "could not label pod {}/{} {}={} ({} {}); a Service selecting that label will not route"
              + " to the leader. Grant the service account 'patch' on pods, set POD_NAME from the"
              + " downward API, or set high_availability.label_pod: false",
          settings.namespace(),
          settings.identity(),
          HighAvailability.ROLE_LABEL,
          role,
          e.getCode(),
          e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
  }

  @Override
  public boolean leading() {
    return leading.get();
  }

  @Override
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
    // Released at once, so a standby takes over now rather than when the lease runs out.
    resign();
    client.close();
  }
}
