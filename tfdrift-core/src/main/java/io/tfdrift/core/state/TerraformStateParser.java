package io.tfdrift.core.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses Terraform state format version 4 (Terraform 0.12 and later, OpenTofu) into a {@link
 * ParsedState}.
 *
 * <p>The document is read with a streaming parser, one resource at a time, so a state with tens of
 * thousands of instances costs little more memory than the attribute trees it yields. Fields may
 * come in any order. Data sources are counted, not kept; deposed objects are skipped; tainted
 * objects are kept, because they still exist in the cloud. Attribute values are kept unmasked:
 * {@link ManagedResource#sensitive()} names the attributes to mask on output.
 *
 * <pre>{@code
 * ParsedState state = TerraformStateParser.parse("prod-network", document);
 * }</pre>
 *
 * <p>Errors name the document's location and the fix. They never quote the document's content,
 * which may hold secrets.
 */
public final class TerraformStateParser {

  /** The only state format version read. */
  public static final int SUPPORTED_VERSION = 4;

  private static final Logger log = LoggerFactory.getLogger(TerraformStateParser.class);

  // Source content in error locations would leak state values (passwords) into messages and logs.
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private TerraformStateParser() {}

  /**
   * Parses one state document.
   *
   * @param stateName the name its resources are recorded under, e.g. {@code prod-network}
   * @param document the fetched document
   * @return the parsed state
   * @throws StateException if the document is not valid JSON, not a version 4 state, or corrupt;
   *     the message names {@link StateDocument#location()}, what was found and the fix
   */
  public static ParsedState parse(String stateName, StateDocument document) throws StateException {
    String location = document.location();
    try (JsonParser parser = JSON.createParser(document.content())) {
      ParsedState state = new DocumentReader(stateName, document, parser).read();
      log.debug(
          "Parsed state {} from {}: {} managed instances, {} data source instances, serial {}",
          stateName,
          location,
          state.managed().size(),
          state.dataSources(),
          state.serial());
      return state;
    } catch (JsonParseException e) {
      throw malformed(location, e);
    } catch (JsonProcessingException e) {
      // Stream constraint violations (a huge string or number, too deep nesting): no content.
      throw new StateException(
          location
              + ": the state exceeds the JSON parser's limits ("
              + e.getOriginalMessage()
              + "); it is not a state Terraform would write");
    } catch (IOException e) {
      throw new StateException(location + ": cannot read the state: " + e.getMessage(), e);
    } catch (NumberFormatException e) {
      // A number such as 2E222222222 that no BigDecimal holds (found by TerraformStateFuzzTest).
      // Its text is not repeated: it is a value of the state.
      throw new StateException(
          location
              + ": a number in the state is beyond what the JSON parser can represent; it is not a"
              + " state Terraform would write");
    }
  }

  // The cause is deliberately not chained: Jackson's message quotes the offending token.
  private static StateException malformed(String location, JsonParseException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what =
        e instanceof JsonEOFException
            ? "unexpected end of input (the file is truncated)"
            : "invalid JSON syntax";
    return new StateException(
        location
            + ": malformed JSON"
            + where
            + ": "
            + what
            + "; the state must be a complete Terraform state file as written by"
            + " `terraform state pull`");
  }

  /** Reads one document; holds the per-document counters. */
  private static final class DocumentReader {
    private final String stateName;
    private final StateDocument document;
    private final JsonParser parser;
    private final List<ManagedResource> managed = new ArrayList<>();
    private final Map<String, Set<String>> attributeNames = new HashMap<>();
    private Long version;
    private String terraformVersion = "";
    private String lineage = "";
    private long serial;
    private int dataSources;
    private int deposed;

    DocumentReader(String stateName, StateDocument document, JsonParser parser) {
      this.stateName = stateName;
      this.document = document;
      this.parser = parser;
    }

    ParsedState read() throws IOException, StateException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw problem("the document is empty; expected a Terraform state (a JSON object)");
      }
      if (first != JsonToken.START_OBJECT) {
        throw problem(
            "the document is a JSON "
                + describe(first)
                + ", not a Terraform state (a JSON object)");
      }
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        parser.nextToken();
        readTopLevelField(field);
      }
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw problem(
            "malformed JSON at line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + ": content after the state's closing brace; the file holds more than one"
                + " state or was written twice");
      }
      if (version == null) {
        throw problem(
            "no \"version\" field, so this is not a Terraform state file; expected a JSON object"
                + " with \"version\": 4, as written by Terraform 0.12+ (`terraform state pull`)");
      }
      return new ParsedState(
          stateName,
          document.workspace(),
          document.location(),
          serial,
          lineage,
          terraformVersion,
          managed,
          dataSources,
          deposed,
          knownAttributeNames());
    }

    private void readTopLevelField(String field) throws IOException, StateException {
      switch (field) {
        case "version" -> readVersion();
        case "terraform_version" -> terraformVersion = scalarText();
        case "lineage" -> lineage = scalarText();
        case "serial" -> serial = longValue();
        case "resources" -> readResources();
        case "modules" -> readModules();
        case "encrypted_data", "encryption_version" ->
            throw problem(
                "the state is encrypted (OpenTofu state encryption); TFDrift reads plain state:"
                    + " point the backend at an unencrypted copy or disable state encryption");
        default -> parser.skipChildren();
      }
    }

    // "modules" is the version 3 layout; a version 4 state that also carries it is still read.
    private void readModules() throws IOException, StateException {
      if (version == null) {
        throw unsupportedVersion("3 (a \"modules\" list instead of \"resources\")");
      }
      parser.skipChildren();
    }

    private void readVersion() throws IOException, StateException {
      JsonToken token = parser.currentToken();
      if (token != JsonToken.VALUE_NUMBER_INT) {
        parser.skipChildren();
        throw problem(
            "\"version\" is a JSON "
                + describe(token)
                + ", not the number 4; this is not a Terraform state file as written by Terraform"
                + " 0.12+ (`terraform state pull`)");
      }
      version = parser.getLongValue();
      if (version != SUPPORTED_VERSION) {
        throw unsupportedVersion(parser.getText());
      }
    }

    private StateException unsupportedVersion(String found) {
      long number = parseLong(found);
      if (number > SUPPORTED_VERSION) {
        return problem(
            "state format version "
                + found
                + " is newer than the version 4 this TFDrift reads; upgrade TFDrift, or write the"
                + " state with a Terraform version that uses format 4 (0.12 to 1.x)");
      }
      return problem(
          "state format version "
              + found
              + " is not supported; TFDrift reads format version 4, written by Terraform 0.12 and"
              + " later. Upgrade the state with Terraform 0.12+: run `terraform init` then"
              + " `terraform apply` (or `terraform state pull > upgraded.tfstate`, which prints it"
              + " as version 4) and point the backend at the upgraded state");
    }

    private void readResources() throws IOException, StateException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw problem(
            "\"resources\" is a JSON " + describe(parser.currentToken()) + ", not a list");
      }
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
          throw problem("resources[" + index + "] is not a JSON object; the state is corrupt");
        }
        readResource(index++);
      }
    }

    private void readResource(int index) throws IOException, StateException {
      String module = "";
      String mode = "managed";
      String type = null;
      String name = null;
      List<Instance> instances = List.of();
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        parser.nextToken();
        switch (field) {
          case "module" -> module = scalarText();
          case "mode" -> mode = scalarText();
          case "type" -> type = scalarText();
          case "name" -> name = scalarText();
          case "instances" -> instances = readInstances("data".equals(mode), index);
          default -> parser.skipChildren();
        }
      }
      if (type == null || type.isEmpty() || name == null || name.isEmpty()) {
        throw problem(
            "resources[" + index + "] has no \"type\" or no \"name\"; the state is corrupt");
      }
      if ("data".equals(mode)) {
        dataSources += instances.size();
        return;
      }
      for (Instance instance : instances) {
        if (!instance.deposed().isEmpty()) {
          deposed++;
          continue;
        }
        managed.add(toResource(module, type, name, instance));
        noteAttributeNames(type, instance);
      }
    }

    private List<Instance> readInstances(boolean dataSource, int resourceIndex)
        throws IOException, StateException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw problem("resources[" + resourceIndex + "].instances is not a list");
      }
      List<Instance> instances = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
          throw problem(
              "resources[" + resourceIndex + "].instances has an element that is not an object");
        }
        // Data sources are only counted: their attributes are never compared.
        instances.add(dataSource ? skipInstance() : readInstance());
      }
      return instances;
    }

    private Instance skipInstance() throws IOException {
      parser.skipChildren();
      return Instance.SKIPPED;
    }

    private Instance readInstance() throws IOException {
      Object indexKey = null;
      String deposedKey = "";
      Map<String, Object> attributes = null;
      Map<String, Object> flat = null;
      Set<String> sensitive = Set.of();
      Set<String> nullMembers = null;
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        parser.nextToken();
        switch (field) {
          case "index_key" -> indexKey = JsonTrees.readValue(parser);
          case "deposed" -> deposedKey = scalarText();
          case "attributes" -> {
            nullMembers = new HashSet<>();
            attributes = objectValue(nullMembers);
          }
          case "attributes_flat" -> flat = objectValue();
          case "sensitive_attributes" ->
              sensitive = SensitiveAttributes.topLevelNames(JsonTrees.readValue(parser));
          default -> parser.skipChildren();
        }
      }
      if (attributes == null) {
        attributes = flat == null ? Map.of() : topLevelOfFlat(flat);
        nullMembers = null;
      }
      return new Instance(indexKey, deposedKey, attributes, sensitive, nullMembers);
    }

    private Map<String, Object> objectValue() throws IOException {
      return objectValue(null);
    }

    private Map<String, Object> objectValue(Set<String> nullMembers) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        parser.skipChildren();
        return null;
      }
      return nullMembers == null
          ? JsonTrees.readObject(parser)
          : JsonTrees.readObject(parser, nullMembers);
    }

    private Map<String, Set<String>> knownAttributeNames() {
      Map<String, Set<String>> known = new HashMap<>();
      attributeNames.forEach(
          (type, names) -> {
            if (names != UNKNOWN_NAMES) {
              known.put(type, Set.copyOf(names));
            }
          });
      return known;
    }

    /**
     * Remembers the attribute names an instance of a type carries, null-valued ones included: the
     * provider that wrote the state knows exactly those (Terraform writes every attribute of the
     * schema). An instance read from {@code attributes_flat} says nothing: its type is then marked
     * unknown for good.
     */
    private void noteAttributeNames(String type, Instance instance) {
      if (instance.nullMembers() == null) {
        attributeNames.put(type, UNKNOWN_NAMES);
        return;
      }
      Set<String> names = attributeNames.computeIfAbsent(type, t -> new HashSet<>());
      if (names == UNKNOWN_NAMES) {
        return;
      }
      names.addAll(instance.attributes().keySet());
      names.addAll(instance.nullMembers());
    }

    private ManagedResource toResource(String module, String type, String name, Instance instance) {
      StringBuilder address =
          new StringBuilder(module.length() + type.length() + name.length() + 8);
      if (!module.isEmpty()) {
        address.append(module).append('.');
      }
      address.append(type).append('.').append(name);
      ResourceAddresses.appendIndexKey(address, instance.indexKey());
      return new ManagedResource(
          stateName,
          address.toString(),
          module,
          type,
          name,
          idOf(instance.attributes()),
          instance.attributes(),
          instance.sensitive());
    }

    private String scalarText() throws IOException {
      JsonToken token = parser.currentToken();
      if (token.isScalarValue()) {
        return token == JsonToken.VALUE_NULL ? "" : parser.getText();
      }
      parser.skipChildren();
      return "";
    }

    private long longValue() throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return parser.getLongValue();
      }
      parser.skipChildren();
      return 0;
    }

    private StateException problem(String message) {
      return new StateException(document.location() + ": " + message);
    }
  }

  /** A type whose instances were read without a full attribute object: names unknown. */
  private static final Set<String> UNKNOWN_NAMES = Set.of();

  /**
   * One instance as read, before it becomes a {@link ManagedResource}; {@code nullMembers} are the
   * attributes written as {@code null}, or {@code null} if it had no {@code attributes} object.
   */
  private record Instance(
      Object indexKey,
      String deposed,
      Map<String, Object> attributes,
      Set<String> sensitive,
      Set<String> nullMembers) {
    static final Instance SKIPPED = new Instance(null, "", Map.of(), Set.of(), Set.of());
  }

  private static String idOf(Map<String, Object> attributes) {
    Object id = attributes.get("id");
    if (id instanceof String text) {
      return text;
    }
    if (id instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return id instanceof Number || id instanceof Boolean ? id.toString() : "";
  }

  // Pre-0.12 upgrades can leave "attributes_flat" ({"tags.%": "1", "tags.Name": "web"}); its
  // top-level keys are the only ones that map to attributes without a schema.
  private static Map<String, Object> topLevelOfFlat(Map<String, Object> flat) {
    Map<String, Object> top = new HashMap<>();
    flat.forEach(
        (key, value) -> {
          if (key.indexOf('.') < 0) {
            top.put(key, value);
          }
        });
    return Map.copyOf(top);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    return switch (token) {
      case START_ARRAY -> "list";
      case START_OBJECT -> "object";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
