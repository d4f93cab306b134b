package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.dashboard.Dashboard;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in Debian's Chromium (headless, driven by chromedriver), over the inventory API on
 * a real HTTP server and a SQLite store: the overview counts, filtering, opening a drift, resolving
 * it, a live update, and an empty store. Screenshots of each page are saved under {@code
 * target/screenshots/} and checked not to be blank.
 */
class DashboardBrowserTest {
  private static final String WRITE = "write-token-for-the-browser-test";
  private static final Instant T0 = Instant.now().minus(Duration.ofHours(2));

  @TempDir Path dir;
  private final Lifecycle lifecycle = new Lifecycle(Map.of("webhook", Set.of(Transition.values())));
  private DriftStore store;
  private HttpServer server;
  private Browser browser;

  @BeforeEach
  void start() {
    store = sqlite(dir.resolve("drift.db"));
    browser = new Browser(dir.resolve("chromium"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop(0);
    }
    store.close();
  }

  private static DriftStore sqlite(Path file) {
    return InventoryFixtures.sqlite(file);
  }

  private String serve(DriftStore s) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        InventoryApi.PREFIX,
        new InventoryApi(
            new io.tfdrift.core.inventory.Inventory(
                s,
                lifecycle,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                () -> {}),
            List.of(),
            List.of(Secret.of(WRITE)),
            Clock.systemUTC()));
    server.createContext(Dashboard.PATH, new Dashboard());
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/ui/";
  }

  private void see(String eventId, String address, Severity severity, int minutes)
      throws Exception {
    InventoryFixtures.see(
        store,
        lifecycle,
        InventoryFixtures.drift(
            eventId, address, severity, "alice", T0.plus(Duration.ofMinutes(minutes))));
  }

  private WebElement waitFor(By by) {
    return browser.waitFor(by);
  }

  private void waitForText(By by, String text) {
    browser.waitForText(by, text);
  }

  private void screenshot(String name) throws Exception {
    browser.screenshot(name);
  }

  @Test
  void showsCountsFiltersOpensResolvesAndUpdatesLive() throws Exception {
    see("e-1", "aws_instance.web", Severity.HIGH, 0);
    see("e-2", "aws_security_group.ssh", Severity.CRITICAL, 10);
    see("e-3", "aws_instance.db", Severity.LOW, 20);
    browser.driver.get(serve(store));

    waitForText(By.id("open-total"), "3");
    assertThat(browser.find(By.cssSelector("[data-severity=critical] .n")).getText())
        .isEqualTo("1");
    assertThat(browser.driver.findElements(By.cssSelector("#by-state tbody tr"))).hasSize(1);
    assertThat(browser.find(By.cssSelector("#by-account tbody tr")).getText())
        .isEqualTo("aws 123456789012 1 1 1 3");
    assertThat(browser.find(By.cssSelector("#per-day svg")).getAttribute("aria-label"))
        .isEqualTo("3 drifts opened and 0 resolved in the period");
    assertThat(browser.driver.findElements(By.cssSelector("table.drifts tbody tr"))).hasSize(3);
    screenshot("overview");

    browser.find(By.id("nav-drifts")).click();
    waitForText(By.id("count"), "3 drifts");
    WebElement search = browser.find(By.id("f-q"));
    search.sendKeys("ssh");
    browser.find(By.cssSelector("form.filters button[type=submit]")).click();
    waitForText(By.id("count"), "1 drift");
    assertThat(browser.driver.getCurrentUrl()).contains("q=ssh").contains("status=open");
    screenshot("drifts-filtered");

    browser.driver.get(
        browser.driver.getCurrentUrl().replaceAll("#.*", "#/drifts?sort=severity&order=desc"));
    waitForText(By.id("count"), "3 drifts");
    assertThat(browser.driver.findElements(By.cssSelector("table.drifts tbody td.addr a")))
        .extracting(WebElement::getText)
        .containsExactly("aws_security_group.ssh", "aws_instance.web", "aws_instance.db");

    browser.find(By.linkText("aws_security_group.ssh")).click();
    waitForText(By.id("drift-title"), "aws_security_group.ssh");
    assertThat(browser.find(By.cssSelector("pre.diff")).getText())
        .contains("- \"t3.micro\"")
        .contains("+ \"t3.large\"");
    assertThat(browser.find(By.id("occurrences")).getText())
        .contains("alice", "203.0.113.7", "aws-cli/2.15.0");
    screenshot("drift");

    browser.find(By.id("token")).sendKeys(WRITE);
    browser.find(By.cssSelector("#token-form button")).click();
    waitFor(By.id("resolve"));
    browser.find(By.id("by")).sendKeys("bob");
    browser.find(By.id("note")).sendKeys("reverted by hand in the console");
    browser.find(By.id("resolve")).click();
    waitForText(By.cssSelector("dl.facts"), "manual by bob");
    assertThat(browser.find(By.cssSelector(".status")).getText()).isEqualTo("resolved");
    screenshot("drift-resolved");

    browser.find(By.id("nav-overview")).click();
    waitForText(By.id("open-total"), "2");
    see("e-4", "aws_instance.cache", Severity.CRITICAL, 30);
    waitForText(By.id("open-total"), "3");
    WebElement newest = browser.find(By.cssSelector("table.drifts tbody tr"));
    assertThat(newest.getText()).contains("aws_instance.cache");
    assertThat(newest.getAttribute("class")).as("the new row is marked").isEqualTo("new");
  }

  @Test
  void saysSoWhenTheStoreIsEmpty() throws Exception {
    browser.driver.get(serve(sqlite(dir.resolve("empty.db"))));
    waitForText(By.id("empty"), "No drift recorded yet");
    assertThat(browser.find(By.id("open-total")).getText()).isEqualTo("0");
    screenshot("overview-empty");
    assertThat(
            new String(
                Files.readAllBytes(Path.of("target", "screenshots", "overview-empty.png")),
                StandardCharsets.ISO_8859_1))
        .startsWith("\u0089PNG");
  }
}
