package io.tfdrift.state.aws;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * How one component reaches AWS: region, optional endpoint, credentials (optionally through an
 * assumed role), timeouts and retries. Read from the component's keys; every SDK client built from
 * it uses the JDK's HTTP client.
 *
 * <p>Credentials: {@code access_key} + {@code secret_key} (the secret in any {@code _from_*} form)
 * if set, else the named {@code profile}, else the SDK's default chain (environment, profile files,
 * web identity, container and instance roles). With {@code role_arn} those credentials only call
 * STS {@code AssumeRole}, and the role's temporary credentials are used, refreshed before they
 * expire.
 */
final class AwsConnection implements AutoCloseable {

  /** The region used when neither the configuration nor the SDK's region chain names one. */
  static final Region FALLBACK_REGION = Region.US_EAST_1;

  static final String ENDPOINT = "endpoint";
  static final String ROLE_ARN = "role_arn";
  static final String ROLE_SESSION_NAME = "role_session_name";
  static final String EXTERNAL_ID = "external_id";
  static final String STS_ENDPOINT = "sts_endpoint";
  static final String PROFILE = "profile";
  static final String ACCESS_KEY = "access_key";
  static final String SECRET_KEY = "secret_key";
  static final String MAX_ATTEMPTS = "max_attempts";
  static final String TIMEOUT = "timeout";

  private final Optional<Region> configuredRegion;
  private final Optional<URI> endpoint;
  private final Optional<URI> stsEndpoint;
  private final Optional<String> roleArn;
  private final String sessionName;
  private final Optional<String> externalId;
  private final AwsCredentialsProvider base;
  private final int maxAttempts;
  private final Duration timeout;
  // Built on first use, closed by close(); guarded by this.
  private final List<SdkAutoCloseable> owned = new ArrayList<>();
  private Region region;
  private AwsCredentialsProvider credentials;

  private AwsConnection(ComponentConfig config, String regionKey, int defaultAttempts) {
    configuredRegion = config.optionalString(regionKey).map(String::strip).map(Region::of);
    endpoint = uri(config, ENDPOINT);
    stsEndpoint = uri(config, STS_ENDPOINT);
    maxAttempts = config.integer(MAX_ATTEMPTS, defaultAttempts);
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw config.invalid(MAX_ATTEMPTS, maxAttempts + " is out of range; use 1 to 20");
    }
    timeout = config.duration(TIMEOUT, Duration.ofSeconds(30));
    if (timeout.isZero() || timeout.isNegative()) {
      throw config.invalid(TIMEOUT, "must be positive, e.g. 30s");
    }
    roleArn = config.optionalString(ROLE_ARN).map(String::strip);
    if (roleArn.isPresent() && !roleArn.get().startsWith("arn:")) {
      throw config.invalid(
          ROLE_ARN,
          "'" + roleArn.get() + "' is not an ARN; use arn:aws:iam::<account>:role/<name>");
    }
    sessionName = config.string(ROLE_SESSION_NAME, "tfdrift");
    externalId = config.optionalString(EXTERNAL_ID);
    base = baseCredentials(config);
  }

  /**
   * Reads the connection keys of a component. Nothing is resolved or contacted yet: the region
   * chain and STS are consulted when the first client is configured.
   *
   * @param config the component
   * @param regionKey the key naming the region ({@code s3_region}, {@code region})
   * @param defaultAttempts attempts per call when {@code max_attempts} is unset
   * @throws io.tfdrift.api.ConfigException naming the bad key
   */
  static AwsConnection from(ComponentConfig config, String regionKey, int defaultAttempts) {
    return new AwsConnection(config, regionKey, defaultAttempts);
  }

  /** Applies region, endpoint, credentials, HTTP client, retries and timeouts to a builder. */
  <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder
        .region(region())
        .credentialsProvider(credentials())
        .httpClientBuilder(httpClient(timeout))
        .overrideConfiguration(
            o -> o.retryStrategy(r -> r.maxAttempts(maxAttempts)).apiCallAttemptTimeout(timeout));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  /** The configured region, else the SDK's region chain's, else {@link #FALLBACK_REGION}. */
  synchronized Region region() {
    if (region == null) {
      region = configuredRegion.orElseGet(AwsConnection::chain);
    }
    return region;
  }

  Optional<URI> endpoint() {
    return endpoint;
  }

  Optional<String> roleArn() {
    return roleArn;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  private synchronized AwsCredentialsProvider credentials() {
    if (credentials != null) {
      return credentials;
    }
    if (base instanceof SdkAutoCloseable closeable) {
      owned.add(closeable);
    }
    if (roleArn.isEmpty()) {
      credentials = base;
      return credentials;
    }
    StsClient sts =
        StsClient.builder()
            .region(region())
            .credentialsProvider(base)
            .httpClientBuilder(httpClient(timeout))
            .applyMutation(b -> stsEndpoint.ifPresent(b::endpointOverride))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(r -> r.maxAttempts(maxAttempts)).apiCallAttemptTimeout(timeout))
            .build();
    owned.add(sts);
    StsAssumeRoleCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(
                r -> {
                  r.roleArn(roleArn.get()).roleSessionName(sessionName);
                  externalId.ifPresent(r::externalId);
                })
            .build();
    owned.add(assumed);
    credentials = assumed;
    return credentials;
  }

  @Override
  public synchronized void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }

  private static AwsCredentialsProvider baseCredentials(ComponentConfig config) {
    Optional<String> accessKey = config.optionalString(ACCESS_KEY);
    Optional<Secret> secretKey = config.optionalSecret(SECRET_KEY);
    Optional<String> profile = config.optionalString(PROFILE);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw config.invalid(
          accessKey.isPresent() ? SECRET_KEY : ACCESS_KEY,
          "missing; access_key and secret_key go together (or leave both unset to use the"
              + " default credential chain)");
    }
    if (accessKey.isPresent() && profile.isPresent()) {
      throw config.invalid(PROFILE, "set either profile or access_key/secret_key, not both");
    }
    if (accessKey.isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(accessKey.get(), secretKey.get().reveal()));
    }
    if (profile.isPresent()) {
      return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static Region chain() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      return FALLBACK_REGION;
    }
  }

  private static Optional<URI> uri(ComponentConfig config, String key) {
    Optional<String> text = config.optionalString(key).map(String::strip);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw config.invalid(
            key, "'" + text.get() + "' is not an absolute URL; use e.g. https://s3.example.com");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw config.invalid(key, "'" + text.get() + "' is not a URL: " + e.getReason());
    }
  }

  private static UrlConnectionHttpClient.Builder httpClient(Duration timeout) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(timeout);
  }
}
