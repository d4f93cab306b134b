package io.tfdrift.core.secrets;

import io.tfdrift.api.spi.SecretResolverProvider;
import io.tfdrift.testkit.SecretResolverContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@code file} scheme against real files, as a mounted Kubernetes secret looks. */
class FileSecretResolverContractTest extends SecretResolverContractTest {
  @TempDir Path dir;

  @Override
  protected SecretResolverProvider provider() {
    return new FileSecretResolverProvider();
  }

  @Override
  protected String store(String value) throws Exception {
    return Files.writeString(dir.resolve("token"), value + "\n").toString();
  }

  @Override
  protected String missingReference() {
    return dir.resolve("missing-token").toString();
  }
}
