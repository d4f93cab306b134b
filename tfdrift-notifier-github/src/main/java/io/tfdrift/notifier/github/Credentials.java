package io.tfdrift.notifier.github;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code Authorization} header: a fixed token, or a GitHub App installation token fetched with
 * the App's JWT and renewed five minutes before it expires (or when GitHub refuses it).
 */
interface Credentials {

  /**
   * The header value.
   *
   * @throws DeliveryException if a token cannot be fetched
   */
  String header() throws DeliveryException;

  /** Forgets a cached token so that the next call fetches a new one. */
  void forget();

  static Credentials token(Secret token) {
    return new Credentials() {
      @Override
      public String header() {
        return "Bearer " + token.reveal();
      }

      @Override
      public void forget() {}
    };
  }

  static Credentials jwt(AppToken app) {
    return new Credentials() {
      @Override
      public String header() {
        return "Bearer " + app.jwt();
      }

      @Override
      public void forget() {}
    };
  }

  /** Installation tokens of a GitHub App, exchanged through an API client that sends the JWT. */
  final class Installation implements Credentials {
    private final GitHubApi app;
    private final String installationId;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    Installation(GitHubApi app, String installationId, Clock clock) {
      this.app = app;
      this.installationId = installationId;
      this.clock = clock;
    }

    @Override
    public synchronized String header() throws DeliveryException {
      if (token == null || !clock.instant().isBefore(renewAt)) {
        GitHubApi.Reply reply =
            app.post("/app/installations/" + installationId + "/access_tokens", Map.of());
        if (!(reply.body() instanceof Map<?, ?> body
            && body.get("token") instanceof String t
            && body.get("expires_at") instanceof String expires)) {
          throw DeliveryException.retryable(
              "GitHub returned no installation token for installation " + installationId, null);
        }
        token = t;
        renewAt = Instant.parse(expires).minusSeconds(300);
      }
      return "Bearer " + token;
    }

    @Override
    public synchronized void forget() {
      token = null;
    }
  }
}
