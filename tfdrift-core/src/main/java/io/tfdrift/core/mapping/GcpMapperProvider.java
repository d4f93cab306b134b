package io.tfdrift.core.mapping;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;

/** The built-in GCP Cloud Audit Logs mapping tables, as mapper {@code gcp}. */
@AutoService(ResourceMapperProvider.class)
public final class GcpMapperProvider implements ResourceMapperProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public GcpMapperProvider() {}

  @Override
  public String type() {
    return "gcp";
  }

  @Override
  public ResourceMapper create(ComponentConfig config) {
    return new TableResourceMapper(BuiltInTables.of("gcp"));
  }
}
