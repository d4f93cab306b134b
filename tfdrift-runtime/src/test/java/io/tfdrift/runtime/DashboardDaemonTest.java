package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard end to end: a daemon started here on the demo state with a SQLite inventory, the
 * demo log replayed through its Falco receiver, and Debian's headless Chromium on its admin port:
 * the overview counts, filtering, opening a drift, resolving it, a live update. Screenshots of each
 * page go to {@code target/screenshots/daemon-*.png} and are checked not to be blank.
 */
class DashboardDaemonTest {
  private static final String WRITE = "write-token-for-the-daemon-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Daemon daemon;
  private Browser browser;
  private DemoFeed feed;

  @BeforeEach
  void start() throws Exception {
    int falcoPort = DaemonTest.freePort();
    Path state = dir.resolve("terraform.tfstate");
    Files.write(state, DemoFeed.state());
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              local_path: %s
        falco:
          enabled: true
          transport: http
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:0
          write_token: %s
        store:
          type: sqlite
          path: %s
        notifications:
          jsonl:
            path: %s
        """
            .formatted(state, falcoPort, WRITE, dir.resolve("drift.db"), dir.resolve("out.jsonl")));
    daemon = new Daemon(Setup.load(Optional.of(config), true, true));
    daemon.start();
    feed = new DemoFeed(URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"));
    browser = new Browser(dir.resolve("chromium"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (daemon != null) {
      daemon.stop(Duration.ofSeconds(5));
    }
  }

  private String admin() {
    return "http://127.0.0.1:" + daemon.adminPort();
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(admin() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void awaitOpen(int drifts) {
    await("" + drifts + " open drifts in the inventory")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> api("/api/v1/drifts?status=open").get("total").asInt(), n -> n == drifts);
  }

  @Test
  void showsTheReplayedLogFiltersOpensResolvesAndUpdatesLive() throws Exception {
    feed.replay(Instant.now(), 7);
    awaitOpen(5);

    browser.driver.get(admin() + "/ui/");
    browser.waitForText(By.id("open-total"), "5");
    assertThat(browser.find(By.cssSelector("[data-severity=critical] .n")).getText())
        .isEqualTo("2");
    assertThat(browser.find(By.cssSelector("[data-severity=high] .n")).getText()).isEqualTo("3");
    assertThat(browser.find(By.cssSelector("#by-state tbody")).getText())
        .contains("aws 2 2 4")
        .contains("(unmanaged: aws) 1 1");
    assertThat(browser.find(By.cssSelector("#per-day svg")).getAttribute("aria-label"))
        .isEqualTo("5 drifts opened and 0 resolved in the period");
    browser.screenshot("daemon-overview");

    browser.find(By.cssSelector("[data-severity=critical]")).click();
    browser.waitForText(By.id("count"), "2 drifts");
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/drifts?status=open&severity=critical");
    assertThat(browser.driver.findElements(By.cssSelector("table.drifts td.addr a")))
        .extracting(WebElement::getText)
        .containsExactlyInAnyOrder("aws_s3_bucket_policy.assets", "aws_security_group.web");
    browser.find(By.id("f-q")).sendKeys("bucket");
    browser.find(By.cssSelector("form.filters button[type=submit]")).click();
    browser.waitForText(By.id("count"), "1 drift");
    assertThat(browser.driver.getCurrentUrl()).contains("q=bucket").contains("severity=critical");
    browser.screenshot("daemon-drifts");

    browser.find(By.linkText("aws_s3_bucket_policy.assets")).click();
    browser.waitForText(By.id("drift-title"), "aws_s3_bucket_policy.assets");
    assertThat(browser.find(By.cssSelector("pre.diff")).getText())
        .contains("+       \"Sid\": \"PublicRead\"");
    assertThat(browser.find(By.id("occurrences")).getText())
        .contains("alice", "PutBucketPolicy", "198.51.100.23", "aws-cli/2.17.12");
    browser.screenshot("daemon-drift");

    browser.find(By.id("token")).sendKeys(WRITE);
    browser.find(By.cssSelector("#token-form button")).click();
    browser.waitFor(By.id("resolve"));
    browser.find(By.id("by")).sendKeys("carol");
    browser.find(By.id("note")).sendKeys("policy restored from Terraform");
    browser.find(By.id("resolve")).click();
    browser.waitForText(By.cssSelector("dl.facts"), "manual by carol");
    browser.screenshot("daemon-drift-resolved");
    assertThat(api("/api/v1/summary").at("/counts/resolved/critical").asInt()).isEqualTo(1);

    browser.find(By.id("nav-overview")).click();
    browser.waitForText(By.id("open-total"), "4");
    int another = DemoFeed.trickle().indexOf("another instance launched outside Terraform");
    feed.call(another, Instant.now());
    browser.waitForText(By.id("open-total"), "5");
    WebElement newest = browser.find(By.cssSelector("table.drifts tbody tr"));
    assertThat(newest.getText()).contains("unmanaged");
    assertThat(newest.getAttribute("class")).isEqualTo("new");
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", newest);
    browser.screenshot("daemon-overview-live");
  }
}
