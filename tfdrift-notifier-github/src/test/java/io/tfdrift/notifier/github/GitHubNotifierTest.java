package io.tfdrift.notifier.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.inventory.DriftKeys;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.MutableClock;
import io.tfdrift.testkit.NotifierContractTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub notifier against WireMock answering as GitHub's REST API (version 2022-11-28). */
class GitHubNotifierTest extends NotifierContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "github_pat_11ABCDEFG0tfdriftTestToken";
  private static final String ISSUES = "/repos/acme/infra/issues";
  private static final String LIST = ISSUES + "?labels=tfdrift&state=all&per_page=100";
  private WireMockServer github;

  @BeforeEach
  void start() {
    github = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    github.start();
    github.stubFor(get(urlEqualTo(LIST)).willReturn(okJson("[]")));
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .willReturn(okJson(issue(7, "open", "<!-- tfdrift:drift=x -->")).withStatus(201)));
    github.stubFor(
        post(urlPathEqualTo(ISSUES + "/7/comments"))
            .willReturn(okJson("{\"id\":1}").withStatus(201)));
    github.stubFor(patch(urlEqualTo(ISSUES + "/7")).willReturn(okJson(issue(7, "open", ""))));
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  private static String issue(long number, String state, String body) {
    return "{\"id\":"
        + (2000000000L + number)
        + ",\"number\":"
        + number
        + ",\"state\":\""
        + state
        + "\",\"title\":\"Drift\",\"body\":"
        + quote(body)
        + ",\"labels\":[{\"name\":\"tfdrift\"}],\"html_url\":\"https://github.com/acme/infra/issues/"
        + number
        + "\"}";
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected NotifierProvider provider() {
    return new GitHubNotifierProvider();
  }

  @Override
  protected Map<String, Object> validConfig() {
    return Map.of(
        "repository", "acme/infra", "token", TOKEN, "api_url", "http://127.0.0.1:" + github.port());
  }

  @Override
  protected String secretInConfig() {
    return TOKEN;
  }

  @Override
  protected void assertDelivered(DriftEvent event) {
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
  }

  private Notifier notifier() {
    return provider().create(ConfigSection.of("notifications.github", validConfig()));
  }

  private static DriftKey key() {
    return DriftKeys.of(DriftEvents.instanceTypeChanged()).get(0);
  }

  @Test
  void opensOneLabelledIssueWithTheDiffTheActorAndAMarker() throws Exception {
    notifier().send(DriftEvents.instanceTypeChanged());

    github.verify(
        postRequestedFor(urlEqualTo(ISSUES))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
            .withHeader("Accept", equalTo("application/vnd.github+json")));
    JsonNode created =
        JSON.readTree(
            github.findAll(postRequestedFor(urlEqualTo(ISSUES))).get(0).getBodyAsString());
    assertThat(created.get("title").asText())
        .isEqualTo("Drift: aws_instance.web instance_type changed (prod)");
    assertThat(created.get("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("tfdrift", "severity:high", "kind:modified");
    assertThat(created.get("body").asText())
        .contains(
            "`instance_type`", "\"t3.micro\"", "\"t3.large\"", "alice", "ModifyInstanceAttribute")
        .contains("<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->");
  }

  @Test
  void findsItsIssueAgainAfterARestartAndComments() throws Exception {
    String body = "…\n<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->\n";
    github.stubFor(
        get(urlEqualTo(LIST))
            .willReturn(
                okJson(
                    "["
                        + issue(
                            3,
                            "open",
                            "other <!-- tfdrift:drift=0123456789abcdef0123456789abcdef -->")
                        + ","
                        + "{\"number\":5,\"state\":\"open\",\"body\":\"\",\"pull_request\":{}}"
                        + ","
                        + issue(7, "open", body)
                        + "]")));
    Notifier n = notifier();
    n.send(DriftEvents.instanceTypeChanged());
    n.send(DriftEvents.instanceTypeChanged());

    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
    github.verify(2, postRequestedFor(urlEqualTo(ISSUES + "/7/comments")));
    github.verify(1, getRequestedFor(urlEqualTo(LIST)));
  }

  @Test
  void reopensAClosedIssueWhenTheDriftReturns() throws Exception {
    github.stubFor(
        get(urlEqualTo(LIST))
            .willReturn(
                okJson(
                    "["
                        + issue(
                            7, "closed", "<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->")
                        + "]")));
    notifier().send(DriftEvents.instanceTypeChanged());

    github.verify(
        patchRequestedFor(urlEqualTo(ISSUES + "/7"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("open"))));
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES + "/7/comments")));
  }

  @Test
  void closesTheIssueOfAResolvedDriftWithItsReason() throws Exception {
    var n = (GitHubNotifierProvider.GitHubNotifier) notifier();
    n.send(DriftEvents.instanceTypeChanged());
    n.resolved(key(), "reverted by bob at 2026-11-23T10:00:00Z");
    n.resolved(key(), "again");

    github.verify(
        1,
        patchRequestedFor(urlEqualTo(ISSUES + "/7"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("closed")))
            .withRequestBody(matchingJsonPath("$.state_reason", equalTo("completed"))));
    github.verify(
        postRequestedFor(urlEqualTo(ISSUES + "/7/comments"))
            .withRequestBody(
                matchingJsonPath(
                    "$.body", equalTo("Resolved: reverted by bob at 2026-11-23T10:00:00Z"))));
  }

  @Test
  void followsPagesWhenLookingForItsIssues() throws Exception {
    String page2 =
        "http://127.0.0.1:"
            + github.port()
            + ISSUES
            + "?labels=tfdrift&state=all&per_page=100&page=2";
    github.stubFor(
        get(urlEqualTo(LIST))
            .willReturn(
                okJson("[" + issue(3, "open", "") + "]")
                    .withHeader(
                        "Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")));
    github.stubFor(
        get(urlEqualTo(ISSUES + "?labels=tfdrift&state=all&per_page=100&page=2"))
            .willReturn(
                okJson(
                    "["
                        + issue(
                            7, "open", "<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->")
                        + "]")));
    notifier().send(DriftEvents.instanceTypeChanged());

    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES + "/7/comments")));
  }

  @Test
  void aCreateWhoseAnswerWasLostIsNotDuplicatedOnRetry() throws Exception {
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .inScenario("lost")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("created"));
    github.stubFor(
        get(urlEqualTo(LIST))
            .inScenario("lost")
            .whenScenarioStateIs("created")
            .willReturn(
                okJson(
                    "["
                        + issue(
                            7, "open", "<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->")
                        + "]")));
    Notifier n = notifier();
    assertThatThrownBy(() -> n.send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    n.send(DriftEvents.instanceTypeChanged());

    github.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES + "/7/comments")));
  }

  @Test
  void anExhaustedRateLimitWaitsUntilItsReset() {
    long reset = Instant.now().plusSeconds(120).getEpochSecond();
    github.stubFor(
        get(urlEqualTo(LIST))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", Long.toString(reset))
                    .withBody(
                        "{\"message\":\"API rate limit exceeded for installation ID 42.\"}")));
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter())
                  .get()
                  .satisfies(
                      d ->
                          assertThat(d)
                              .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(122)));
            });
  }

  @Test
  void aSecondaryRateLimitWaitsForItsRetryAfter() {
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("retry-after", "60")
                    .withBody(
                        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")));
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(60)));
  }

  @Test
  void missingPermissionIsPermanentAndSaysWhichOne() {
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "4999")
                    .withBody(
                        "{\"message\":\"Resource not accessible by personal access token\"}")));
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("Resource not accessible", "Issues: write", "acme/infra")
                  .doesNotContain(TOKEN);
            });
  }

  @Test
  void authenticatesAsAGitHubAppWithAnInstallationTokenRenewedBeforeItExpires() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    MutableClock clock = MutableClock.at(Instant.now());
    github.stubFor(
        post(urlEqualTo("/app/installations/42/access_tokens"))
            .willReturn(
                okJson(
                        "{\"token\":\"ghs_installationToken1\",\"expires_at\":\""
                            + clock
                                .instant()
                                .plusSeconds(3600)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            + "\"}")
                    .withStatus(201)));
    Map<String, Object> config = new HashMap<>(validConfig());
    config.remove("token");
    config.put("app_id", "123456");
    config.put("installation_id", "42");
    config.put("private_key", pem);
    Notifier n =
        GitHubNotifierProvider.create(ConfigSection.of("notifications.github", config), clock);

    n.send(DriftEvents.instanceTypeChanged());
    n.send(DriftEvents.instanceTypeChanged());
    github.verify(1, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
    github.verify(
        postRequestedFor(urlEqualTo(ISSUES))
            .withHeader("Authorization", equalTo("Bearer ghs_installationToken1")));

    String jwt =
        github
            .findAll(postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")))
            .get(0)
            .getHeader("Authorization")
            .substring("Bearer ".length());
    String[] parts = jwt.split("\\.");
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.get("iss").asText()).isEqualTo("123456");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(pair.getPublic());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

    clock.advance(Duration.ofMinutes(56));
    n.send(DriftEvents.instanceTypeChanged());
    github.verify(2, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
  }

  @Test
  void readsGitHubsPkcs1PrivateKeys() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    // PKCS#8 wraps PKCS#1 as its last element: unwrap it, then let AppToken wrap it back.
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pkcs1)
            + "\n-----END RSA PRIVATE KEY-----\n";
    assertThat(AppToken.privateKey(pem).getEncoded()).isEqualTo(pkcs8);
  }

  @Test
  void rejectsAConfigWithoutCredentialsOrWithBoth() {
    assertThatThrownBy(
            () ->
                provider()
                    .create(
                        ConfigSection.of(
                            "notifications.github", Map.of("repository", "acme/infra"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.github.token")
        .hasMessageContaining("app_id");
    assertThatThrownBy(
            () ->
                provider()
                    .create(
                        ConfigSection.of(
                            "notifications.github", Map.of("repository", "acme", "token", TOKEN))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.github.repository")
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () ->
                provider()
                    .create(
                        ConfigSection.of(
                            "notifications.github",
                            Map.of(
                                "repository",
                                "acme/infra",
                                "app_id",
                                "1",
                                "installation_id",
                                "2",
                                "private_key",
                                "not a key"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.github.private_key")
        .hasMessageNotContaining("not a key");
  }

  @Test
  void labelsComeFromTheDriftAndTheConfig() throws Exception {
    Map<String, Object> config = new HashMap<>(validConfig());
    config.put("labels", List.of("infra", "team:platform"));
    provider()
        .create(ConfigSection.of("notifications.github", config))
        .send(DriftEvents.instanceTypeChanged());
    JsonNode created =
        JSON.readTree(
            github.findAll(postRequestedFor(urlEqualTo(ISSUES))).get(0).getBodyAsString());
    assertThat(created.get("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("tfdrift", "severity:high", "kind:modified", "infra", "team:platform");
  }
}
