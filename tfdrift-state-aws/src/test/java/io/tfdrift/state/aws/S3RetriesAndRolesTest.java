package io.tfdrift.state.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.StateFetches;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling and assume-role, against WireMock speaking the S3 REST and STS query protocols. */
class S3RetriesAndRolesTest {
  private static final String STATE = "{\"version\":4,\"serial\":1,\"resources\":[]}";
  private static final String SLOW_DOWN =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
          + "<Message>Please reduce your request rate.</Message><RequestId>1</RequestId></Error>";
  private static final String ROLE = "arn:aws:iam::111122223333:role/tfdrift-state-reader";

  private WireMockServer aws;

  @BeforeEach
  void start() {
    aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    aws.start();
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  private StateBackend backend(Map<String, Object> extra) {
    Map<String, Object> values =
        S3ProxyServer.section(URI.create(aws.baseUrl()), "acme", "net.tfstate");
    values.putAll(extra);
    return new S3StateBackendProvider().create(ConfigSection.of("providers.aws.state", values));
  }

  private void stubState() {
    aws.stubFor(
        get(urlPathEqualTo("/acme/net.tfstate"))
            .inScenario("throttle")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withHeader("ETag", "\"v1\"").withBody(STATE)));
  }

  private void throttle(String from, String to) {
    aws.stubFor(
        get(urlPathEqualTo("/acme/net.tfstate"))
            .inScenario("throttle")
            .whenScenarioStateIs(from)
            .willReturn(aResponse().withStatus(503).withBody(SLOW_DOWN))
            .willSetStateTo(to));
  }

  @Test
  void throttlingIsRetriedWithBackoff() throws Exception {
    throttle(Scenario.STARTED, "once");
    throttle("once", "recovered");
    stubState();
    try (StateBackend backend = backend(Map.of("max_attempts", 3))) {
      StateFetch fetch = backend.fetch("");
      assertThat(fetch.version()).isEqualTo("\"v1\"");
      assertThat(new String(StateFetches.changed(fetch).documents().get(0).content()))
          .isEqualTo(STATE);
    }
    aws.verify(3, getRequestedFor(urlPathEqualTo("/acme/net.tfstate")));
  }

  @Test
  void throttlingThatOutlastsTheRetriesFailsClearly() {
    throttle(Scenario.STARTED, Scenario.STARTED);
    try (StateBackend backend = backend(Map.of("max_attempts", 2))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageStartingWith("s3://acme/net.tfstate: S3 kept throttling")
          .hasMessageContaining("SlowDown, HTTP 503")
          .hasMessageContaining("through 2 attempts")
          .hasMessageContaining("providers.aws.state.max_attempts");
    }
    aws.verify(2, getRequestedFor(urlPathEqualTo("/acme/net.tfstate")));
  }

  @Test
  void readsWithTheCredentialsOfTheAssumedRole() throws Exception {
    aws.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=AssumeRole"))
            .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(assumed())));
    aws.stubFor(
        get(urlPathEqualTo("/acme/net.tfstate"))
            .willReturn(aResponse().withHeader("ETag", "\"v1\"").withBody(STATE)));
    Map<String, Object> role =
        Map.of("role_arn", ROLE, "external_id", "acme-ext", "sts_endpoint", aws.baseUrl());
    try (StateBackend backend = backend(role)) {
      assertThat(StateFetches.changed(backend.fetch("")).documents()).hasSize(1);
    }
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("RoleArn=" + ROLE.replace(":", "%3A").replace("/", "%2F")))
            .withRequestBody(containing("RoleSessionName=tfdrift"))
            .withRequestBody(containing("ExternalId=acme-ext")));
    aws.verify(
        getRequestedFor(urlPathEqualTo("/acme/net.tfstate"))
            .withHeader("Authorization", containing("Credential=ASIAASSUMEDROLE/"))
            .withHeader("X-Amz-Security-Token", containing("assumed-session-token")));
  }

  @Test
  void aRoleThatCannotBeAssumedIsNamedWithTheActionToGrant() {
    aws.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                            + "<Message>User: arn:aws:iam::1:user/ci is not authorized to perform:"
                            + " sts:AssumeRole</Message></Error><RequestId>r</RequestId>"
                            + "</ErrorResponse>")));
    Map<String, Object> role =
        Map.of("role_arn", ROLE, "sts_endpoint", aws.baseUrl(), "max_attempts", 1);
    try (StateBackend backend = backend(role)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageStartingWith("s3://acme/net.tfstate: cannot assume role " + ROLE)
          .hasMessageContaining("sts:AssumeRole")
          .hasMessageContaining("trust policy")
          .hasMessageContaining("providers.aws.state.role_arn");
    }
  }

  private static String assumed() {
    return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<AssumeRoleResult><AssumedRoleUser>"
        + "<Arn>arn:aws:sts::111122223333:assumed-role/tfdrift-state-reader/tfdrift</Arn>"
        + "<AssumedRoleId>AROAEXAMPLE:tfdrift</AssumedRoleId></AssumedRoleUser>"
        + "<Credentials><AccessKeyId>ASIAASSUMEDROLE</AccessKeyId>"
        + "<SecretAccessKey>assumed-secret</SecretAccessKey>"
        + "<SessionToken>assumed-session-token</SessionToken>"
        + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        + "</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        + "</AssumeRoleResponse>";
  }
}
