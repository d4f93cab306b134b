package io.tfdrift.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The scale driver's workload, built from the demo's real CloudTrail records and state (the ones
 * {@code tfdrift demo} ships): {@code events} records spread over {@code accounts} accounts, and a
 * state of one EC2 instance per drift record, each in its record's account. Record {@code i}
 * carries event id {@link #eventId(int)}, so a notified drift names the record that caused it; each
 * drift record changes a different instance, so each is one drift notified once.
 *
 * <p>Mix: {@code driftPercent} % {@code ModifyInstanceAttribute} of an instance's type (state has
 * {@code t3.micro}, the call sets {@code t3.large} → {@code modified}); the rest in equal thirds: a
 * read-only {@code DescribeInstances}, Terraform's own {@code UpdateAssumeRolePolicy} (an apply,
 * never drift), and {@code ModifyInstanceAttribute disableApiTermination=true} on an instance whose
 * state says the same (matched, compared, in sync).
 */
final class ScaleRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEMO = "/io/tfdrift/runtime/demo/";
  private static final String DEMO_ACCOUNT = "111122223333";
  private static final String DEMO_INSTANCE = "i-0a1b2c3d4e5f60001";
  private static final String EVENT_ID_SLOT = "@EVENT_ID@";
  private static final String EVENT_ID_PREFIX = "00000000-0000-4000-8000-";

  /** What a record does to the engine. */
  enum Kind {
    DRIFT,
    READ_ONLY,
    TERRAFORM,
    IN_SYNC
  }

  private final int events;
  private final int driftPercent;
  private final int accounts;
  private final int drifts;
  private final String[] templates = new String[Kind.values().length];
  private final ObjectNode state;

  ScaleRecords(int events, int driftPercent, int accounts) {
    if (driftPercent < 1 || driftPercent > 100) {
      throw new IllegalArgumentException("--drift-percent must be 1-100, was " + driftPercent);
    }
    this.events = events;
    this.driftPercent = driftPercent;
    this.accounts = accounts;
    int d = 0;
    for (int i = 0; i < events; i++) {
      if (kind(i) == Kind.DRIFT) {
        d++;
      }
    }
    this.drifts = d;
    JsonNode records = read("cloudtrail.json").get("Records");
    templates[Kind.DRIFT.ordinal()] = named(records, "ModifyInstanceAttribute", "instanceType");
    templates[Kind.READ_ONLY.ordinal()] = named(records, "DescribeInstances", "");
    templates[Kind.TERRAFORM.ordinal()] = named(records, "UpdateAssumeRolePolicy", "");
    templates[Kind.IN_SYNC.ordinal()] =
        named(records, "ModifyInstanceAttribute", "disableApiTermination");
    this.state = (ObjectNode) read("terraform.tfstate");
  }

  int events() {
    return events;
  }

  /** The number of drift records, each one drift notified once. */
  int drifts() {
    return drifts;
  }

  /** Spreads drift records evenly: record {@code i} drifts when its percentile step crosses. */
  Kind kind(int i) {
    if ((i + 1) * (long) driftPercent / 100 != i * (long) driftPercent / 100) {
      return Kind.DRIFT;
    }
    return switch (i % 3) {
      case 0 -> Kind.READ_ONLY;
      case 1 -> Kind.TERRAFORM;
      default -> Kind.IN_SYNC;
    };
  }

  /** The account of record {@code i}: also the Kafka partition key. */
  String account(int i) {
    return accountOf(instanceOf(i));
  }

  /** Record {@code i} as CloudTrail JSON. */
  String record(int i) {
    int instance = instanceOf(i);
    return templates[kind(i).ordinal()]
        .replace(DEMO_INSTANCE, instanceId(instance))
        .replace(DEMO_ACCOUNT, accountOf(instance))
        .replace(EVENT_ID_SLOT, eventId(i));
  }

  /** Record {@code i} inside an EventBridge event, as an SQS queue subscribed to a rule gets it. */
  String eventBridge(int i) {
    try {
      ObjectNode detail = (ObjectNode) JSON.readTree(record(i));
      ObjectNode event = JSON.createObjectNode();
      event.put("version", "0");
      event.put("id", eventId(i));
      event.put("detail-type", "AWS API Call via CloudTrail");
      event.put("source", "aws." + detail.get("eventSource").asText().split("\\.")[0]);
      event.put("account", detail.get("recipientAccountId").asText());
      event.put("time", detail.get("eventTime").asText());
      event.put("region", detail.get("awsRegion").asText());
      event.set("resources", JSON.createArrayNode());
      event.set("detail", detail);
      return event.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo state with one copy of its instance per drift record, each in its account. */
  byte[] state() {
    ObjectNode copy = state.deepCopy();
    JsonNode instance = null;
    for (JsonNode r : copy.get("resources")) {
      if (r.get("type").asText().equals("aws_instance")) {
        instance = r;
      }
    }
    if (instance == null) {
      throw new IllegalStateException("the demo state has no aws_instance");
    }
    String text = instance.toString();
    ArrayNode resources = JSON.createArrayNode();
    for (int d = 0; d < Math.max(1, drifts); d++) {
      try {
        ObjectNode r =
            (ObjectNode)
                JSON.readTree(
                    text.replace(DEMO_INSTANCE, instanceId(d)).replace(DEMO_ACCOUNT, accountOf(d)));
        r.put("name", "web" + d);
        resources.add(r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    copy.set("resources", resources);
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The CloudTrail event id of record {@code i}. */
  static String eventId(int i) {
    return EVENT_ID_PREFIX + String.format(Locale.ROOT, "%012d", i);
  }

  /** The record number in an event id from {@link #eventId(int)}, or -1. */
  static int index(String eventId) {
    if (eventId == null || !eventId.startsWith(EVENT_ID_PREFIX)) {
      return -1;
    }
    return Integer.parseInt(eventId, EVENT_ID_PREFIX.length(), eventId.length(), 10);
  }

  /** Drift records change instance {@code d} (their ordinal); the others touch one of those. */
  private int instanceOf(int i) {
    return (int) ((long) i * driftPercent / 100) % Math.max(1, drifts);
  }

  private String accountOf(int instance) {
    return Long.toString(100_000_000_000L + (instance % accounts) * 1_111L);
  }

  private static String instanceId(int instance) {
    return String.format(Locale.ROOT, "i-0%016x", instance);
  }

  /** The compact text of the demo record with that name whose request names {@code parameter}. */
  private static String named(JsonNode records, String eventName, String parameter) {
    for (JsonNode r : records) {
      if (r.get("eventName").asText().equals(eventName)
          && (parameter.isEmpty() || r.at("/requestParameters/" + parameter).isObject())) {
        ObjectNode template = (ObjectNode) r.deepCopy();
        template.put("eventID", EVENT_ID_SLOT);
        template.put("requestID", EVENT_ID_SLOT);
        return template.toString();
      }
    }
    throw new IllegalStateException("the demo log has no " + eventName + " " + parameter);
  }

  private static JsonNode read(String name) {
    try (InputStream in = ScaleRecords.class.getResourceAsStream(DEMO + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the demo file " + name + " is missing from the runtime jar");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
