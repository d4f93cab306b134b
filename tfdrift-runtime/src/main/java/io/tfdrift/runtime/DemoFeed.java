package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The demo's audit events, delivered to the daemon's Falco receiver as Falco's cloudtrail plugin
 * would deliver them: the demo CloudTrail log, re-dated to the past days, then a trickle of calls
 * made from its records (the same drift seen again, set back to what state holds, a new instance
 * outside Terraform), each with a fresh event id and the current time.
 */
final class DemoFeed {
  private static final String RESOURCES = "/io/tfdrift/runtime/demo/";

  private final List<Map<String, Object>> records;
  private final URI receiver;
  private final HttpClient http = HttpClient.newHttpClient();
  private int step;

  DemoFeed(URI receiver) {
    this.receiver = receiver;
    this.records = records();
  }

  /** The demo state's bytes. */
  static byte[] state() {
    return resource("terraform.tfstate");
  }

  /** The demo log's records, in order. */
  static List<Map<String, Object>> records() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object r : (List<?>) JsonTrees.parseObject(resource("cloudtrail.json")).get("Records")) {
      out.add(map(r));
    }
    return List.copyOf(out);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DemoFeed.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the demo file " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Posts every record of the demo log, spread evenly over the {@code days} before {@code now} in
   * their order (so the dashboard's per-day chart has a history).
   *
   * @return the number of records posted
   */
  int replay(Instant now, int days) throws IOException, InterruptedException {
    Duration spacing = Duration.ofDays(days).dividedBy(Math.max(1, records.size()));
    for (int i = 0; i < records.size(); i++) {
      Map<String, Object> r = records.get(i);
      post(
          redated(
              r, (String) r.get("eventID"), now.minus(spacing.multipliedBy(records.size() - i))));
    }
    return records.size();
  }

  /**
   * Posts the next call of the trickle, made from a demo record at {@code now}.
   *
   * @return what the call does, for a person
   */
  String next(Instant now) throws IOException, InterruptedException {
    return call(step++ % TRICKLE.size(), now);
  }

  /** The trickle's calls, in order, for a person. */
  static List<String> trickle() {
    return TRICKLE.stream().map(Trickle::what).toList();
  }

  /**
   * Posts one call of the trickle, made from a demo record at {@code now}.
   *
   * @param index which call of {@link #trickle()}
   * @return what the call does, for a person
   */
  String call(int index, Instant now) throws IOException, InterruptedException {
    Trickle t = TRICKLE.get(index);
    Map<String, Object> r = t.change().apply(records.get(t.record()));
    post(redated(r, UUID.randomUUID().toString(), now));
    return t.what();
  }

  /** One call of the trickle: the demo record it starts from and what it changes. */
  private record Trickle(int record, String what, UnaryOperator<Map<String, Object>> change) {}

  private static final List<Trickle> TRICKLE =
      List.of(
          new Trickle(
              0, "aws_instance.web resized again (t3.xlarge)", r -> instanceType(r, "t3.xlarge")),
          new Trickle(3, "the public bucket policy put again", UnaryOperator.identity()),
          new Trickle(
              0,
              "aws_instance.web set back to t3.micro (what state holds)",
              r -> instanceType(r, "t3.micro")),
          new Trickle(7, "another instance launched outside Terraform", DemoFeed::newInstance),
          new Trickle(1, "SSH opened to the world again", UnaryOperator.identity()),
          new Trickle(0, "aws_instance.web resized (t3.large)", r -> instanceType(r, "t3.large")));

  private static Map<String, Object> instanceType(Map<String, Object> r, String value) {
    Map<String, Object> request = new LinkedHashMap<>(map(r.get("requestParameters")));
    request.put("instanceType", Map.of("value", value));
    Map<String, Object> copy = new LinkedHashMap<>(r);
    copy.put("requestParameters", request);
    return copy;
  }

  private static Map<String, Object> newInstance(Map<String, Object> r) {
    String id = "i-0" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String json = JsonTrees.toJson(r).replace("i-0ffee0000c0ffee01", id);
    return JsonTrees.parseObject(json);
  }

  private static Map<String, Object> redated(Map<String, Object> r, String id, Instant time) {
    Map<String, Object> copy = new LinkedHashMap<>(r);
    copy.put("eventID", id);
    copy.put("eventTime", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return copy;
  }

  private void post(Map<String, Object> record) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(receiver)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JsonTrees.toJson(alert(record))))
            .build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 == 2) {
        return;
      }
      if (answer.statusCode() != 503 || attempt == 20) {
        throw new IOException(
            "the demo daemon's Falco receiver answered "
                + answer.statusCode()
                + ": "
                + answer.body());
      }
      Thread.sleep(250); // the queue is full: Falco would retry after Retry-After as well
    }
  }

  /**
   * The alert Falco's cloudtrail plugin sends for a record under the shipped rule: the {@code ct.*}
   * fields tfdrift's rule outputs, extracted as the plugin extracts them.
   */
  static Map<String, Object> alert(Map<String, Object> r) {
    Map<String, Object> identity = map(r.get("userIdentity"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("ct.id", r.get("eventID"));
    fields.put("ct.time", r.get("eventTime"));
    fields.put("ct.src", r.get("eventSource"));
    fields.put("ct.name", r.get("eventName"));
    fields.put("ct.region", r.get("awsRegion"));
    fields.put("ct.srcip", r.get("sourceIPAddress"));
    fields.put("ct.useragent", r.get("userAgent"));
    fields.put("ct.error", r.get("errorCode"));
    fields.put("ct.readonly", Boolean.TRUE.equals(r.get("readOnly")) ? "true" : "false");
    fields.put("ct.user.identitytype", identity.get("type"));
    fields.put("ct.user", user(identity));
    fields.put("ct.user.arn", identity.get("arn"));
    fields.put("ct.user.principalid", identity.get("principalId"));
    Object account = identity.get("accountId");
    fields.put("ct.user.accountid", account != null ? account : r.get("recipientAccountId"));
    fields.put("ct.request", whole(r.get("requestParameters")));
    fields.put("ct.response", whole(r.get("responseElements")));
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("output", "tfdrift demo: " + r.get("eventName"));
    alert.put("priority", "Notice");
    alert.put("rule", "tfdrift AWS API change");
    alert.put("source", "aws_cloudtrail");
    alert.put("time", r.get("eventTime"));
    alert.put("output_fields", fields);
    return alert;
  }

  /** The plugin's {@code getUser}. */
  private static Object user(Map<String, Object> identity) {
    return switch (String.valueOf(identity.get("type"))) {
      case "Root", "IAMUser" -> identity.get("userName");
      case "AWSService" -> identity.get("invokedBy");
      case "AssumedRole" -> {
        Object name = JsonTrees.at(identity, "sessionContext", "sessionIssuer", "userName");
        yield name != null ? name : "AssumedRole";
      }
      default -> identity.get("type");
    };
  }

  private static Object whole(Object value) {
    return value == null ? null : JsonTrees.toJson(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
