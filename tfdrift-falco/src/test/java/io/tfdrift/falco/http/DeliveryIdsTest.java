package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryIdsTest {

  @Test
  void claimsAnIdOnceAndForgetsTheOldestPastItsCapacity() {
    DeliveryIds ids = new DeliveryIds(2);

    assertThat(ids.claim("a")).isTrue();
    assertThat(ids.claim("a")).isFalse();
    assertThat(ids.claim("b")).isTrue();
    assertThat(ids.claim("c")).as("evicts a").isTrue();
    assertThat(ids.claim("b")).isFalse();
    assertThat(ids.claim("a")).as("forgotten").isTrue();
  }

  @Test
  void anEmptyIdIsNeverADuplicate() {
    DeliveryIds ids = new DeliveryIds(2);

    assertThat(ids.claim("")).isTrue();
    assertThat(ids.claim("")).isTrue();
  }

  @Test
  void aReleasedIdCanBeClaimedAgain() {
    DeliveryIds ids = new DeliveryIds(4);
    ids.claim("x");

    ids.release("x");

    assertThat(ids.claim("x")).isTrue();
    assertThat(ids.claim("x")).isFalse();
  }
}
