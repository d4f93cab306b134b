package io.tfdrift.falco;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.falco.grpc.FalcoGrpcSourceProvider;
import io.tfdrift.falco.http.FalcoHttpSourceProvider;
import java.util.Locale;

/**
 * Source {@code falco}: the {@code falco} section of the configuration, as upstream's documents
 * write it. Its {@code transport} ({@code http}, the default, or {@code grpc}) chooses the source:
 * {@code falco-http} receives Falco's {@code http_output}, {@code falco-grpc} subscribes to its
 * gRPC outputs. The section holds the keys of both, as upstream configurations do; the other
 * transport's keys are accepted and left unused.
 *
 * <pre>{@code
 * falco:
 *   enabled: true
 *   transport: http
 *   listen: ":8765"
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class FalcoSourceProvider implements EventSourceProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public FalcoSourceProvider() {}

  @Override
  public String type() {
    return "falco";
  }

  @Override
  public EventSource create(ComponentConfig config) {
    String transport = config.string("transport", "http").toLowerCase(Locale.ROOT);
    switch (transport) {
      case "http" -> {
        config.string("hostname", "");
        config.integer("port", FalcoGrpcSourceProvider.DEFAULT_PORT);
        return new FalcoHttpSourceProvider().create(config);
      }
      case "grpc" -> {
        config.string("listen", FalcoHttpSourceProvider.DEFAULT_LISTEN);
        config.optionalSecret("auth_token");
        return new FalcoGrpcSourceProvider().create(config);
      }
      default -> throw config.invalid("transport", "'" + transport + "'; use one of http, grpc");
    }
  }
}
