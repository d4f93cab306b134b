package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.dashboard.Dashboard;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    store = sqlite(dir.resolve("drift.db"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + dir.resolve("chromium"));
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
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
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(by), e -> e.isDisplayed());
  }

  private void waitForText(By by, String text) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(by).getText(), t -> t.contains(text));
  }

  private void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Path out = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as(name + " is not blank").hasSizeGreaterThan(20);
  }

  @Test
  void showsCountsFiltersOpensResolvesAndUpdatesLive() throws Exception {
    see("e-1", "aws_instance.web", Severity.HIGH, 0);
    see("e-2", "aws_security_group.ssh", Severity.CRITICAL, 10);
    see("e-3", "aws_instance.db", Severity.LOW, 20);
    browser.get(serve(store));

    waitForText(By.id("open-total"), "3");
    assertThat(browser.findElement(By.cssSelector("[data-severity=critical] .n")).getText())
        .isEqualTo("1");
    assertThat(browser.findElements(By.cssSelector("#by-state tbody tr"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("table.drifts tbody tr"))).hasSize(3);
    screenshot("overview");

    browser.findElement(By.id("nav-drifts")).click();
    waitForText(By.id("count"), "3 drifts");
    WebElement search = browser.findElement(By.id("f-q"));
    search.sendKeys("ssh");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    waitForText(By.id("count"), "1 drift");
    assertThat(browser.getCurrentUrl()).contains("q=ssh").contains("status=open");
    screenshot("drifts-filtered");

    browser.get(browser.getCurrentUrl().replaceAll("#.*", "#/drifts?sort=severity&order=desc"));
    waitForText(By.id("count"), "3 drifts");
    assertThat(browser.findElements(By.cssSelector("table.drifts tbody td.addr a")))
        .extracting(WebElement::getText)
        .containsExactly("aws_security_group.ssh", "aws_instance.web", "aws_instance.db");

    browser.findElement(By.linkText("aws_security_group.ssh")).click();
    waitForText(By.id("drift-title"), "aws_security_group.ssh");
    assertThat(browser.findElement(By.cssSelector("pre.diff")).getText())
        .contains("- \"t3.micro\"")
        .contains("+ \"t3.large\"");
    assertThat(browser.findElement(By.id("occurrences")).getText())
        .contains("alice", "203.0.113.7", "aws-cli/2.15.0");
    screenshot("drift");

    browser.findElement(By.id("token")).sendKeys(WRITE);
    browser.findElement(By.cssSelector("#token-form button")).click();
    waitFor(By.id("resolve"));
    browser.findElement(By.id("by")).sendKeys("bob");
    browser.findElement(By.id("note")).sendKeys("reverted by hand in the console");
    browser.findElement(By.id("resolve")).click();
    waitForText(By.cssSelector("dl.facts"), "manual by bob");
    assertThat(browser.findElement(By.cssSelector(".status")).getText()).isEqualTo("resolved");
    screenshot("drift-resolved");

    browser.findElement(By.id("nav-overview")).click();
    waitForText(By.id("open-total"), "2");
    see("e-4", "aws_instance.cache", Severity.CRITICAL, 30);
    waitForText(By.id("open-total"), "3");
    assertThat(browser.findElement(By.cssSelector("table.drifts tbody tr")).getText())
        .contains("aws_instance.cache");
  }

  @Test
  void saysSoWhenTheStoreIsEmpty() throws Exception {
    browser.get(serve(sqlite(dir.resolve("empty.db"))));
    waitForText(By.id("empty"), "No drift recorded yet");
    assertThat(browser.findElement(By.id("open-total")).getText()).isEqualTo("0");
    screenshot("overview-empty");
    assertThat(
            new String(
                Files.readAllBytes(Path.of("target", "screenshots", "overview-empty.png")),
                StandardCharsets.ISO_8859_1))
        .startsWith("\u0089PNG");
  }
}
