package com.example.tfdrift.cost;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * On-demand prices per instance-hour by instance type, read from a CSV file ({@code
 * instance_type,usd_per_hour}) whose {@code # region:} and {@code # snapshot:} comments say what
 * the prices are.
 *
 * @param region the region the prices are for, e.g. {@code us-east-1}
 * @param snapshot when the prices were taken, e.g. {@code 2024-06}
 * @param perHour USD per instance-hour by instance type
 */
record PriceTable(String region, String snapshot, Map<String, BigDecimal> perHour) {

  static final String BUNDLED = "prices-us-east-1.csv";

  PriceTable {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(snapshot, "snapshot");
    perHour = Map.copyOf(perHour);
  }

  /** The table shipped in the jar. */
  static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the plugin jar");
      }
      return parse(BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BUNDLED + " from the plugin jar", e);
    }
  }

  /**
   * Reads a user's price file.
   *
   * @throws IllegalArgumentException naming the file, the line and what is wrong
   */
  static PriceTable read(Path file) {
    try {
      return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + ": " + e);
    }
  }

  static PriceTable parse(String source, List<String> lines) {
    String region = "unknown region";
    String snapshot = "unknown date";
    Map<String, BigDecimal> prices = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("# region:")) {
        region = line.substring("# region:".length()).strip();
      } else if (line.startsWith("# snapshot:")) {
        snapshot = line.substring("# snapshot:".length()).strip();
      }
      if (line.isEmpty() || line.startsWith("#") || line.equals("instance_type,usd_per_hour")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 2 || cells[0].isBlank()) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (i + 1)
                + ": expected instance_type,usd_per_hour, got '"
                + line
                + "'");
      }
      try {
        BigDecimal price = new BigDecimal(cells[1].strip());
        if (price.signum() < 0) {
          throw new NumberFormatException("negative");
        }
        prices.put(cells[0].strip(), price);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (i + 1)
                + ": '"
                + cells[1]
                + "' is not a price in USD per hour, e.g. 0.0832");
      }
    }
    if (prices.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no prices");
    }
    return new PriceTable(region, snapshot, prices);
  }

  Optional<BigDecimal> hourly(String instanceType) {
    return Optional.ofNullable(perHour.get(instanceType));
  }
}
