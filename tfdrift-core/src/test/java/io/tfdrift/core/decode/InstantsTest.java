package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

  @Test
  void parsesWhatAuditRecordsCarryExactlyAsInstantParse() {
    for (String text :
        List.of(
            "2023-07-10T12:00:23Z",
            "2021-10-19T02:57:47.339377Z",
            "2023-07-06T22:43:54.476694000Z",
            "2026-11-23T09:31:07.1Z",
            "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.5Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z")) {
      assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void handsEveryOtherShapeToInstantParse() {
    for (String text :
        List.of(
            "2023-07-10T12:00:23+02:00",
            "2023-07-10t12:00:23z",
            "2023-07-10T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2023-07-10T12:00:23.Z",
            "+12023-07-10T12:00:23Z")) {
      Throwable expected = catchThrowable(() -> Instant.parse(text));
      if (expected == null) {
        assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
      } else {
        assertThatThrownBy(() -> Instants.parse(text))
            .as(text)
            .isInstanceOf(expected.getClass())
            .hasMessage(expected.getMessage());
      }
    }
  }

  @Test
  void rejectsWhatInstantParseRejectsWithItsOwnError() {
    for (String text :
        List.of(
            "",
            "2023-07-10",
            "2023-13-10T12:00:23Z",
            "2023-02-29T12:00:23Z",
            "2023-04-31T12:00:23Z",
            "2023-07-10T12:60:23Z",
            "2023-07-10T12:00:23.1234567890Z",
            "2023-07-10T12:00:2xZ",
            "2023-07-10 12:00:23Z")) {
      Throwable expected = catchThrowable(() -> Instant.parse(text));
      assertThat(expected).as(text).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> Instants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class)
          .hasMessage(expected.getMessage());
    }
  }

  @Test
  void agreesWithInstantParseOnRandomInstants() {
    Random random = new Random(23);
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong() % 100_000_000_000L, random.nextInt(1_000_000_000));
      String text = instant.toString();
      assertThat(Instants.parse(text)).as(text).isEqualTo(instant);
    }
  }

  @org.junit.jupiter.api.Test
  void readsRecordTimesAsSiemsAthenaAndBigQueryExportThem() {
    org.assertj.core.api.Assertions.assertThat(
            Instants.parseRecordTime("2024-01-25 13:28:18.961519813"))
        .isEqualTo(java.time.Instant.parse("2024-01-25T13:28:18.961519813Z"));
    org.assertj.core.api.Assertions.assertThat(Instants.parseRecordTime("2023-05-23 19:19:40"))
        .isEqualTo(java.time.Instant.parse("2023-05-23T19:19:40Z"));
    org.assertj.core.api.Assertions.assertThat(Instants.parseRecordTime("2023-05-23T19:19:40.5"))
        .isEqualTo(java.time.Instant.parse("2023-05-23T19:19:40.500Z"));
    org.assertj.core.api.Assertions.assertThat(
            Instants.parseRecordTime("2020-08-08T00: 11: 44.895529672Z"))
        .isEqualTo(java.time.Instant.parse("2020-08-08T00:11:44.895529672Z"));
    org.assertj.core.api.Assertions.assertThat(
            Instants.parseRecordTime("2021-10-19T02:57:47+02:00"))
        .isEqualTo(java.time.Instant.parse("2021-10-19T00:57:47Z"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Instants.parseRecordTime("2023-13-23 19:19:40"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Instants.parseRecordTime("yesterday"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
  }
}
