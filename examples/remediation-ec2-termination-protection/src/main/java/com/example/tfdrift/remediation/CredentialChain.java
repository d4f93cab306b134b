package com.example.tfdrift.remediation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds AWS credentials the way the AWS SDKs do, for the places tfdrift runs: environment variables
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), a web
 * identity (EKS IRSA: {@code AWS_ROLE_ARN} + {@code AWS_WEB_IDENTITY_TOKEN_FILE}, exchanged at
 * STS), container credentials (EKS Pod Identity, ECS: {@code AWS_CONTAINER_CREDENTIALS_*}) and the
 * EC2 instance profile (IMDSv2). The first source that is configured is used; temporary credentials
 * are cached until five minutes before they expire.
 */
final class CredentialChain {
  private static final Duration MARGIN = Duration.ofMinutes(5);
  private static final Pattern XML_FIELD = Pattern.compile("<(\\w+)>([^<]*)</\\1>");

  private final Map<String, String> env;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private AwsCredentials cached;

  CredentialChain(Map<String, String> env, HttpClient http, Duration timeout, Clock clock) {
    this.env = Map.copyOf(env);
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Current credentials.
   *
   * @throws IOException naming the source that failed, or every source tried
   */
  synchronized AwsCredentials resolve() throws IOException, InterruptedException {
    if (cached != null && !cached.expiresBefore(clock.instant().plus(MARGIN))) {
      return cached;
    }
    cached = fetch();
    return cached;
  }

  private AwsCredentials fetch() throws IOException, InterruptedException {
    if (has("AWS_ACCESS_KEY_ID") && has("AWS_SECRET_ACCESS_KEY")) {
      return new AwsCredentials(
          env.get("AWS_ACCESS_KEY_ID"),
          env.get("AWS_SECRET_ACCESS_KEY"),
          env.getOrDefault("AWS_SESSION_TOKEN", ""),
          Optional.empty(),
          "environment");
    }
    if (has("AWS_ROLE_ARN") && has("AWS_WEB_IDENTITY_TOKEN_FILE")) {
      return webIdentity();
    }
    if (has("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        || has("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      return container();
    }
    if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_EC2_METADATA_DISABLED", ""))) {
      try {
        return instanceProfile();
      } catch (IOException e) {
        throw new IOException(
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a"
                + " role (EKS IRSA or Pod Identity, ECS task role, EC2 instance profile); the"
                + " instance metadata service answered: "
                + e.getMessage());
      }
    }
    throw new IOException(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role"
            + " (EKS IRSA or Pod Identity, ECS task role, EC2 instance profile)");
  }

  /** EKS IRSA: the pod's service account token, exchanged for role credentials at STS. */
  private AwsCredentials webIdentity() throws IOException, InterruptedException {
    String token = Files.readString(Path.of(env.get("AWS_WEB_IDENTITY_TOKEN_FILE"))).strip();
    String region =
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    String endpoint =
        env.getOrDefault("AWS_ENDPOINT_URL_STS", "https://sts." + region + ".amazonaws.com");
    String form =
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName="
            + encode(env.getOrDefault("AWS_ROLE_SESSION_NAME", "tfdrift-remediation"))
            + "&RoleArn="
            + encode(env.get("AWS_ROLE_ARN"))
            + "&WebIdentityToken="
            + encode(token);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    Map<String, String> fields = xmlFields(response.body());
    if (response.statusCode() != 200 || !fields.containsKey("AccessKeyId")) {
      throw new IOException(
          "STS AssumeRoleWithWebIdentity for "
              + env.get("AWS_ROLE_ARN")
              + " failed ("
              + response.statusCode()
              + " "
              + fields.getOrDefault("Code", "")
              + "): "
              + fields.getOrDefault("Message", "no credentials in the answer")
              + "; check the role's trust policy names this service account");
    }
    return new AwsCredentials(
        fields.get("AccessKeyId"),
        fields.get("SecretAccessKey"),
        fields.getOrDefault("SessionToken", ""),
        Optional.ofNullable(fields.get("Expiration")).map(Instant::parse),
        "web identity " + env.get("AWS_ROLE_ARN"));
  }

  /** EKS Pod Identity and ECS task roles: a local endpoint, maybe with an authorization token. */
  private AwsCredentials container() throws IOException, InterruptedException {
    String uri =
        has("AWS_CONTAINER_CREDENTIALS_FULL_URI")
            ? env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
            : "http://169.254.170.2" + env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).GET();
    if (has("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      request.header(
          "Authorization",
          Files.readString(Path.of(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))).strip());
    } else if (has("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
      request.header("Authorization", env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
    }
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IOException(
          "container credentials endpoint " + uri + " answered " + response.statusCode());
    }
    return fromJson(response.body(), "container credentials");
  }

  /** The EC2 instance profile, through IMDSv2 (a session token first). */
  private AwsCredentials instanceProfile() throws IOException, InterruptedException {
    String base = env.getOrDefault("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    HttpResponse<String> token =
        send(
            HttpRequest.newBuilder(URI.create(base + "/latest/api/token"))
                .header("X-aws-ec2-metadata-token-ttl-seconds", "21600")
                .PUT(HttpRequest.BodyPublishers.noBody()));
    if (token.statusCode() != 200) {
      throw new IOException("IMDSv2 token request answered " + token.statusCode());
    }
    String path = base + "/latest/meta-data/iam/security-credentials/";
    HttpResponse<String> role =
        send(
            HttpRequest.newBuilder(URI.create(path))
                .header("X-aws-ec2-metadata-token", token.body()));
    if (role.statusCode() != 200 || role.body().isBlank()) {
      throw new IOException("the instance has no instance profile (" + role.statusCode() + ")");
    }
    String name = role.body().lines().findFirst().orElse("").strip();
    HttpResponse<String> credentials =
        send(
            HttpRequest.newBuilder(URI.create(path + name))
                .header("X-aws-ec2-metadata-token", token.body()));
    if (credentials.statusCode() != 200) {
      throw new IOException("instance profile " + name + " answered " + credentials.statusCode());
    }
    return fromJson(credentials.body(), "instance profile " + name);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean has(String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static AwsCredentials fromJson(String json, String source) throws IOException {
    Optional<String> id = jsonString(json, "AccessKeyId");
    Optional<String> secret = jsonString(json, "SecretAccessKey");
    if (id.isEmpty() || secret.isEmpty()) {
      throw new IOException(source + " returned no AccessKeyId/SecretAccessKey");
    }
    return new AwsCredentials(
        id.get(),
        secret.get(),
        jsonString(json, "Token").orElse(""),
        jsonString(json, "Expiration").map(Instant::parse),
        source);
  }

  /** A top-level string field of a flat JSON object, as the credential endpoints return. */
  private static Optional<String> jsonString(String json, String field) {
    Matcher m =
        Pattern.compile("\"" + field + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? Optional.of(m.group(1).replace("\\/", "/")) : Optional.empty();
  }

  /** Leaf elements of a small XML answer (STS, EC2 errors), by element name. */
  static Map<String, String> xmlFields(String xml) {
    Map<String, String> out = new java.util.HashMap<>();
    Matcher m = XML_FIELD.matcher(xml == null ? "" : xml);
    while (m.find()) {
      out.putIfAbsent(m.group(1), unescape(m.group(2)));
    }
    return out;
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
