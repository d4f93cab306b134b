package io.tfdrift.core.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tfdrift.api.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in table files of a provider in the jar: {@code io/tfdrift/core/mapping/<provider>/}
 * {@code catalog.txt} lists them, one YAML document per service.
 */
final class TableResources {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String ROOT = "io/tfdrift/core/mapping/";

  private TableResources() {}

  /** The file names the provider's catalogue lists, as resource paths, in catalogue order. */
  static List<String> files(String provider) {
    List<String> files = new ArrayList<>();
    String catalog = ROOT + provider + "/catalog.txt";
    try (InputStream in = open(catalog);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(l -> files.add(ROOT + provider + "/" + l));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Each file parsed as YAML, in the order given. */
  static List<Map<String, Object>> documents(List<String> files) {
    List<Map<String, Object>> docs = new ArrayList<>(files.size());
    for (String file : files) {
      try (InputStream in = open(file)) {
        docs.add(read(file, in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return docs;
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = TableResources.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("mapping table resource " + name + " is missing from the jar");
    }
    return in;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String file, InputStream in) {
    try {
      Map<String, Object> doc = YAML.readValue(in, Map.class);
      return doc == null ? Map.of() : doc;
    } catch (IOException e) {
      throw new ConfigException(file, "not valid YAML: " + e.getMessage());
    }
  }
}
