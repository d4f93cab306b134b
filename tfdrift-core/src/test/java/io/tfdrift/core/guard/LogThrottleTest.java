package io.tfdrift.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class LogThrottleTest {

  private static List<Level> levels(LogThrottle throttle, int n) {
    List<Level> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(throttle.next());
    }
    return out;
  }

  @Test
  void warnsForTheFirstThreeThenEveryHundredth() {
    List<Level> levels = levels(new LogThrottle(LoggerFactory.getLogger("test")), 200);
    assertThat(levels.subList(0, 3)).containsOnly(Level.WARN);
    assertThat(levels.subList(3, 99)).containsOnly(Level.DEBUG);
    assertThat(levels.get(99)).isEqualTo(Level.WARN);
    assertThat(levels.subList(100, 199)).containsOnly(Level.DEBUG);
    assertThat(levels.get(199)).isEqualTo(Level.WARN);
  }

  @Test
  void countsEveryOccurrenceItLogs() {
    LogThrottle throttle = new LogThrottle(LoggerFactory.getLogger("test"));
    throttle.log("failed: {}", "why");
    assertThat(throttle.log("failed: {}", "why")).isEqualTo(2);
    assertThat(throttle.count()).isEqualTo(2);
  }

  @Test
  void countsEachKeyOnItsOwn() {
    LogThrottle.Keyed<String> throttle = LogThrottle.keyed(LoggerFactory.getLogger("test"));
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.next("a")).isEqualTo(Level.WARN);
    }
    assertThat(throttle.next("a")).isEqualTo(Level.DEBUG);
    assertThat(throttle.next("b")).isEqualTo(Level.WARN);
  }
}
