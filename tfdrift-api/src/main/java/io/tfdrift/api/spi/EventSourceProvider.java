package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;
import java.util.Map;

/**
 * Creates {@link EventSource}s of one type ({@code falco-http}, {@code falco-grpc}, {@code
 * gcp-pubsub}, {@code aws-sqs}, ...). Found by {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * @AutoService(EventSourceProvider.class)
 * public final class KafkaSourceProvider implements EventSourceProvider {
 *   public String type() { return "kafka"; }
 *   public EventSource create(ComponentConfig config) {
 *     return new KafkaSource(config.string("topic"), config.string("bootstrap_servers"));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface EventSourceProvider {

  /**
   * The type name used in configuration.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates a source from its configuration section.
   *
   * @param config the section
   * @return the source, not yet started
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  EventSource create(ComponentConfig config);

  /**
   * Creates a source that may read its messages in any installed audit format: the host calls this
   * one, with the audit formats of the class path and of every plugin jar (each in its own class
   * loader), so a source of third-party payloads (a Kafka topic carries whatever its producers
   * publish) reads the formats {@code tfdrift replay} reads files with. The default ignores them
   * and calls {@link #create(ComponentConfig)}.
   *
   * @param config the section
   * @param formats every installed audit format provider, by type
   * @return the source, not yet started
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   * @since 0.1.0
   */
  default EventSource create(ComponentConfig config, Map<String, AuditFormatProvider> formats) {
    return create(config);
  }
}
