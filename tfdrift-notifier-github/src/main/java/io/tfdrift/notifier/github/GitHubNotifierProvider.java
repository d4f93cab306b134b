package io.tfdrift.notifier.github;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.inventory.DriftKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifier {@code github}: one issue per drift in {@code repository} ({@code owner/name}), labelled
 * {@code tfdrift}, {@code severity:<s>} and {@code kind:<k>} plus {@code labels}; the drift seen
 * again is a comment (a closed issue is reopened). Authenticates with {@code token} (a secret: a
 * fine-grained token with Issues read and write) or as a GitHub App ({@code app_id}, {@code
 * installation_id}, {@code private_key} as a secret). {@code api_url} points at GitHub Enterprise
 * Server ({@code https://github.example.com/api/v3}); {@code dashboard_url} (TFDrift's {@code
 * /ui/}) adds a link to the drift's page.
 *
 * <p>With a drift inventory the issue number is the drift's thread: opened creates the issue (or
 * reopens it), escalated comments and moves the {@code severity:} label, renotified comments,
 * resolved comments with the reason and closes it as completed. Without one, each detection
 * comments on its drift's issue (found by the body's marker), reopening a closed one.
 */
@AutoService(NotifierProvider.class)
public final class GitHubNotifierProvider implements NotifierProvider {
  static final String API_URL = "https://api.github.com";
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  /** Creates the provider; ServiceLoader calls this. */
  public GitHubNotifierProvider() {}

  @Override
  public String type() {
    return "github";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    return create(config, Clock.systemUTC());
  }

  static Notifier create(ComponentConfig config, Clock clock) {
    String repository = config.string("repository");
    if (!REPOSITORY.matcher(repository).matches()) {
      throw config.invalid("repository", "'" + repository + "' is not owner/name, e.g. acme/infra");
    }
    URI api = URI.create(config.string("api_url", API_URL).replaceAll("/+$", ""));
    if (api.getHost() == null) {
      throw config.invalid("api_url", "not an http(s) URL, e.g. https://api.github.com");
    }
    Duration timeout = config.duration("timeout", Duration.ofSeconds(10));
    Optional<Secret> token = config.optionalSecret("token");
    boolean app = config.has("app_id") || config.has("installation_id");
    if (token.isPresent() == app) {
      throw config.invalid(
          "token",
          token.isPresent()
              ? "set either token or the GitHub App's app_id, installation_id and private_key,"
                  + " not both"
              : "missing: set token (Issues: read and write) or a GitHub App's app_id,"
                  + " installation_id and private_key");
    }
    Credentials credentials;
    if (token.isPresent()) {
      credentials = Credentials.token(token.get());
    } else {
      AppToken jwt;
      try {
        jwt = new AppToken(config.string("app_id"), config.secret("private_key").reveal(), clock);
      } catch (IllegalArgumentException e) {
        throw config.invalid("private_key", e.getMessage());
      }
      GitHubApi exchange = new GitHubApi(api, repository, Credentials.jwt(jwt), timeout, clock);
      credentials = new Credentials.Installation(exchange, config.string("installation_id"), clock);
    }
    GitHubApi client = new GitHubApi(api, repository, credentials, timeout, clock);
    String dashboard = config.string("dashboard_url", "");
    if (!dashboard.isEmpty() && !dashboard.matches("https?://[^\\s()]+")) {
      throw config.invalid(
          "dashboard_url", "not an http(s) URL, e.g. https://tfdrift.example.com/ui/");
    }
    return new GitHubNotifier(new DriftIssues(client, config.strings("labels"), dashboard));
  }

  /** Delivers each drift to its issue. */
  static final class GitHubNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(GitHubNotifier.class);
    private final DriftIssues issues;

    GitHubNotifier(DriftIssues issues) {
      this.issues = issues;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      if (event.lifecycle().isPresent()) {
        deliver(event, Optional.empty());
        return;
      }
      for (DriftKey key : DriftKeys.of(event)) {
        issues.seen(key, event);
      }
    }

    /** The thread is the drift's issue number. */
    @Override
    public Optional<String> deliver(DriftEvent event, Optional<String> thread)
        throws DeliveryException {
      if (event.lifecycle().isEmpty()) {
        send(event);
        return Optional.empty();
      }
      Optional<Long> known = thread.flatMap(GitHubNotifier::issueNumber);
      return issues
          .deliver(event.lifecycle().get().key(), event, known)
          .map(number -> Long.toString(number));
    }

    private static Optional<Long> issueNumber(String thread) {
      try {
        return Optional.of(Long.parseLong(thread.strip())).filter(n -> n > 0);
      } catch (NumberFormatException e) {
        log.warn("github: ignoring a kept thread that is not an issue number; looking it up");
        return Optional.empty();
      }
    }
  }
}
