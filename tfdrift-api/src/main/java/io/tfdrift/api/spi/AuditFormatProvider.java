package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Adds an audit log format that tfdrift can read, e.g. Azure activity logs. Found by {@link
 * java.util.ServiceLoader} in tfdrift's class path and in jars in its {@code plugins/} directory;
 * tfdrift registers its own formats the same way ({@code cloudtrail}, {@code eventbridge}, {@code
 * gcp-audit}, and {@code falco} from tfdrift-falco).
 *
 * <pre>{@code
 * @AutoService(AuditFormatProvider.class)
 * public final class AzureActivityFormatProvider implements AuditFormatProvider {
 *   public String type() { return "azure-activity"; }
 *   public AuditFormat create(ComponentConfig config) { return new AzureActivityFormat(); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface AuditFormatProvider {

  /**
   * The format's name, for messages and {@code tfdrift plugins}; formats are offered objects in the
   * order of their names.
   *
   * @return e.g. {@code "cloudtrail"}, {@code "azure-activity"}
   */
  String type();

  /**
   * Creates the format.
   *
   * @param config the format's settings, {@code formats.<type>}; usually empty
   * @return the format
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  AuditFormat create(ComponentConfig config);
}
