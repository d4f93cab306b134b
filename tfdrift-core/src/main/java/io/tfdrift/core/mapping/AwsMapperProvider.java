package io.tfdrift.core.mapping;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;

/** The built-in AWS CloudTrail mapping tables, as mapper {@code aws}. */
@AutoService(ResourceMapperProvider.class)
public final class AwsMapperProvider implements ResourceMapperProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public AwsMapperProvider() {}

  @Override
  public String type() {
    return "aws";
  }

  @Override
  public ResourceMapper create(ComponentConfig config) {
    return new TableResourceMapper(BuiltInTables.of("aws"));
  }
}
