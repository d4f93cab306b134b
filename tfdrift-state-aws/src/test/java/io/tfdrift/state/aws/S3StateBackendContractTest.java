package io.tfdrift.state.aws;

import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.testkit.StateBackendContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class S3StateBackendContractTest extends StateBackendContractTest {
  private static final String BUCKET = "contract";
  private static final String KEY = "network/terraform.tfstate";
  private static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.signed();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Override
  protected StateBackendProvider provider() {
    return new S3StateBackendProvider();
  }

  @Override
  protected void store(byte[] document) {
    s3.put(BUCKET, KEY, document);
  }

  @Override
  protected Map<String, Object> config() {
    return s3.section(BUCKET, KEY);
  }

  @Override
  protected Map<String, Object> configOfMissingState() {
    return s3.section(BUCKET, "missing/terraform.tfstate");
  }
}
