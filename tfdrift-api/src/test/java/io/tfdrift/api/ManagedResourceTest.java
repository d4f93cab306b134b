package io.tfdrift.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagedResourceTest {

  @Test
  void neverPrintsAttributeValues() {
    var db =
        new ManagedResource(
            "prod",
            "aws_db_instance.main",
            "",
            "aws_db_instance",
            "main",
            "db-ABC",
            Map.of("password", "hunter2", "identifier", "prod-db"),
            Set.of("password"));
    assertThat(db.toString())
        .isEqualTo("ManagedResource[prod: aws_db_instance.main (db-ABC)]")
        .doesNotContain("hunter2");
    assertThat(db.isSensitive("password")).isTrue();
    assertThat(db.attribute("identifier")).contains("prod-db");
  }
}
