package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ManagedResource;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TerraformTouchesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:30:00Z");

  private static ManagedResource resource(String address) {
    return new ManagedResource(
        "prod", address, "", "aws_instance", "web", "i-1", Map.of(), Set.of());
  }

  @Test
  void answersOnlyForAChangeAfterTheGivenTime() {
    TerraformTouches touches = new TerraformTouches();
    touches.touched(resource("aws_instance.web"), T0, "terraform-ci");
    assertThat(touches.after("prod", "aws_instance.web", T0.minusSeconds(1)))
        .hasValue(new TerraformTouches.Touch(T0, "terraform-ci"));
    assertThat(touches.after("prod", "aws_instance.web", T0)).isEmpty();
    assertThat(touches.after("staging", "aws_instance.web", T0.minusSeconds(1))).isEmpty();
  }

  @Test
  void keepsTheLatestChangeOfAResourceWhateverTheOrderCallsArriveIn() {
    TerraformTouches touches = new TerraformTouches();
    touches.touched(resource("aws_instance.web"), T0.plusSeconds(60), "late");
    touches.touched(resource("aws_instance.web"), T0, "early");
    assertThat(touches.after("prod", "aws_instance.web", T0.plusSeconds(30)))
        .map(TerraformTouches.Touch::by)
        .hasValue("late");
  }

  @Test
  void forgetsTheLeastRecentlyChangedBeyondItsCapacity() {
    TerraformTouches touches = new TerraformTouches(2);
    touches.touched(resource("aws_instance.a"), T0, "tf");
    touches.touched(resource("aws_instance.b"), T0, "tf");
    touches.touched(resource("aws_instance.a"), T0.plusSeconds(1), "tf");
    touches.touched(resource("aws_instance.c"), T0, "tf");
    Instant before = T0.minusSeconds(1);
    assertThat(touches.after("prod", "aws_instance.b", before)).isEmpty();
    assertThat(touches.after("prod", "aws_instance.a", before)).isPresent();
    assertThat(touches.after("prod", "aws_instance.c", before)).isPresent();
    assertThatThrownBy(() -> new TerraformTouches(0)).hasMessageContaining("at least 1");
  }
}
