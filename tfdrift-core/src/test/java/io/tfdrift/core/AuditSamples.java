package io.tfdrift.core;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.decode.GcpAuditDecoder;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real audit records under {@code src/test/resources/samples} (provenance in
 * shared/samples/README.md), decoded with the real decoders. Records come back as mutable deep
 * copies so that a test can derive a faithful variant (another caller, another value) from a real
 * record instead of building an event by hand.
 */
public final class AuditSamples {
  /** A user agent of the AWS CLI, i.e. a human changing things outside Terraform. */
  public static final String CLI_USER_AGENT =
      "aws-cli/2.13.5 Python/3.11.4 Linux/5.19.0-46-generic exe/x86_64.ubuntu.22 prompt/off"
          + " command/ec2.modify-instance-attribute";

  private static final CloudTrailDecoder CLOUDTRAIL = new CloudTrailDecoder();
  private static final GcpAuditDecoder GCP = new GcpAuditDecoder();

  private AuditSamples() {}

  /** The bytes of a test resource. */
  public static byte[] bytes(String resource) {
    try (InputStream in = AuditSamples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CloudTrail sample record, e.g. {@code ec2_RunInstances_1}, as a mutable tree. */
  public static Map<String, Object> record(String name) {
    return mutable(JsonTrees.parseObject(bytes("/samples/cloudtrail/" + name + ".json")));
  }

  /** One CloudTrail sample record decoded. */
  public static AuditEvent cloudTrail(String name) {
    return CLOUDTRAIL.decodeRecord(record(name));
  }

  /** A CloudTrail record tree decoded. */
  public static AuditEvent cloudTrail(Map<String, Object> record) {
    return CLOUDTRAIL.decodeRecord(record);
  }

  /**
   * A real record as the same call would look made by a person with the AWS CLI: only the user
   * agent changes, everything else (ids, caller, request) stays as recorded.
   */
  public static Map<String, Object> byCli(String name) {
    Map<String, Object> record = record(name);
    record.put("userAgent", CLI_USER_AGENT);
    return record;
  }

  /** The events of {@code cloudtrail/noise.json}, in file order. */
  public static List<AuditEvent> noise() {
    return CLOUDTRAIL.decode(JsonTrees.parseObject(bytes("/samples/cloudtrail/noise.json")));
  }

  /** The GCP entry with the given {@code insertId}, as a mutable tree. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> gcpEntry(String insertId) {
    String json = new String(bytes("/samples/gcp/audit.json"), StandardCharsets.UTF_8);
    for (Object entry : (List<Object>) JsonTrees.parseEmbedded(json)) {
      Map<String, Object> e = (Map<String, Object>) entry;
      if (insertId.equals(e.get("insertId"))) {
        return mutable(e);
      }
    }
    throw new IllegalArgumentException("no GCP sample " + insertId);
  }

  /** The GCP entry with the given {@code insertId}, decoded. */
  public static AuditEvent gcp(String insertId) {
    return GCP.decodeEntry(gcpEntry(insertId));
  }

  /** A GCP entry tree decoded. */
  public static AuditEvent gcp(Map<String, Object> entry) {
    return GCP.decodeEntry(entry);
  }

  /**
   * Sets a value at a dotted path ({@code requestParameters.instanceType}), creating objects on the
   * way; a {@code null} value removes the key.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> put(Map<String, Object> tree, String path, Object value) {
    String[] keys = path.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = node.get(keys[i]);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        node.put(keys[i], next);
      }
      node = (Map<String, Object>) next;
    }
    if (value == null) {
      node.remove(keys[keys.length - 1]);
    } else {
      node.put(keys[keys.length - 1], value);
    }
    return tree;
  }

  /** A store holding one state document under the given name. */
  public static StateStore store(String name, byte[] document) {
    StateStore store = new StateStore();
    RefreshResult result = store.refresh(name, new InMemoryStateBackend(name).set(document));
    if (result.outcome() != RefreshResult.Outcome.LOADED) {
      throw new IllegalStateException("state " + name + " did not load: " + result.message());
    }
    return store;
  }

  @SuppressWarnings("unchecked")
  public static <T> T mutable(T tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, mutable(v)));
      return (T) copy;
    }
    if (tree instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(mutable(v)));
      return (T) copy;
    }
    return tree;
  }
}
