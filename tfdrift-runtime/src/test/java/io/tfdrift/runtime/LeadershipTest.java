package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  @Test
  void theSoleInstanceLeadsBeforeItsSourcesStartSoItIsNeverReadyAsAStandby() throws Exception {
    Leadership sole = Leadership.sole();
    assertThat(sole.leading())
        .as("leading before start: /ready then waits for the sources instead of answering 200")
        .isTrue();
    List<String> events = new ArrayList<>();
    sole.start(
        new Leadership.Term() {
          @Override
          public void elected() {
            events.add("elected");
          }

          @Override
          public void deposed() {
            events.add("deposed");
          }
        });
    assertThat(sole.leading()).isTrue();
    sole.close();
    assertThat(sole.leading()).isFalse();
    assertThat(events).containsExactly("elected", "deposed");
  }
}
