package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.FalcoFixtures;
import io.tfdrift.falco.RecordingSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FalcoHttpReceiverTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final RecordingSink sink = new RecordingSink();
  private FalcoHttpReceiver receiver;

  private String alert() {
    return JsonTrees.toJson(FalcoFixtures.alertFor(FalcoFixtures.record("ec2_CreateVpc_1")));
  }

  private URI start(Map<String, Object> extra) throws Exception {
    Map<String, Object> keys = new HashMap<>(extra);
    keys.put("listen", "127.0.0.1:0");
    receiver =
        (FalcoHttpReceiver) new FalcoHttpSourceProvider().create(ConfigSection.of("falco", keys));
    receiver.start(sink);
    return URI.create(
        "http://127.0.0.1:" + receiver.boundAddress().getPort() + FalcoHttpReceiver.PATH);
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private HttpResponse<String> post(URI uri, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsOneAlertAndHandsOverTheDecodedEvent() throws Exception {
    URI uri = start(Map.of());
    assertThat(receiver.connected()).isTrue();

    String full =
        JsonTrees.toJson(FalcoFixtures.fullAlertFor(FalcoFixtures.record("ec2_CreateVpc_1")));

    HttpResponse<String> response = post(uri, "application/json", full);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":1,\"ignored\":0}");
    assertThat(sink.events())
        .containsExactly(
            new CloudTrailDecoder().decodeRecord(FalcoFixtures.record("ec2_CreateVpc_1")));
  }

  @Test
  void acceptsTheRealMixedTypeAlertBodyButReportsWhatItLacks() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> response =
        post(uri, "application/json", FalcoFixtures.realAlerts().get(4));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("has no ct.src");
    assertThat(sink.rejected()).singleElement().asString().contains("has no ct.src");
  }

  @Test
  void acceptsAlertsOfOtherSourcesWithoutQueueingThem() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> response =
        post(
            uri,
            "application/json; charset=utf-8",
            "{\"source\":\"syscall\",\"rule\":\"Terminal shell in container\",\"output_fields\":{}}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"accepted\":0,\"ignored\":1}");
    assertThat(sink.events()).isEmpty();
    assertThat(sink.rejected()).singleElement().asString().contains("source 'syscall'");
  }

  @Test
  void acceptsNdjsonBatches() throws Exception {
    URI uri = start(Map.of());
    String second =
        JsonTrees.toJson(FalcoFixtures.alertFor(FalcoFixtures.record("iam_CreateRole_1")));

    HttpResponse<String> response =
        post(uri, "application/x-ndjson", alert() + "\n\n" + second + "\n");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(sink.events()).hasSize(2);
  }

  @Test
  void rejectsBadJsonWithItsPosition() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> response = post(uri, "application/json", "{\"source\": aws}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JsonTrees.parseObject(response.body()).get("error").toString())
        .startsWith("invalid JSON: ")
        .contains("line 1, column");
  }

  @Test
  void rejectsABadLineOfABatchNamingItAndTakesNothing() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> response =
        post(uri, "application/x-ndjson", alert() + "\n{\"rule\":\"no source\"}\n");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("line 2: the alert has no source");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void rejectsAnAlertWithoutSource() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> response =
        post(uri, "application/json", "{\"rule\":\"r\",\"output_fields\":{}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("has no source");
  }

  @Test
  void rejectsBodiesAboveOneMebibyte() throws Exception {
    URI uri = start(Map.of());
    String big = "{\"source\":\"aws_cloudtrail\",\"output\":\"" + "x".repeat(1 << 20) + "\"}";

    HttpResponse<String> response = post(uri, "application/json", big);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void rejectsOtherMethodsAndContentTypes() throws Exception {
    URI uri = start(Map.of());

    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> text = post(uri, "text/plain", alert());
    HttpResponse<String> none = post(uri, null, alert());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("application/json");
  }

  @Test
  void requiresTheBearerTokenWhenConfigured() throws Exception {
    URI uri = start(Map.of("auth_token", "s3cret"));

    HttpResponse<String> missing = post(uri, "application/json", alert());
    HttpResponse<String> wrong =
        post(uri, "application/json", alert(), "Authorization", "Bearer s3cre");
    HttpResponse<String> right =
        post(uri, "application/json", alert(), "Authorization", "Bearer s3cret");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(202);
    assertThat(missing.body() + wrong.body()).doesNotContain("s3cret");
  }

  /**
   * What falcosidekick's webhook output posts (falcosecurity/falcosidekick {@code
   * outputs/webhook.go}, {@code types.FalcoPayload}): Falco's alert decoded with {@code UseNumber}
   * and re-encoded by Go, plus a fresh {@code uuid}; {@code time} in RFC 3339 with trailing zeros
   * cut, tags sorted, {@code <}/{@code >} escaped, Content-Type {@code application/json;
   * charset=utf-8}, User-Agent {@code Falcosidekick}, {@code customHeaders} set on the request.
   */
  private static String sidekick(String uuid) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"output\":\"22:10:04.5: Notice tfdrift aws ec2.amazonaws.com CreateVpc by"
        + " \\u003cNA\\u003e\",\"priority\":\"Notice\",\"rule\":\"tfdrift AWS API change\","
        + "\"time\":\"2023-06-08T11:09:26Z\",\"output_fields\":"
        + JsonTrees.toJson(
            FalcoFixtures.fullAlertFor(FalcoFixtures.record("ec2_CreateVpc_1"))
                .get("output_fields"))
        + ",\"source\":\"aws_cloudtrail\",\"tags\":[\"aws\",\"drift\",\"terraform\",\"tfdrift\"],"
        + "\"hostname\":\"falco-0\"}";
  }

  @Test
  void acceptsFalcosidekickDeliveriesOnceEachWithTheBearerToken() throws Exception {
    URI uri = start(Map.of("auth_token", "s3cret"));
    String[] headers = {"Authorization", "Bearer s3cret", "User-Agent", "Falcosidekick"};
    String type = "application/json; charset=utf-8";

    HttpResponse<String> first =
        post(uri, type, sidekick("5c7c0ba8-0e8c-4a2b-9d0e-3f7d4f7c7a10"), headers);
    HttpResponse<String> again =
        post(uri, type, sidekick("5c7c0ba8-0e8c-4a2b-9d0e-3f7d4f7c7a10"), headers);
    HttpResponse<String> other =
        post(uri, type, sidekick("0b6f8a39-9d57-4f3c-8a57-d2a0c4e0b2f1"), headers);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).isEqualTo("{\"accepted\":1,\"ignored\":0}");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo("{\"accepted\":0,\"ignored\":0,\"duplicates\":1}");
    assertThat(other.statusCode()).isEqualTo(202);
    assertThat(sink.events())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        new CloudTrailDecoder()
                            .decodeRecord(FalcoFixtures.record("ec2_CreateVpc_1"))));
  }

  @Test
  void aDeliveryRefusedForAFullQueueIsTakenWhenRetried() throws Exception {
    URI uri = start(Map.of());
    sink.room(0);
    String body = sidekick("9a1e2f44-1111-4c5d-8e6f-000000000001");

    HttpResponse<String> refused = post(uri, "application/json", body);
    sink.room(1);
    HttpResponse<String> retried = post(uri, "application/json", body);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(retried.statusCode()).isEqualTo(202);
    assertThat(retried.body()).isEqualTo("{\"accepted\":1,\"ignored\":0}");
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void tellsFalcoWhyABearerTokenCannotWorkForIt() throws Exception {
    URI uri = start(Map.of("auth_token", "s3cret"));

    HttpResponse<String> falco =
        post(uri, "application/json", alert(), "User-Agent", "falcosecurity/falco");

    assertThat(falco.statusCode()).isEqualTo(401);
    assertThat(falco.body())
        .contains("Falco's http_output cannot send one")
        .contains("ca_root_file")
        .contains("falcosidekick");
    assertThat(sink.rejected()).singleElement().asString().contains("http_output cannot send");
  }

  @Test
  void answersRefusedRequestsAndKeepsTheConnectionForTheNextOne() throws Exception {
    URI uri = start(Map.of());
    URI elsewhere = uri.resolve("/elsewhere");

    HttpResponse<String> missing = post(elsewhere, "application/json", alert());
    HttpResponse<String> next = post(uri, "application/json", alert());

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains(FalcoHttpReceiver.PATH);
    assertThat(next.statusCode()).isEqualTo(202);
  }

  @Test
  void answers503WithRetryAfterWhenTheQueueIsFull() throws Exception {
    URI uri = start(Map.of());
    sink.room(1);

    HttpResponse<String> first = post(uri, "application/json", alert());
    HttpResponse<String> second = post(uri, "application/json", alert());

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(second.body()).contains("\"accepted\":0");
  }

  @Test
  void servesManyRequestsOnOneClient() throws Exception {
    URI uri = start(Map.of());
    for (int i = 0; i < 20; i++) {
      assertThat(post(uri, "application/json", alert()).statusCode()).isEqualTo(202);
    }
    assertThat(sink.events()).hasSize(20);
  }

  @Test
  void isNotConnectedAfterClose() throws Exception {
    start(Map.of());
    receiver.close();
    assertThat(receiver.connected()).isFalse();
  }
}
