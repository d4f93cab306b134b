package com.example.tfdrift.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.PluginHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostEstimatePluginTest {
  @TempDir Path dir;

  private static PluginHarness harness(Map<String, ?> config) {
    return PluginHarness.of(new CostEstimateProvider()).config(config).start();
  }

  /** The testkit's drift (aws_instance.web in us-east-1) with other changes and region. */
  private static DriftEvent drift(String type, String region, DriftEvent.Change... changes) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    DriftEvent.Event e = d.event();
    return new DriftEvent(
        d.id(),
        d.kind(),
        d.severity(),
        d.provider(),
        new DriftEvent.Resource(
            type + ".web", type, "web", d.resource().id(), "", d.resource().state()),
        List.of(changes),
        d.actor(),
        new DriftEvent.Event(
            e.id(),
            e.source(),
            e.name(),
            e.time(),
            region,
            e.accountId(),
            e.sourceIp(),
            e.userAgent()),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        Optional.empty());
  }

  private static DriftEvent.Change change(String attribute, Object from, Object to) {
    return new DriftEvent.Change(attribute, Optional.ofNullable(from), Optional.ofNullable(to));
  }

  @Test
  void labelsAnUpsizeWithTheMonthlyDelta() {
    try (PluginHarness harness = harness(Map.of())) {
      DriftEvent delivered = harness.drift(DriftEvents.instanceTypeChanged());

      // t3.micro 0.0104 $/h and t3.large 0.0832 $/h, 730 h: 7.59 -> 60.74, the difference of what
      // the label shows
      assertThat(delivered.labels())
          .containsEntry("cost_delta_monthly_usd", "+53.15")
          .containsEntry(
              "cost_estimate",
              "t3.micro -> t3.large: $7.59 -> $60.74 per month (+53.15 USD; on-demand us-east-1"
                  + " prices of 2024-06)");
      assertThat(harness.counter("estimates", Map.of("outcome", "priced"))).isEqualTo(1);
      assertThat(harness.logs(System.Logger.Level.INFO))
          .singleElement()
          .asString()
          .contains("us-east-1 prices for 2024-06");
    }
  }

  @Test
  void aDownsizeHasANegativeDeltaAndOtherRegionsAreNoted() {
    try (PluginHarness harness = harness(Map.of("hours_per_month", 720))) {
      DriftEvent delivered =
          harness.drift(
              drift("aws_instance", "eu-west-1", change("instance_type", "m5.xlarge", "m5.large")));
      // 0.192 and 0.096 $/h over 720 h: 138.24 -> 69.12
      assertThat(delivered.labels()).containsEntry("cost_delta_monthly_usd", "-69.12");
      assertThat(delivered.labels().get("cost_estimate"))
          .contains("$138.24 -> $69.12")
          .contains("the instance is in eu-west-1, where prices differ");
    }
  }

  @Test
  void saysSoWhenATypeHasNoPrice() {
    try (PluginHarness harness = harness(Map.of())) {
      DriftEvent delivered =
          harness.drift(
              drift("aws_instance", "us-east-1", change("instance_type", "t3.micro", "x9.huge")));
      assertThat(delivered.labels())
          .doesNotContainKey("cost_delta_monthly_usd")
          .containsEntry(
              "cost_estimate",
              "no price for x9.huge in the price table (us-east-1, 2024-06); add it with"
                  + " price_file");
      assertThat(harness.counter("estimates", Map.of("outcome", "unpriced"))).isEqualTo(1);
    }
  }

  @Test
  void leavesOtherDriftAlone() {
    try (PluginHarness harness = harness(Map.of())) {
      for (DriftEvent other :
          List.of(
              drift("aws_instance", "us-east-1", change("disable_api_termination", true, false)),
              drift(
                  "aws_db_instance", "us-east-1", change("instance_type", "t3.micro", "t3.large")),
              drift("aws_instance", "us-east-1", change("instance_type", null, "t3.large")))) {
        assertThat(harness.drift(other).labels()).isEqualTo(other.labels());
      }
      assertThat(harness.counters()).isEmpty();
    }
  }

  @Test
  void readsAPriceFileOfTheUsersOwn() throws Exception {
    Path prices = dir.resolve("prices.csv");
    Files.writeString(
        prices,
        "# region: eu-west-1\n# snapshot: 2026-11\ninstance_type,usd_per_hour\n"
            + "t3.micro,0.0114\nt3.large,0.0912\n");
    try (PluginHarness harness = harness(Map.of("price_file", prices.toString()))) {
      DriftEvent delivered =
          harness.drift(
              drift("aws_instance", "eu-west-1", change("instance_type", "t3.micro", "t3.large")));
      assertThat(delivered.labels())
          .containsEntry("cost_delta_monthly_usd", "+58.26")
          .hasEntrySatisfying(
              "cost_estimate",
              v -> assertThat(v).endsWith("on-demand eu-west-1 prices of 2026-11)"));
    }
  }

  @Test
  void rejectsABadPriceFileNamingTheKeyTheFileAndTheLine() throws Exception {
    Path prices = dir.resolve("prices.csv");
    Files.writeString(prices, "instance_type,usd_per_hour\nt3.micro,cheap\n");
    assertThatThrownBy(() -> harness(Map.of("price_file", prices.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("plugins[0].config.price_file: " + prices + " line 2: 'cheap'")
        .hasMessageContaining("e.g. 0.0832");
    assertThatThrownBy(() -> harness(Map.of("price_file", dir.resolve("none.csv").toString())))
        .hasMessageStartingWith("plugins[0].config.price_file: cannot read");
    assertThatThrownBy(() -> harness(Map.of("hours_per_month", 0)))
        .hasMessage("plugins[0].config.hours_per_month: 0 must be between 1 and 744");
  }

  @Test
  void theBundledTableIsAUsEast1SnapshotWithTheCommonTypes() {
    PriceTable table = PriceTable.bundled();
    assertThat(table.region()).isEqualTo("us-east-1");
    assertThat(table.snapshot()).isEqualTo("2024-06");
    assertThat(table.perHour())
        .hasSizeGreaterThan(90)
        .containsKeys("t3.micro", "m5.large", "m7g.large", "c6i.xlarge", "r6g.large");
  }
}
