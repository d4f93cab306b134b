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
  void turnsNagleOffSoThatKeepAliveAnswersAreNotHeldBack() throws Exception {
    start(Map.of());

    assertThat(System.getProperty(FalcoHttpReceiver.NO_DELAY)).isEqualTo("true");
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
