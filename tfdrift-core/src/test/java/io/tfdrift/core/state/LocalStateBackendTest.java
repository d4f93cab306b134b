package io.tfdrift.core.state;

import static io.tfdrift.core.state.StateFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.state.RefreshResult.Outcome;
import io.tfdrift.testkit.StateFetches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateBackendTest {

  private static final String KEY = "providers.aws.state";

  @TempDir Path dir;

  private static StateBackend backend(String localPath) {
    return new LocalStateBackendProvider()
        .create(ConfigSection.of(KEY, Map.of("local_path", localPath)));
  }

  private Path write(String name, String fixture) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes(fixture));
    return file;
  }

  @Test
  void serviceLoaderFindsTheLocalProvider() {
    assertThat(ServiceLoader.load(StateBackendProvider.class))
        .extracting(StateBackendProvider::type)
        .contains("local");
  }

  @Test
  void readsASingleFileAsTheDefaultWorkspace() throws Exception {
    Path file = write("terraform.tfstate", "aws-prod.tfstate");

    StateFetch fetch = backend(file.toString()).fetch("");

    assertThat(fetch).isInstanceOf(StateFetch.Changed.class);
    assertThat(StateFetches.changed(fetch).documents())
        .singleElement()
        .satisfies(
            document -> {
              assertThat(document.workspace()).isEqualTo("default");
              assertThat(document.location()).isEqualTo(file.toAbsolutePath().toString());
              assertThat(document.content()).isEqualTo(bytes("aws-prod.tfstate"));
            });
  }

  @Test
  void reportsUnchangedWhenFileDidNotChange() throws Exception {
    Path file = write("terraform.tfstate", "aws-prod.tfstate");
    StateBackend backend = backend(file.toString());
    String version = backend.fetch("").version();

    StateFetch again = backend.fetch(version);

    assertThat(again).isInstanceOf(StateFetch.Unchanged.class);
    assertThat(again.version()).isEqualTo(version);
  }

  @Test
  void rereadsWhenTheFileChanges() throws Exception {
    Path file = write("terraform.tfstate", "aws-prod.tfstate");
    StateBackend backend = backend(file.toString());
    String version = backend.fetch("").version();
    write("terraform.tfstate", "gcp-prod.tfstate");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    StateFetch changed = backend.fetch(version);

    assertThat(changed).isInstanceOf(StateFetch.Changed.class);
    assertThat(changed.version()).isNotEqualTo(version);
    assertThat(StateFetches.changed(changed).documents().get(0).content())
        .isEqualTo(bytes("gcp-prod.tfstate"));
  }

  @Test
  void readsEveryTfstateFileInADirectoryAsAWorkspace() throws Exception {
    write("prod.tfstate", "aws-prod.tfstate");
    write("staging.tfstate", "gcp-prod.tfstate");
    write("prod.tfstate.backup", "aws-prod.tfstate");
    write("notes.txt", "empty.tfstate");

    StateFetch fetch = backend(dir.toString()).fetch("");

    assertThat(StateFetches.changed(fetch).documents())
        .extracting(StateDocument::workspace)
        .containsExactly("prod", "staging");
  }

  @Test
  void readsTheFilesAGlobMatches() throws Exception {
    write("states/network.tfstate", "aws-prod.tfstate");
    write("states/compute.tfstate", "gcp-prod.tfstate");
    write("states/old/ignored.tfstate", "empty.tfstate");
    write("envs/a/terraform.tfstate", "empty.tfstate");
    write("envs/b/terraform.tfstate", "empty.tfstate");

    StateFetch flat = backend(dir + "/states/*.tfstate").fetch("");
    StateFetch nested = backend(dir + "/envs/*/terraform.tfstate").fetch("");

    assertThat(StateFetches.changed(flat).documents())
        .extracting(StateDocument::workspace)
        .containsExactly("compute", "network");
    assertThat(StateFetches.changed(nested).documents())
        .extracting(StateDocument::workspace)
        .containsExactly("a/terraform", "b/terraform");
  }

  @Test
  void rejectsAMissingFileNamingTheAbsolutePathAndTheConfigKey() {
    Path missing = dir.resolve("nope.tfstate");

    assertThatThrownBy(() -> backend(missing.toString()).fetch(""))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("check providers.aws.state.local_path");
  }

  @Test
  void rejectsADirectoryWithoutStateFiles() {
    assertThatThrownBy(() -> backend(dir.toString()).fetch(""))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("contains no *.tfstate file")
        .hasMessageContaining("providers.aws.state.local_path");
  }

  @Test
  void rejectsAGlobMatchingNothing() {
    assertThatThrownBy(() -> backend(dir + "/*.tfstate").fetch(""))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("matches no file");
  }

  @Test
  void defaultsToTerraformTfstateInTheWorkingDirectory() {
    StateBackend backend = new LocalStateBackendProvider().create(ConfigSection.of(KEY, Map.of()));

    assertThat(backend.location())
        .isEqualTo(Path.of("terraform.tfstate").toAbsolutePath().normalize().toString());
  }

  @Test
  void rejectsAnEmptyLocalPathNamingTheKey() {
    assertThatThrownBy(
            () ->
                new LocalStateBackendProvider()
                    .create(ConfigSection.of(KEY, Map.of("local_path", " "))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.aws.state.local_path");
  }

  @Test
  void keepsLastGoodIndexWhenTheFileBecomesMalformed() throws Exception {
    Path file = write("terraform.tfstate", "aws-prod.tfstate");
    StateBackend backend = backend(file.toString());
    StateStore store = new StateStore();
    store.refresh("prod", backend);
    write("terraform.tfstate", "malformed.tfstate");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    RefreshResult failed = store.refresh("prod", backend);
    RefreshResult unchanged = store.refresh("prod", backend);

    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.message()).contains(file.toString(), "malformed JSON at line 15");
    // The bad version was not recorded: the file is read and reported again until it is fixed.
    assertThat(unchanged.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(store.index().lookup("aws_instance", "i-0123456789abcdef0"))
        .extracting(io.tfdrift.api.ManagedResource::address)
        .isEqualTo("aws_instance.web[0]");
  }

  @Test
  void reportsUnchangedThroughTheStoreWhenTheFileDidNotChange() throws Exception {
    Path file = write("terraform.tfstate", "aws-prod.tfstate");
    StateBackend backend = backend(file.toString());
    StateStore store = new StateStore();

    RefreshResult first = store.refresh("prod", backend);
    RefreshResult second = store.refresh("prod", backend);

    assertThat(first.outcome()).isEqualTo(Outcome.LOADED);
    assertThat(second.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(second.resources()).isEqualTo(11);
  }
}
