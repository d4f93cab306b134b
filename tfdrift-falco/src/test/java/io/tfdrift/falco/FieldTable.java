package io.tfdrift.falco;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One plugin version's field table, read from {@code plugin-fields/<plugin>-<version>.tsv} (see
 * {@code extract_fields.py} there).
 *
 * @param plugin the plugin name, e.g. {@code cloudtrail}
 * @param version its version, e.g. {@code 0.17.1}
 * @param fields field name → argument syntax ({@code none}, {@code key,required}, ...)
 */
record FieldTable(String plugin, String version, Map<String, String> fields) {

  static FieldTable read(String file) {
    String text = FalcoFixtures.resource("plugin-fields/" + file);
    String plugin = "";
    String version = "";
    Map<String, String> fields = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (line.startsWith("# plugin: ")) {
        plugin = line.substring("# plugin: ".length()).trim();
      } else if (line.startsWith("# version: ")) {
        version = line.substring("# version: ".length()).trim();
      } else if (!line.startsWith("#") && !line.isBlank()) {
        String[] columns = line.split("\t");
        fields.put(columns[0], columns[2]);
      }
    }
    return new FieldTable(plugin, version, fields);
  }

  /** Every vendored table of a plugin whose version is at least {@code minimum}. */
  static List<FieldTable> accepted(String plugin, String minimum) {
    List<FieldTable> tables = new ArrayList<>();
    for (String file : FalcoFixtures.resource("plugin-fields/index.txt").lines().toList()) {
      if (file.isBlank()) {
        continue;
      }
      FieldTable table = read(file.trim());
      if (table.plugin.equals(plugin) && compare(table.version, minimum) >= 0) {
        tables.add(table);
      }
    }
    if (tables.stream().noneMatch(t -> t.version.equals(minimum))) {
      throw new IllegalStateException(
          "no field table for " + plugin + " " + minimum + " under plugin-fields/; vendor it");
    }
    return tables;
  }

  /**
   * The problems with one use of a field ({@code name} or {@code name[arg]}): every accepted table
   * of the plugin that owns the name must have it, with an argument exactly when the table says.
   */
  static List<String> check(String use, List<FieldTable> tables) {
    int bracket = use.indexOf('[');
    String name = bracket < 0 ? use : use.substring(0, bracket);
    boolean hasArg = bracket >= 0;
    List<String> problems = new ArrayList<>();
    boolean owned = false;
    for (FieldTable table : tables) {
      String arg = table.fields.get(name);
      boolean ownsPrefix =
          table.fields.keySet().stream().anyMatch(f -> prefix(f).equals(prefix(name)));
      if (!ownsPrefix) {
        continue;
      }
      owned = true;
      String where = table.plugin + " " + table.version;
      if (arg == null) {
        problems.add(use + ": no such field in " + where);
      } else if (hasArg && arg.equals("none")) {
        problems.add(use + ": " + name + " takes no argument in " + where);
      } else if (!hasArg && arg.endsWith(",required")) {
        problems.add(use + ": " + name + " needs an argument (" + arg + ") in " + where);
      }
    }
    if (!owned) {
      problems.add(use + ": no required plugin has fields named " + prefix(name) + ".*");
    }
    return problems;
  }

  private static String prefix(String field) {
    int dot = field.indexOf('.');
    return dot < 0 ? field : field.substring(0, dot);
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int d =
          Integer.compare(
              i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }
}
