package io.tfdrift.core.decode;

import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real audit records under {@code src/test/resources/samples} (see shared/samples/README). */
final class Samples {

  private Samples() {}

  static Path path(String name) {
    URL url = Samples.class.getResource("/samples/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no sample " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CloudTrail record file, e.g. {@code ec2_RunInstances_1}. */
  static Map<String, Object> cloudTrail(String name) {
    return JsonTrees.parseObject(bytes("cloudtrail/" + name + ".json"));
  }

  /** The records of a {@code {"Records":[...]}} sample, e.g. {@code noise}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cloudTrailRecords(String name) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object record :
        (List<Object>)
            JsonTrees.parseObject(bytes("cloudtrail/" + name + ".json")).get("Records")) {
      records.add((Map<String, Object>) record);
    }
    return records;
  }

  /** The GCP entries of {@code gcp/audit.json}, in file order. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> gcpEntries() {
    String json = new String(bytes("gcp/audit.json"), StandardCharsets.UTF_8);
    return (List<Map<String, Object>>) JsonTrees.parseEmbedded(json);
  }

  /** The GCP entry with the given {@code insertId}. */
  static Map<String, Object> gcpEntry(String insertId) {
    return gcpEntries().stream()
        .filter(entry -> insertId.equals(entry.get("insertId")))
        .findFirst()
        .orElseThrow();
  }

  /** All single-record CloudTrail sample names ({@code ec2_RunInstances_1}, ...). */
  static List<String> cloudTrailNames() {
    try (var files = Files.list(path("cloudtrail"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches(".*_\\d+\\.json"))
          .map(name -> name.substring(0, name.length() - ".json".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of a tree with one top-level key replaced (or removed when {@code value} is null). */
  static Map<String, Object> with(Map<String, Object> tree, String key, Object value) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(tree);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }
}
