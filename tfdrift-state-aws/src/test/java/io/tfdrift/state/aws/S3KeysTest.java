package io.tfdrift.state.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3KeysTest {

  private static List<String> names(S3Keys keys, String... listed) {
    return Arrays.stream(listed)
        .flatMap(k -> keys.listings().stream().flatMap(l -> l.nameOf(k).stream()))
        .toList();
  }

  @Test
  void namedWorkspacesAreExactKeysUnderThePrefix() {
    S3Keys keys = S3Keys.of("net/terraform.tfstate", List.of("default", "prod"), "env:");
    assertThat(keys.exact())
        .containsExactly(
            new S3Keys.Exact("net/terraform.tfstate", "default"),
            new S3Keys.Exact("env:/prod/net/terraform.tfstate", "prod"));
    assertThat(keys.listings()).isEmpty();
  }

  @Test
  void aStarStaysWithinOneSegmentAndListsFromItsFixedPart() {
    S3Keys keys = S3Keys.of("states/*/terraform.tfstate", List.of("default"), "env:");
    assertThat(keys.listings())
        .singleElement()
        .satisfies(l -> assertThat(l.prefix()).isEqualTo("states/"));
    assertThat(
            names(
                keys,
                "states/net/terraform.tfstate",
                "states/a/b/terraform.tfstate",
                "states/terraform.tfstate"))
        .containsExactly("net/terraform");
  }

  @Test
  void aDoubleStarCrossesSegmentsIncludingNone() {
    S3Keys keys = S3Keys.of("states/**/terraform.tfstate", List.of("default"), "env:");
    assertThat(
            names(
                keys,
                "states/terraform.tfstate",
                "states/a/b/terraform.tfstate",
                "states/a/other.tfstate"))
        .containsExactly("terraform", "a/b/terraform");
  }

  @Test
  void aQuestionMarkIsOneCharacterAndRegexCharactersAreLiteral() {
    S3Keys keys = S3Keys.of("st+tes/env-?.tfstate", List.of("default"), "env:");
    assertThat(names(keys, "st+tes/env-a.tfstate", "st+tes/env-ab.tfstate", "sttes/env-a.tfstate"))
        .containsExactly("env-a");
  }

  @Test
  void allWorkspacesListTheKeyAndThePrefixAndNameEachWorkspace() {
    S3Keys keys = S3Keys.of("net.tfstate", List.of("all"), "env:");
    assertThat(keys.listings())
        .extracting(S3Keys.Listing::prefix)
        .containsExactly("net.tfstate", "env:/");
    assertThat(
            names(
                keys,
                "net.tfstate",
                "net.tfstate.backup",
                "env:/prod/net.tfstate",
                "env:/prod/x/net.tfstate"))
        .containsExactly("default", "prod");
  }

  @Test
  void allWorkspacesWithAGlobNameDocumentsByWorkspaceAndPath() {
    S3Keys keys = S3Keys.of("svc/*.tfstate", List.of("all"), "env:");
    assertThat(names(keys, "svc/api.tfstate", "env:/prod/svc/api.tfstate"))
        .containsExactly("api", "prod/api");
  }
}
