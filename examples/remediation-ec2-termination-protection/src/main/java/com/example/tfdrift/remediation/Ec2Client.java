package com.example.tfdrift.remediation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one EC2 call this plugin makes: {@code ModifyInstanceAttribute} with {@code
 * DisableApiTermination.Value=true}, re-enabling termination protection. A SigV4-signed EC2 Query
 * API request over the JDK's HTTP client, so that the plugin jar has no dependencies.
 */
final class Ec2Client {
  static final String API_VERSION = "2016-11-15";
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

  /** What EC2 answered. */
  record Answer(Outcome outcome, String code, String message, String requestId) {}

  /** How the call ended. */
  enum Outcome {
    /** The attribute was set. */
    APPLIED,
    /** A dry run that EC2 says would have succeeded ({@code DryRunOperation}). */
    WOULD_APPLY,
    /** EC2 refused or could not be reached. */
    FAILED
  }

  private final HttpClient http;
  private final CredentialChain credentials;
  private final Optional<URI> endpoint;
  private final Duration timeout;
  private final Clock clock;

  Ec2Client(
      HttpClient http,
      CredentialChain credentials,
      Optional<URI> endpoint,
      Duration timeout,
      Clock clock) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Turns termination protection on for an instance.
   *
   * @param dryRun ask EC2 to check the permission without changing anything
   */
  Answer enableTerminationProtection(String region, String instanceId, boolean dryRun)
      throws InterruptedException {
    URI uri = endpoint.orElse(URI.create("https://ec2." + region + ".amazonaws.com/"));
    String body =
        "Action=ModifyInstanceAttribute"
            + "&DisableApiTermination.Value=true"
            + (dryRun ? "&DryRun=true" : "")
            + "&InstanceId="
            + URLEncoder.encode(instanceId, StandardCharsets.UTF_8)
            + "&Version="
            + API_VERSION;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try {
      Map<String, String> signed =
          SigV4.sign(
              "POST",
              uri,
              Map.of("Content-Type", FORM),
              bytes,
              region,
              "ec2",
              credentials.resolve(),
              clock.instant());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", FORM)
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
      signed.forEach(request::header);
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new Answer(Outcome.FAILED, "RequestFailed", String.valueOf(e.getMessage()), "");
    }
    Map<String, String> fields = CredentialChain.xmlFields(response.body());
    String requestId = fields.getOrDefault("requestId", fields.getOrDefault("RequestID", ""));
    if (response.statusCode() == 200) {
      return new Answer(Outcome.APPLIED, "", "", requestId);
    }
    String code = fields.getOrDefault("Code", "HTTP" + response.statusCode());
    String message = fields.getOrDefault("Message", "EC2 answered " + response.statusCode());
    if (code.equals("DryRunOperation")) {
      return new Answer(Outcome.WOULD_APPLY, code, message, requestId);
    }
    return new Answer(Outcome.FAILED, code, message, requestId);
  }
}
