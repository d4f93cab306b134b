package io.tfdrift.source.aws;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Source {@code aws-sqs}: long-polls an SQS queue that receives CloudTrail records.
 *
 * <p>Keys: {@code queue_url} (required), {@code region} (default: the region in {@code queue_url},
 * else the SDK's default chain), {@code endpoint} (SQS endpoint URL override, for VPC endpoints or
 * a local fake), {@code s3_endpoint} (the same for S3, where log files are fetched from), {@code
 * s3_path_style} (default {@code true} when {@code s3_endpoint} is set), {@code wait_time} (long
 * poll, default {@code 20s}, at most 20 s), {@code max_messages} (per receive, default 10, at most
 * 10), {@code visibility_timeout} (default {@code 60s}: a message in hand is hidden this long and
 * extended every half of it while it is processed). Credentials come from the SDK's default chain
 * (environment, profile, web identity / IRSA, container or instance role).
 *
 * <pre>{@code
 * sources:
 *   - type: aws-sqs
 *     queue_url: https://sqs.eu-west-1.amazonaws.com/111122223333/tfdrift-cloudtrail
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class AwsSqsSourceProvider implements EventSourceProvider {

  /** The default and maximum long-poll wait. */
  public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(20);

  /** The default and maximum messages per receive. */
  public static final int DEFAULT_MAX_MESSAGES = 10;

  /** The default visibility timeout of a message in hand. */
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern QUEUE_URL_REGION =
      Pattern.compile("https?://(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com.*");

  /** Creates the provider; ServiceLoader calls this. */
  public AwsSqsSourceProvider() {}

  @Override
  public String type() {
    return "aws-sqs";
  }

  @Override
  public EventSource create(ComponentConfig config) {
    String queueUrl = config.string("queue_url");
    uri(config, "queue_url", queueUrl);
    Optional<Region> region =
        config.optionalString("region").or(() -> regionOf(queueUrl)).map(Region::of);
    Optional<URI> endpoint = config.optionalString("endpoint").map(e -> uri(config, "endpoint", e));
    Optional<URI> s3Endpoint =
        config.optionalString("s3_endpoint").map(e -> uri(config, "s3_endpoint", e));
    boolean pathStyle = config.bool("s3_path_style", s3Endpoint.isPresent());
    Duration wait = config.duration("wait_time", DEFAULT_WAIT_TIME);
    if (wait.isNegative() || wait.compareTo(DEFAULT_WAIT_TIME) > 0) {
      throw config.invalid(
          "wait_time", wait.toSeconds() + "s is not between 0s and 20s (SQS limit)");
    }
    int maxMessages = config.integer("max_messages", DEFAULT_MAX_MESSAGES);
    if (maxMessages < 1 || maxMessages > 10) {
      throw config.invalid("max_messages", maxMessages + " is not between 1 and 10 (SQS limit)");
    }
    Duration visibility = config.duration("visibility_timeout", DEFAULT_VISIBILITY_TIMEOUT);
    if (visibility.compareTo(Duration.ofSeconds(2)) < 0
        || visibility.compareTo(Duration.ofHours(12)) > 0) {
      throw config.invalid(
          "visibility_timeout",
          visibility.toSeconds() + "s is not between 2s and 12h; the default is 60s");
    }
    SqsClientBuilder sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    region.ifPresent(sqs::region);
    endpoint.ifPresent(sqs::endpointOverride);
    S3ClientBuilder s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .forcePathStyle(pathStyle);
    region.ifPresent(s3::region);
    s3Endpoint.ifPresent(s3::endpointOverride);
    return new SqsAuditSource(
        new SqsSettings(queueUrl, wait, maxMessages, visibility), sqs::build, s3::build);
  }

  static Optional<String> regionOf(String queueUrl) {
    Matcher m = QUEUE_URL_REGION.matcher(queueUrl);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
  }

  /** {@code value} as an endpoint URL, or an error naming {@code key} and the fix. */
  static URI uri(ComponentConfig config, String key, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(value, "needs a scheme and a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw config.invalid(
          key, "'" + value + "' is not a URL (" + e.getReason() + "); use https://host[:port]");
    }
  }
}
