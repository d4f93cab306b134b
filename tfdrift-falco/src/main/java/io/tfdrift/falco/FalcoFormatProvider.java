package io.tfdrift.falco;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;

/**
 * Audit format {@code falco}: Falco alert JSON ({@code json_output}), one alert per line, as
 * written by Falco's file or stdout output, for {@code tfdrift replay}.
 */
@AutoService(AuditFormatProvider.class)
public final class FalcoFormatProvider implements AuditFormatProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public FalcoFormatProvider() {}

  @Override
  public String type() {
    return FalcoAlertDecoder.FORMAT;
  }

  @Override
  public AuditFormat create(ComponentConfig config) {
    return new FalcoAlertDecoder();
  }
}
