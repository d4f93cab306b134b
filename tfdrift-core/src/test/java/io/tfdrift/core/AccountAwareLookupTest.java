package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stratus Red Team creates resources with the same names in every account it detonates in: the role
 * {@code stratus-red-team-backdoor-r-role} in 123837392027 (invictus-ir/aws_dataset) and
 * 751203476945 (Stratus' published logs), the DB snapshot {@code exfiltration} in 123837392027 and
 * 171471557522. The real states of both accounts are loaded together; each real record must find
 * the instance of its own account, which the first state loaded used to answer for both.
 */
class AccountAwareLookupTest {
  private static final Path REAL = Path.of("src/test/resources/real/aws");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "iam_UpdateAssumeRolePolicy_2, 123837392027, invictus-iam-backdoor-role",
    "iam_UpdateAssumeRolePolicy_3, 751203476945, stratus-iam-backdoor-role",
    "rds_ModifyDBSnapshotAttribute_1, 123837392027, invictus-rds-share-snapshot",
    "rds_ModifyDBSnapshotAttribute_3, 171471557522, stratus-rds-share-snapshot",
  })
  void aRecordFindsTheNamesakeOfItsOwnAccount(String record, String account, String state)
      throws IOException {
    StateStore store = new StateStore(CLOCK);
    // Both accounts' states, in both orders: the answer must not depend on which loaded first.
    for (List<String> order :
        List.of(
            List.of("invictus-iam-backdoor-role", "stratus-iam-backdoor-role"),
            List.of("stratus-iam-backdoor-role", "invictus-iam-backdoor-role"))) {
      for (String name : order) {
        load(store, name);
      }
      load(store, "invictus-rds-share-snapshot");
      load(store, "stratus-rds-share-snapshot");
      TfDrift engine =
          TfDrift.builder()
              .states(store)
              .mappers(Samples.mappers())
              .rules(EngineSettings.defaultRules())
              .clock(CLOCK)
              .build();
      var decoded = RealCorpusTest.decode(REAL.resolve("records").resolve(record + ".json"));

      List<DriftEvent> drift = engine.process(decoded.events().get(0)).drift();

      assertThat(decoded.events().get(0).accountId()).isEqualTo(account);
      assertThat(drift)
          .singleElement()
          .satisfies(d -> assertThat(d.resource().state()).isEqualTo(state));
      store = new StateStore(CLOCK);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"aws_iam_role, stratus-red-team-backdoor-r-role", "aws_db_snapshot, exfiltration"})
  void aLookupWithoutAnAccountAnswersAndAThirdAccountFindsNothing(String type, String id)
      throws IOException {
    StateStore store = new StateStore(CLOCK);
    for (String name :
        List.of(
            "invictus-iam-backdoor-role",
            "stratus-iam-backdoor-role",
            "invictus-rds-share-snapshot",
            "stratus-rds-share-snapshot")) {
      load(store, name);
    }
    StateIndex index = store.index();

    ManagedResource any = index.lookup(type, id);
    ManagedResource unknown = index.lookup(type, id, "");
    ManagedResource third = index.lookup(type, id, "999999999999");

    assertThat(any).isNotNull();
    assertThat(unknown).isSameAs(any);
    assertThat(third).as("a namesake in an account no state covers is another resource").isNull();
    assertThat(index.ambiguousIdentifiers()).isZero();
  }

  @Test
  void aRecordFromAnAccountNoStateCoversIsUnmanagedNotItsNamesakesDrift() throws IOException {
    StateStore store = new StateStore(CLOCK);
    load(store, "invictus-iam-backdoor-role");
    TfDrift engine =
        TfDrift.builder()
            .states(store)
            .mappers(Samples.mappers())
            .rules(EngineSettings.defaultRules())
            .clock(CLOCK)
            .build();
    // Stratus' published detonation in 751203476945 changes its own backdoor role; only the
    // namesake of 123837392027 is loaded.
    var decoded =
        RealCorpusTest.decode(REAL.resolve("records").resolve("iam_UpdateAssumeRolePolicy_3.json"));

    List<DriftEvent> drift = engine.process(decoded.events().get(0)).drift();

    assertThat(drift)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(DriftKind.UNMANAGED);
              assertThat(d.resource().state()).isEmpty();
            });
  }

  @Test
  void aStateThatNamesNoAccountMatchesACallFromAnyAccount() {
    StateIndex index =
        index(
            TerraformStates.builder()
                .resource("aws_iam_role", "ci", Map.of("id", "ci", "name", "ci"))
                .build());

    assertThat(index.lookup("aws_iam_role", "ci", "751203476945")).isNotNull();
  }

  @Test
  void anArnMatchesInAnyAccountForItNamesItsOwn() {
    String arn = "arn:aws:iam::123837392027:role/ci";
    StateIndex index =
        index(
            TerraformStates.builder()
                .resource("aws_iam_role", "ci", Map.of("id", "ci", "name", "ci", "arn", arn))
                .build());

    assertThat(index.lookup("aws_iam_role", arn, "751203476945"))
        .as("a cross-account call names the role by its ARN")
        .isNotNull();
    assertThat(index.lookup("aws_iam_role", "ci", "751203476945")).isNull();
    assertThat(index.lookup("aws_iam_role", "ci", "123837392027")).isNotNull();
  }

  @Test
  void aGcpProjectNumberIsNotComparedWithAProjectId() {
    StateIndex index =
        index(
            TerraformStates.builder()
                .resource(
                    "google_storage_bucket",
                    "logs",
                    Map.of("id", "acme-logs", "name", "acme-logs", "project", "acme-prod"))
                .build());

    assertThat(index.lookup("google_storage_bucket", "acme-logs", "acme-staging")).isNull();
    assertThat(index.lookup("google_storage_bucket", "acme-logs", "acme-prod")).isNotNull();
    assertThat(index.lookup("google_storage_bucket", "acme-logs", "402937151386"))
        .as("a project number may be acme-prod's")
        .isNotNull();
  }

  private static StateIndex index(byte[] state) {
    StateStore store = new StateStore(CLOCK);
    store.refresh("prod", new InMemoryStateBackend("default").set(state));
    return store.index();
  }

  private static void load(StateStore store, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(REAL.resolve("states").resolve(name + ".tfstate"));
    store.refresh(name, new InMemoryStateBackend("default").set(bytes));
  }
}
