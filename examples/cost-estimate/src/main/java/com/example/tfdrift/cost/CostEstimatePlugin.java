package com.example.tfdrift.cost;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Labels drift that changes an instance type with what the change costs per month, on-demand:
 * {@code cost_delta_monthly_usd: "+53.14"} and a readable {@code cost_estimate}.
 */
final class CostEstimatePlugin implements Plugin {
  static final String DELTA = "cost_delta_monthly_usd";
  static final String ESTIMATE = "cost_estimate";

  private final PriceTable prices;
  private final int hoursPerMonth;
  private PluginContext context;

  CostEstimatePlugin(PriceTable prices, int hoursPerMonth) {
    this.prices = prices;
    this.hoursPerMonth = hoursPerMonth;
  }

  @Override
  public void init(PluginContext context) {
    this.context = context;
    context
        .logger()
        .log(
            System.Logger.Level.INFO,
            "pricing instance-type drift with {0} prices for {1} ({2} types, {3} h/month)",
            prices.region(),
            prices.snapshot(),
            prices.perHour().size(),
            hoursPerMonth);
  }

  @Override
  public void onDriftDetected(DriftEvent event) {
    Optional<DriftEvent.Change> change = instanceTypeChange(event);
    if (change.isEmpty()) {
      return;
    }
    String from = String.valueOf(change.get().expected().get());
    String to = String.valueOf(change.get().actual().get());
    Optional<BigDecimal> before = prices.hourly(from);
    Optional<BigDecimal> after = prices.hourly(to);
    if (before.isEmpty() || after.isEmpty()) {
      String missing = before.isEmpty() ? from : to;
      context.annotate(
          event,
          ESTIMATE,
          "no price for "
              + missing
              + " in the price table ("
              + prices.region()
              + ", "
              + prices.snapshot()
              + "); add it with price_file");
      context.counter("estimates", Map.of("outcome", "unpriced")).increment();
      return;
    }
    BigDecimal monthlyBefore = monthly(before.get());
    BigDecimal monthlyAfter = monthly(after.get());
    String delta = signed(monthlyAfter.subtract(monthlyBefore));
    context.annotate(event, DELTA, delta);
    context.annotate(
        event,
        ESTIMATE,
        from
            + " -> "
            + to
            + ": $"
            + monthlyBefore
            + " -> $"
            + monthlyAfter
            + " per month ("
            + delta
            + " USD; on-demand "
            + prices.region()
            + " prices of "
            + prices.snapshot()
            + regionNote(event)
            + ")");
    context.counter("estimates", Map.of("outcome", "priced")).increment();
  }

  /** An {@code instance_type} change on an EC2 instance, with both the old and the new type. */
  private static Optional<DriftEvent.Change> instanceTypeChange(DriftEvent event) {
    if (!event.resource().type().equals("aws_instance")) {
      return Optional.empty();
    }
    return event.changes().stream()
        .filter(c -> c.attribute().equals("instance_type"))
        .filter(c -> c.expected().isPresent() && c.actual().isPresent())
        .findFirst();
  }

  private String regionNote(DriftEvent event) {
    String region = event.event().region();
    return region.isEmpty() || region.equals(prices.region())
        ? ""
        : "; the instance is in " + region + ", where prices differ";
  }

  private BigDecimal monthly(BigDecimal hourly) {
    return hourly.multiply(BigDecimal.valueOf(hoursPerMonth)).setScale(2, RoundingMode.HALF_UP);
  }

  private static String signed(BigDecimal amount) {
    return amount.signum() > 0 ? "+" + amount.toPlainString() : amount.toPlainString();
  }
}
