package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractorsTest {

  @Test
  void singleTakesTheOneValueOfAHeaderLoggedAsAList() {
    assertThat(Extractors.single(List.of("private"))).isEqualTo("private");
    assertThat(Extractors.single("private")).isEqualTo("private");
    assertThat(Extractors.single(List.of("a", "b"))).isNull();
    assertThat(Extractors.single(List.of(List.of("a")))).isNull();
    assertThat(Extractors.single(Map.of("a", "b"))).isNull();
  }

  @Test
  void snakeKeysRenamesApiMembersToProviderAttributesAtEveryDepth() {
    assertThat(
            Extractors.snakeKeys(
                List.of(
                    Map.of("transitionToIA", "AFTER_30_DAYS"),
                    Map.of("transitionToPrimaryStorageClass", "AFTER_1_ACCESS"))))
        .isEqualTo(
            List.of(
                Map.of("transition_to_ia", "AFTER_30_DAYS"),
                Map.of("transition_to_primary_storage_class", "AFTER_1_ACCESS")));
    assertThat(Extractors.snakeKeys(Map.of("encryption", Map.of("kmsKeyId", "alias/efs"))))
        .isEqualTo(Map.of("encryption", Map.of("kms_key_id", "alias/efs")));
    assertThat(Extractors.snakeCase("status")).isEqualTo("status");
    assertThat(Extractors.snakeCase("snsTopicARN")).isEqualTo("sns_topic_arn");
    assertThat(Extractors.snakeCase("ipv6Enabled")).isEqualTo("ipv6_enabled");
    assertThat(Extractors.snakeKeys("plain")).isEqualTo("plain");
  }

  @Test
  void keyValueTagsReadsIamStyleKmsStyleAndMaps() {
    assertThat(Extractors.keyValueTags(List.of(Map.of("Key", "env", "Value", "prod"))))
        .isEqualTo(Map.of("env", "prod"));
    assertThat(Extractors.keyValueTags(List.of(Map.of("key", "env", "value", "prod"))))
        .isEqualTo(Map.of("env", "prod"));
    assertThat(Extractors.keyValueTags(List.of(Map.of("tagKey", "team", "tagValue", "pay"))))
        .isEqualTo(Map.of("team", "pay"));
    assertThat(Extractors.keyValueTags(List.of(Map.of("TagKey", "team", "TagValue", "pay"))))
        .isEqualTo(Map.of("team", "pay"));
    assertThat(Extractors.keyValueTags(Map.of("team", "pay"))).isEqualTo(Map.of("team", "pay"));
    assertThat(Extractors.keyValueTags("team")).isNull();
    assertThat(Extractors.keyValueTags(List.of())).isEqualTo(Map.of());
  }
}
