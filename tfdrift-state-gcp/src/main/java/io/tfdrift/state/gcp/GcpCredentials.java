package io.tfdrift.state.gcp;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import io.tfdrift.api.ComponentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Google credentials and endpoint of one component: {@code credentials_file} (a service account
 * key, or any credential configuration file {@code gcloud} writes), {@code anonymous: true} (no
 * credentials, for emulators and fakes), or else Application Default Credentials.
 */
final class GcpCredentials {

  static final String CREDENTIALS_FILE = "credentials_file";
  static final String ANONYMOUS = "anonymous";
  static final String ENDPOINT = "endpoint";

  private final Optional<Credentials> explicit;
  private final Optional<URI> endpoint;

  private GcpCredentials(Optional<Credentials> explicit, Optional<URI> endpoint) {
    this.explicit = explicit;
    this.endpoint = endpoint;
  }

  /**
   * Reads the credential keys of a component; a {@code credentials_file} is loaded now, so a bad
   * file fails start-up.
   *
   * @param config the component
   * @param scopes the OAuth scopes for a credentials file
   * @throws io.tfdrift.api.ConfigException naming the bad key
   */
  static GcpCredentials from(ComponentConfig config, List<String> scopes) {
    Optional<URI> endpoint = endpoint(config);
    boolean anonymous = config.bool(ANONYMOUS, false);
    Optional<String> file = config.optionalString(CREDENTIALS_FILE).map(String::strip);
    if (anonymous && file.isPresent()) {
      throw config.invalid(ANONYMOUS, "set either anonymous or credentials_file, not both");
    }
    if (anonymous) {
      return new GcpCredentials(Optional.of(NoCredentials.getInstance()), endpoint);
    }
    if (file.isEmpty()) {
      return new GcpCredentials(Optional.empty(), endpoint);
    }
    try (InputStream in = Files.newInputStream(Path.of(file.get()))) {
      GoogleCredentials credentials = GoogleCredentials.fromStream(in).createScoped(scopes);
      return new GcpCredentials(Optional.of(credentials), endpoint);
    } catch (NoSuchFileException e) {
      throw config.invalid(CREDENTIALS_FILE, "file " + file.get() + " does not exist");
    } catch (IOException | RuntimeException e) {
      throw config.invalid(
          CREDENTIALS_FILE,
          "cannot read credentials from "
              + file.get()
              + " ("
              + e.getMessage()
              + "); use a service account key or a credential configuration file");
    }
  }

  /** The explicit credentials; empty means Application Default Credentials. */
  Optional<Credentials> explicit() {
    return explicit;
  }

  Optional<URI> endpoint() {
    return endpoint;
  }

  /** Where credentials come from, for messages. */
  String describe() {
    if (explicit.isEmpty()) {
      return "Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth"
          + " application-default login, or the attached service account)";
    }
    return explicit.get() instanceof NoCredentials
        ? "no credentials (anonymous)"
        : "credentials_file";
  }

  private static Optional<URI> endpoint(ComponentConfig config) {
    Optional<String> text = config.optionalString(ENDPOINT).map(String::strip);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw config.invalid(
            ENDPOINT,
            "'" + text.get() + "' is not an absolute URL; use e.g. http://localhost:4443");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw config.invalid(ENDPOINT, "'" + text.get() + "' is not a URL: " + e.getReason());
    }
  }
}
