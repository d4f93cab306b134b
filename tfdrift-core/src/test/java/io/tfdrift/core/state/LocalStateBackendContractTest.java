package io.tfdrift.core.state;

import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.testkit.StateBackendContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The {@code local} backend keeps the state backend contract against real files. */
class LocalStateBackendContractTest extends StateBackendContractTest {
  @TempDir Path dir;
  private int writes;

  @Override
  protected StateBackendProvider provider() {
    return new LocalStateBackendProvider();
  }

  @Override
  protected void store(byte[] document) throws Exception {
    Path file = dir.resolve("terraform.tfstate");
    Files.write(file, document);
    // Two writes within the file system's timestamp resolution must still differ.
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + 1000L * ++writes));
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("local_path", dir.resolve("terraform.tfstate").toString());
  }

  @Override
  protected Map<String, Object> configOfMissingState() {
    return Map.of("local_path", dir.resolve("missing.tfstate").toString());
  }
}
