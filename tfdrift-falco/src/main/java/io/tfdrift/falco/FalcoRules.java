package io.tfdrift.falco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Falco rules files tfdrift ships, one per plugin ({@code tfdrift falco-rules --plugin NAME}
 * prints one): each selects mutating, successful calls, outputs every field {@link
 * FalcoAlertDecoder} reads and declares the plugin versions it needs ({@code
 * required_plugin_versions}), so Falco names a missing or old plugin instead of refusing a field.
 *
 * <pre>{@code
 * String yaml = FalcoRules.text("cloudtrail");
 * }</pre>
 */
public final class FalcoRules {

  /** The plugins a rules file exists for, in the order {@code falco-rules} lists them. */
  public static final List<String> PLUGINS = List.of("cloudtrail", "gcpaudit");

  private FalcoRules() {}

  /**
   * The class path resource holding one plugin's rules.
   *
   * @param plugin one of {@link #PLUGINS}
   * @return the resource path
   * @throws IllegalArgumentException for another plugin, naming the known ones
   */
  public static String resource(String plugin) {
    if (!PLUGINS.contains(plugin)) {
      throw new IllegalArgumentException(
          "no tfdrift rules for Falco plugin '"
              + plugin
              + "'; known plugins: "
              + String.join(", ", PLUGINS));
    }
    return "/io/tfdrift/falco/rules/tfdrift_" + plugin + "_rules.yaml";
  }

  /**
   * The file name to install one plugin's rules under, e.g. {@code tfdrift_cloudtrail_rules.yaml}.
   *
   * @param plugin one of {@link #PLUGINS}
   * @return the file name
   */
  public static String fileName(String plugin) {
    String resource = resource(plugin);
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  /**
   * One plugin's rules file.
   *
   * @param plugin one of {@link #PLUGINS}
   * @return the YAML text
   * @throws IllegalArgumentException for another plugin, naming the known ones
   */
  public static String text(String plugin) {
    String resource = resource(plugin);
    try (InputStream in = FalcoRules.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the tfdrift-falco jar lacks " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
