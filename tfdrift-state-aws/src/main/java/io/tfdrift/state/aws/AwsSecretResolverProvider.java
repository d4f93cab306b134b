package io.tfdrift.state.aws;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret scheme {@code aws-secret}: {@code <key>_from_aws_secret: <name-or-arn>} reads an AWS
 * Secrets Manager secret, {@code <name-or-arn>#<json-key>} one key of a JSON secret.
 *
 * <p>Section {@code secrets.aws-secret} (all optional): {@code ttl} (how long a value is reused,
 * default 5m), {@code region} (default: the SDK's region chain, else {@code us-east-1}), {@code
 * endpoint} (a VPC endpoint or a fake), {@code role_arn}, {@code profile}, {@code max_attempts},
 * {@code timeout}. The client is built on the first secret read, so configurations that never use
 * the scheme never touch AWS.
 *
 * <pre>{@code
 * notifications:
 *   slack:
 *     webhook_url_from_aws_secret: "prod/tfdrift#slack_webhook_url"
 * secrets:
 *   aws-secret:
 *     region: eu-west-1
 *     ttl: 10m
 * }</pre>
 */
@AutoService(SecretResolverProvider.class)
public final class AwsSecretResolverProvider implements SecretResolverProvider {

  /** How long a fetched secret is reused unless {@code ttl} says otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private static final int DEFAULT_ATTEMPTS = 3;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public AwsSecretResolverProvider() {}

  @Override
  public String type() {
    return "aws-secret";
  }

  @Override
  public SecretResolver create(ComponentConfig config) {
    return create(config, Clock.systemUTC());
  }

  /** As {@link #create(ComponentConfig)}, with the clock that ages cached values. */
  static SecretResolver create(ComponentConfig config, Clock clock) {
    Duration ttl = config.duration("ttl", DEFAULT_TTL);
    if (ttl.isNegative()) {
      throw config.invalid("ttl", "must not be negative; use e.g. 5m, or 0s to fetch every time");
    }
    AwsConnection connection = AwsConnection.from(config, "region", DEFAULT_ATTEMPTS);
    return new AwsSecretResolver(
        () -> connection.configure(SecretsManagerClient.builder()).build(),
        () -> connection.region().id(),
        ttl,
        clock);
  }
}
