package com.example.tfdrift.apprunner;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;

/**
 * The {@code apprunner} mapper: AWS App Runner calls (which tfdrift's built-in tables do not cover)
 * to {@code aws_apprunner_*} resources. Every discovered mapper is used; no configuration is
 * needed.
 */
public final class AppRunnerMapperProvider implements ResourceMapperProvider {

  /**
   * Found by ServiceLoader through {@code
   * META-INF/services/io.tfdrift.api.spi.ResourceMapperProvider}.
   */
  public AppRunnerMapperProvider() {}

  @Override
  public String type() {
    return "apprunner";
  }

  @Override
  public ResourceMapper create(ComponentConfig config) {
    return new AppRunnerMapper();
  }
}
