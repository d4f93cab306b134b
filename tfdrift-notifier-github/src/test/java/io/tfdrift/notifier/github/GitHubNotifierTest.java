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
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.inventory.DriftKeys;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.DriftLifecycles;
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
import java.util.Optional;
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

  // Shapes (GitHub REST 2022-11-28): GET /repos/{o}/{r}/issues/{n} answers the issue {number,
  // state: open|closed, state_reason, body, labels: [{name}], html_url}, 404 when it is not there
  // and 410 Gone when it was deleted; PATCH the same path takes {state, state_reason:
  // completed|not_planned|reopened} (state_reason only alongside state) or {labels: [names]},
  // replacing the labels; POST …/{n}/comments takes {body} and answers 201 with the comment.
  private void keptIssue(String state, String... labels) {
    StringBuilder names = new StringBuilder();
    for (String label : labels) {
      names.append(names.isEmpty() ? "" : ",").append("{\"name\":\"").append(label).append("\"}");
    }
    github.stubFor(
        get(urlEqualTo(ISSUES + "/7"))
            .willReturn(
                okJson(
                    issue(7, state, "<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->")
                        .replace("[{\"name\":\"tfdrift\"}]", "[" + names + "]"))));
  }

  private List<JsonNode> sent(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder p)
      throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (var r : github.findAll(p)) {
      out.add(JSON.readTree(r.getBodyAsString()));
    }
    return out;
  }

  @Test
  void anOpenedDriftGetsAnIssueWhoseNumberIsItsThread() throws Exception {
    Optional<String> thread = notifier().deliver(DriftLifecycles.opened(), Optional.empty());

    assertThat(thread).contains("7");
    JsonNode created = sent(postRequestedFor(urlEqualTo(ISSUES))).get(0);
    assertThat(created.get("title").asText())
        .isEqualTo("Drift: aws_instance.web instance_type changed (prod)");
    assertThat(created.get("body").asText())
        .contains("<!-- tfdrift:drift=" + DriftIssues.marker(key()) + " -->")
        .contains("<!-- tfdrift:event=9f2c4e7a1b3d5f60 -->")
        .contains("\"t3.micro\"", "\"t3.large\"", "| Actor | `alice` |")
        .contains(
            "- [The CloudTrail event](https://us-east-1.console.aws.amazon.com/cloudtrailv2/home"
                + "?region=us-east-1#/events/6b1c3f0e-0a8e-4b9e-9d3c-1f2e3d4c5b6a)");
    github.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/7/comments")));
  }

  @Test
  void linksTheDriftsDashboardPageWhenConfigured() throws Exception {
    Map<String, Object> config = new HashMap<>(validConfig());
    config.put("dashboard_url", "https://tfdrift.example.com/ui/");
    provider()
        .create(ConfigSection.of("notifications.github", config))
        .deliver(DriftLifecycles.opened(), Optional.empty());
    assertThat(sent(postRequestedFor(urlEqualTo(ISSUES))).get(0).get("body").asText())
        .contains(
            "- [This drift in TFDrift](https://tfdrift.example.com/ui/#/drift/"
                + "modified%7Cprod%7Caws_instance.web%7Cinstance_type)");
    config.put("dashboard_url", "tfdrift.example.com");
    assertThatThrownBy(() -> provider().create(ConfigSection.of("notifications.github", config)))
        .hasMessageContaining("notifications.github.dashboard_url: not an http(s) URL");
  }

  @Test
  void anEscalationCommentsAndMovesTheSeverityLabelKeepingPeoplesLabels() throws Exception {
    keptIssue("open", "tfdrift", "severity:high", "kind:modified", "owner:network");
    DriftEvent critical =
        DriftEvents.instanceTypeChanged().withClassification(Severity.CRITICAL, List.of());

    assertThat(notifier().deliver(DriftLifecycles.escalated(critical), Optional.of("7")))
        .contains("7");

    github.verify(0, getRequestedFor(urlEqualTo(LIST)));
    assertThat(
            sent(postRequestedFor(urlEqualTo(ISSUES + "/7/comments"))).get(0).get("body").asText())
        .startsWith(
            "**Severity rose to CRITICAL**: escalated to CRITICAL, open since"
                + " 2026-11-23T09:30:00Z (2 occurrences).");
    assertThat(sent(patchRequestedFor(urlEqualTo(ISSUES + "/7"))).get(0).get("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("tfdrift", "kind:modified", "owner:network", "severity:critical");
  }

  @Test
  void aReminderIsAComment() throws Exception {
    keptIssue("open", "tfdrift");
    notifier().deliver(DriftLifecycles.renotified(), Optional.of("7"));
    assertThat(
            sent(postRequestedFor(urlEqualTo(ISSUES + "/7/comments"))).get(0).get("body").asText())
        .isEqualTo("**Still drifted**: still open since 2026-11-23T09:30:00Z (3 occurrences).");
    github.verify(0, patchRequestedFor(urlEqualTo(ISSUES + "/7")));
  }

  @Test
  void aResolvedDriftClosesItsIssueAsCompletedWithTheReason() throws Exception {
    keptIssue("open", "tfdrift");
    assertThat(
            notifier()
                .deliver(
                    DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", "set back"),
                    Optional.of("7")))
        .contains("7");

    assertThat(
            sent(postRequestedFor(urlEqualTo(ISSUES + "/7/comments"))).get(0).get("body").asText())
        .isEqualTo(
            "**Resolved**: reverted by alice at 2026-11-23T09:40:00Z (set back). Closing this"
                + " issue.");
    JsonNode patch = sent(patchRequestedFor(urlEqualTo(ISSUES + "/7"))).get(0);
    assertThat(patch.get("state").asText()).isEqualTo("closed");
    assertThat(patch.get("state_reason").asText()).isEqualTo("completed");
  }

  @Test
  void aResolutionOfAnIssueAlreadyClosedChangesNothing() throws Exception {
    keptIssue("closed", "tfdrift");
    notifier()
        .deliver(DriftLifecycles.resolved(Resolution.Reason.MANUAL, "bob", "ok"), Optional.of("7"));
    github.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/7/comments")));
    github.verify(0, patchRequestedFor(urlEqualTo(ISSUES + "/7")));
  }

  @Test
  void aDriftThatOpensAgainReopensItsClosedIssue() throws Exception {
    keptIssue("closed", "tfdrift");
    DriftEvent again =
        DriftLifecycles.at(
            DriftEvents.instanceTypeChanged("a7c1d2e3f4a5b6c7"),
            Transition.OPENED,
            1,
            Optional.empty());

    assertThat(notifier().deliver(again, Optional.of("7"))).contains("7");

    JsonNode patch = sent(patchRequestedFor(urlEqualTo(ISSUES + "/7"))).get(0);
    assertThat(patch.get("state").asText()).isEqualTo("open");
    assertThat(patch.get("state_reason").asText()).isEqualTo("reopened");
    assertThat(
            sent(postRequestedFor(urlEqualTo(ISSUES + "/7/comments"))).get(0).get("body").asText())
        .startsWith("**Drift opened again**");
    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
  }

  @Test
  void aKeptIssueThatWasDeletedIsReplaced() throws Exception {
    github.stubFor(
        get(urlEqualTo(ISSUES + "/7"))
            .willReturn(
                aResponse()
                    .withStatus(410)
                    .withBody(
                        "{\"message\":\"This issue was deleted\",\"documentation_url\":"
                            + "\"https://docs.github.com/rest/issues/issues#get-an-issue\"}")));
    assertThat(notifier().deliver(DriftLifecycles.renotified(), Optional.of("7"))).contains("7");
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
  }

  @Test
  void aDriftResolvedBeforeItHadAnIssueOpensNone() throws Exception {
    assertThat(
            notifier()
                .deliver(
                    DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", ""),
                    Optional.empty()))
        .isEmpty();
    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
  }

  @Test
  void aRetriedOpenWhoseCreateAnswerWasLostFindsItsIssueAndAddsNothing() throws Exception {
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
                            7,
                            "open",
                            "…\n<!-- tfdrift:drift="
                                + DriftIssues.marker(key())
                                + " -->\n<!-- tfdrift:event=9f2c4e7a1b3d5f60 -->\n")
                        + "]")));
    Notifier n = notifier();
    assertThatThrownBy(() -> n.deliver(DriftLifecycles.opened(), Optional.empty()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());

    assertThat(n.deliver(DriftLifecycles.opened(), Optional.empty())).contains("7");

    github.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
    github.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/7/comments")));
  }

  @Test
  void aRateLimitedLifecycleCallWaitsAsGitHubSays() {
    long reset = Instant.now().plusSeconds(300).getEpochSecond();
    github.stubFor(
        get(urlEqualTo(ISSUES + "/7"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", Long.toString(reset))
                    .withBody("{\"message\":\"API rate limit exceeded\"}")));
    assertThatThrownBy(() -> notifier().deliver(DriftLifecycles.renotified(), Optional.of("7")))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e ->
                assertThat(e.retryAfter())
                    .get()
                    .satisfies(
                        d ->
                            assertThat(d)
                                .isBetween(Duration.ofSeconds(280), Duration.ofSeconds(302))));
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
  void aSecondaryRateLimitWithoutRetryAfterWaitsAMinute() {
    // "Otherwise, wait for at least one minute before retrying" (Best practices for using the
    // REST API): a 403 whose message names the secondary rate limit, with remaining above 0.
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "4990")
                    .withBody(
                        "{\"message\":\"You have exceeded a secondary rate limit and have been"
                            + " temporarily blocked from content creation. Please retry your"
                            + " request again later.\"}")));
    assertThatThrownBy(() -> notifier().deliver(DriftLifecycles.opened(), Optional.empty()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(1)));
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
