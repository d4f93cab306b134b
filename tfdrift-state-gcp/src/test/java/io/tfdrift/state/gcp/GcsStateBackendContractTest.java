package io.tfdrift.state.gcp;

import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.testkit.StateBackendContractTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class GcsStateBackendContractTest extends StateBackendContractTest {
  private static final String BUCKET = "contract";
  private static FakeGcs gcs;

  @BeforeAll
  static void start() throws Exception {
    gcs = new FakeGcs();
    gcs.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  static Map<String, Object> section(FakeGcs gcs, String bucket, String key, String value) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("backend", "gcs");
    values.put("gcs_bucket", bucket);
    values.put(key, value);
    values.put("endpoint", gcs.endpoint().toString());
    values.put("anonymous", true);
    values.put("max_attempts", 2);
    return values;
  }

  @Override
  protected StateBackendProvider provider() {
    return new GcsStateBackendProvider();
  }

  @Override
  protected void store(byte[] document) {
    gcs.put(BUCKET, "network/default.tfstate", document);
  }

  @Override
  protected Map<String, Object> config() {
    return section(gcs, BUCKET, "gcs_object", "network/default.tfstate");
  }

  @Override
  protected Map<String, Object> configOfMissingState() {
    return section(gcs, BUCKET, "gcs_object", "network/missing.tfstate");
  }
}
