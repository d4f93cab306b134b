package com.example.tfdrift.remediation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AWS endpoints the plugin talks to, in-process, answering with real-shaped documents: EC2's
 * Query API ({@code ModifyInstanceAttribute}: success, {@code DryRunOperation}, {@code
 * UnauthorizedOperation}, {@code InvalidInstanceID.NotFound}, {@code AuthFailure} for unsigned
 * requests), STS {@code AssumeRoleWithWebIdentity}, a container credentials endpoint and IMDSv2.
 * Records every call.
 */
final class FakeAws implements AutoCloseable {
  /** One EC2 or STS call. */
  record Call(String path, Map<String, String> params, Map<String, String> headers) {}

  static final String REQUEST_ID = "59dbff89-35bd-4eac-99ed-be587EXAMPLE";

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  final Set<String> instances = new HashSet<>();
  final Set<String> forbidden = new HashSet<>();

  FakeAws() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::query);
    server.createContext("/v2/credentials", this::container);
    server.createContext("/latest/", this::imds);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(String action) {
    return calls.stream().filter(c -> action.equals(c.params().get("Action"))).toList();
  }

  private void query(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    synchronized (this) {
      calls.add(new Call(exchange.getRequestURI().getPath(), params, headers));
    }
    String action = params.getOrDefault("Action", "");
    if (action.equals("AssumeRoleWithWebIdentity")) {
      sts(exchange, params);
    } else if (action.equals("ModifyInstanceAttribute")) {
      ec2(exchange, params, headers);
    } else {
      error(
          exchange,
          400,
          "InvalidAction",
          "The action " + action + " is not valid for this web service.");
    }
  }

  private void ec2(HttpExchange exchange, Map<String, String> params, Map<String, String> headers)
      throws IOException {
    String auth = headers.getOrDefault("authorization", "");
    if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !headers.containsKey("x-amz-date")) {
      error(
          exchange,
          401,
          "AuthFailure",
          "AWS was not able to validate the provided access credentials");
      return;
    }
    String instance = params.getOrDefault("InstanceId", "");
    if (!instances.contains(instance)) {
      error(
          exchange,
          400,
          "InvalidInstanceID.NotFound",
          "The instance ID '" + instance + "' does not exist");
      return;
    }
    if (forbidden.contains(instance)) {
      error(
          exchange,
          403,
          "UnauthorizedOperation",
          "You are not authorized to perform this operation. User: arn:aws:sts::123456789012:"
              + "assumed-role/tfdrift/i-1 is not authorized to perform: ec2:ModifyInstanceAttribute"
              + " on resource: arn:aws:ec2:us-east-1:123456789012:instance/"
              + instance
              + " because no identity-based policy allows the ec2:ModifyInstanceAttribute action."
              + " Encoded authorization failure message: 4ZqkbA3y0EXAMPLEencodedmessage");
      return;
    }
    if ("true".equals(params.get("DryRun"))) {
      error(
          exchange,
          412,
          "DryRunOperation",
          "Request would have succeeded, but DryRun flag is set.");
      return;
    }
    respond(
        exchange,
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<ModifyInstanceAttributeResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
            + "    <requestId>"
            + REQUEST_ID
            + "</requestId>\n"
            + "    <return>true</return>\n"
            + "</ModifyInstanceAttributeResponse>");
  }

  private void sts(HttpExchange exchange, Map<String, String> params) throws IOException {
    if (!"eyJhbGciOiJSUzI1NiJ9.pod-token".equals(params.get("WebIdentityToken"))) {
      respond(
          exchange,
          400,
          "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
              + "<Type>Sender</Type><Code>InvalidIdentityToken</Code>"
              + "<Message>Couldn't retrieve verification key from your identity provider</Message>"
              + "</Error><RequestId>c1f4-EXAMPLE</RequestId></ErrorResponse>");
      return;
    }
    respond(
        exchange,
        200,
        "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
            + "  <AssumeRoleWithWebIdentityResult>\n"
            + "    <SubjectFromWebIdentityToken>system:serviceaccount:tfdrift:tfdrift</SubjectFromWebIdentityToken>\n"
            + "    <AssumedRoleUser>\n"
            + "      <Arn>arn:aws:sts::123456789012:assumed-role/tfdrift-remediation/tfdrift-remediation</Arn>\n"
            + "      <AssumedRoleId>AROAEXAMPLE:tfdrift-remediation</AssumedRoleId>\n"
            + "    </AssumedRoleUser>\n"
            + "    <Credentials>\n"
            + "      <SessionToken>FwoGZXIvYXdzEXAMPLEwebidentity</SessionToken>\n"
            + "      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\n"
            + "      <Expiration>2099-01-01T00:00:00Z</Expiration>\n"
            + "      <AccessKeyId>ASIAWEBIDENTITY</AccessKeyId>\n"
            + "    </Credentials>\n"
            + "    <Audience>sts.amazonaws.com</Audience>\n"
            + "  </AssumeRoleWithWebIdentityResult>\n"
            + "  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>\n"
            + "</AssumeRoleWithWebIdentityResponse>");
  }

  private void container(HttpExchange exchange) throws IOException {
    synchronized (this) {
      calls.add(
          new Call(
              exchange.getRequestURI().getPath(),
              Map.of(),
              Map.of(
                  "authorization",
                  String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")))));
    }
    if (!"pod-identity-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      respond(exchange, 401, "{\"code\":\"AccessDenied\"}");
      return;
    }
    respond(exchange, 200, credentialsJson("ASIACONTAINER"));
  }

  private void imds(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")) {
      respond(exchange, 200, "imds-session-token");
    } else if (!"imds-session-token"
        .equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
      respond(exchange, 401, "");
    } else if (path.equals("/latest/meta-data/iam/security-credentials/")) {
      respond(exchange, 200, "tfdrift-node-role");
    } else if (path.equals("/latest/meta-data/iam/security-credentials/tfdrift-node-role")) {
      respond(exchange, 200, credentialsJson("ASIAINSTANCE"));
    } else {
      respond(exchange, 404, "");
    }
  }

  private static String credentialsJson(String keyId) {
    return "{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"2026-11-23T09:00:00Z\",\n"
        + "  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \""
        + keyId
        + "\",\n  \"SecretAccessKey\" : \"c2VjcmV0EXAMPLE\",\n"
        + "  \"Token\" : \"IQoJb3JpZ2luEXAMPLE\",\n  \"Expiration\" : \"2099-01-01T00:00:00Z\"\n}";
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
            + code
            + "</Code><Message>"
            + message.replace("'", "&apos;")
            + "</Message></Error></Errors><RequestID>"
            + REQUEST_ID
            + "</RequestID></Response>");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", body.startsWith("{") ? "application/json" : "text/xml;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
