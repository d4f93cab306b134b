package io.tfdrift.core.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads audit records from files or streams and hands every top-level JSON object to the first
 * {@link AuditFormat} that accepts it.
 *
 * <p>Input: gzip is detected by its magic bytes, not by the file name. The layout is detected from
 * the first bytes ({@link InputLayout}): one JSON document (an object, an array of objects, or
 * several objects one after another) or JSON lines (one object per line). Each element of a
 * top-level array is a top-level object, and so is each element of a {@code Records} array (the
 * CloudTrail log file layout): those are streamed one record at a time, so a log file of any size
 * is never held in memory as one tree.
 *
 * <p>Nothing is dropped silently: bad JSON, a non-object where an object belongs, an object no
 * decoder accepts, and a decoder's {@link IllegalArgumentException} each reach {@link
 * Listener#onRejected} with where it happened and what is wrong, and reading goes on. {@code where}
 * reads {@code file:line} for a document's top-level objects and for JSON lines, {@code
 * file[index]} for the elements of a top-level array, and appends {@code #Records[index]} for the
 * elements of a {@code Records} array ({@code records.json:1#Records[17]}). A bad line in JSON
 * lines costs only that line. Malformed JSON inside a single document cannot be resynchronised: it
 * is reported with its line and column, and the rest of that file is not read (also reported).
 *
 * <pre>{@code
 * AuditFileReader reader = AuditFileReader.withBuiltInDecoders();
 * reader.read(Path.of("cloudtrail.json.gz"), new AuditFileReader.Listener() {
 *   public void onEvent(AuditEvent event) { pipeline.put(event); }
 *   public void onRejected(String where, String problem) { log.warn("{}: {}", where, problem); }
 * });
 * }</pre>
 *
 * <p>Thread-safe: a reader keeps no state between reads.
 */
public final class AuditFileReader {

  /** Bytes looked at to decide the layout. */
  static final int LAYOUT_PREFIX = 1 << 20;

  private static final int BUFFER = 1 << 16;
  private static final int KEYS_SHOWN = 8;

  private final List<String> names;
  private final List<AuditFormat> decoders;
  private final int layoutPrefix;

  /**
   * A reader that offers each object to the given formats in the map's iteration order.
   *
   * @param formats at least one format, by name; the first that accepts an object decodes it
   */
  public AuditFileReader(Map<String, ? extends AuditFormat> formats) {
    this(formats, LAYOUT_PREFIX);
  }

  AuditFileReader(Map<String, ? extends AuditFormat> formats, int layoutPrefix) {
    this.names = List.copyOf(formats.keySet());
    this.decoders = List.copyOf(formats.values());
    if (this.decoders.isEmpty()) {
      throw new IllegalArgumentException("an audit file reader needs at least one format");
    }
    this.layoutPrefix = layoutPrefix;
  }

  /**
   * A reader for CloudTrail ({@link CloudTrailDecoder}) and GCP audit logs ({@link
   * GcpAuditDecoder}).
   *
   * @return the reader
   */
  public static AuditFileReader withBuiltInDecoders() {
    Map<String, AuditFormat> formats = new LinkedHashMap<>();
    formats.put(CloudTrailDecoder.FORMAT, new CloudTrailDecoder());
    formats.put(GcpAuditDecoder.FORMAT, new GcpAuditDecoder());
    return new AuditFileReader(formats);
  }

  /**
   * A reader for every {@link AuditFormatProvider} registered with {@link java.util.ServiceLoader}
   * on the class path: core's own formats, tfdrift-falco's Falco alert lines, and any third-party
   * format jar.
   *
   * @return the reader
   */
  public static AuditFileReader withInstalledDecoders() {
    Map<String, AuditFormatProvider> providers = new java.util.HashMap<>();
    java.util.ServiceLoader.load(AuditFormatProvider.class)
        .forEach(p -> providers.putIfAbsent(p.type(), p));
    return withFormats(providers);
  }

  /**
   * A reader for the given format providers, offered objects in the order of their names; each is
   * created with an empty configuration at {@code formats.<type>}.
   *
   * @param providers the providers by type, e.g. from the provider registry
   * @return the reader
   */
  public static AuditFileReader withFormats(Map<String, AuditFormatProvider> providers) {
    Map<String, AuditFormat> formats = new LinkedHashMap<>();
    new java.util.TreeMap<>(providers)
        .forEach(
            (type, p) ->
                formats.put(
                    type,
                    p.create(
                        io.tfdrift.core.config.ConfigSection.of("formats." + type, Map.of()))));
    return new AuditFileReader(formats);
  }

  /**
   * Receives what a read produces, on the reading thread, in file order. Exceptions thrown here
   * stop the read and propagate to the caller.
   */
  public interface Listener {

    /**
     * One decoded event.
     *
     * @param event the event
     */
    void onEvent(AuditEvent event);

    /**
     * Input that could not be decoded.
     *
     * @param where the file and position: {@code file:line}, {@code file[index]}, {@code
     *     file:line#Records[index]}
     * @param problem what is wrong, e.g. {@code "invalid JSON: Unexpected character ('x' (code
     *     120)) at column 7"}
     */
    void onRejected(String where, String problem);
  }

  /**
   * What one read produced.
   *
   * @param source the file or stream name
   * @param objects top-level objects (records) seen
   * @param events events delivered to {@link Listener#onEvent}
   * @param rejected problems delivered to {@link Listener#onRejected}
   */
  public record Summary(String source, long objects, long events, long rejected) {

    /** Validates the source name. */
    public Summary {
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Reads a file.
   *
   * @param file a JSON, JSON lines or gzip file
   * @param listener receives events and rejections
   * @return what was read
   * @throws IOException if the file cannot be opened; problems while reading are reported to the
   *     listener instead
   */
  public Summary read(Path file, Listener listener) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), listener);
    }
  }

  /**
   * Reads a stream, leaving it open.
   *
   * @param in the input
   * @param source the name used in {@code where}, e.g. the file name or the S3 key
   * @param listener receives events and rejections
   * @return what was read
   */
  public Summary read(InputStream in, String source, Listener listener) {
    Run run = new Run(source, listener);
    try {
      InputStream input = decompressed(new BufferedInputStream(in, BUFFER));
      Prefix prefix = Prefix.read(input, layoutPrefix);
      InputStream replayed =
          new SequenceInputStream(
              new ByteArrayInputStream(prefix.bytes, 0, prefix.length), prefix.rest(input));
      switch (InputLayout.detect(prefix.bytes, prefix.length, prefix.whole())) {
        case DOCUMENT -> run.document(replayed);
        case LINES -> run.lines(replayed);
        case EMPTY -> {}
      }
    } catch (IOException e) {
      run.reject(source, "cannot read: " + e + "; the rest of the input was not read");
    }
    return new Summary(source, run.objects, run.events, run.rejected);
  }

  /**
   * The first bytes of the input, read to decide the layout and then replayed. A read error (a
   * truncated gzip) is kept and raised after the bytes before it, so that the records before the
   * damage are still decoded.
   */
  private record Prefix(byte[] bytes, int length, boolean ended, IOException error) {

    static Prefix read(InputStream input, int limit) {
      byte[] bytes = new byte[Math.min(limit, BUFFER)];
      int length = 0;
      try {
        while (length < limit) {
          if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, bytes.length * 2));
          }
          int n = input.read(bytes, length, bytes.length - length);
          if (n < 0) {
            return new Prefix(bytes, length, true, null);
          }
          length += n;
        }
        return new Prefix(bytes, length, false, null);
      } catch (IOException e) {
        return new Prefix(bytes, length, true, e);
      }
    }

    boolean whole() {
      return ended && error == null;
    }

    InputStream rest(InputStream input) {
      if (error == null) {
        return input;
      }
      return new InputStream() {
        @Override
        public int read() throws IOException {
          throw error;
        }
      };
    }
  }

  private static InputStream decompressed(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first == 0x1f && second == 0x8b) {
      // Not buffered again: a buffered read that fails part-way loses the bytes it had already
      // inflated, and those hold the records before the damage of a truncated file.
      return new GZIPInputStream(in, BUFFER);
    }
    return in;
  }

  /** The state of one read. */
  private final class Run {
    private final String source;
    private final Listener listener;
    private long objects;
    private long events;
    private long rejected;

    Run(String source, Listener listener) {
      this.source = source;
      this.listener = listener;
    }

    void document(InputStream input) throws IOException {
      try (JsonParser parser = JsonTrees.jsonFactory().createParser(input)) {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
          String where = source + ":" + parser.currentTokenLocation().getLineNr();
          if (token == JsonToken.START_OBJECT) {
            object(parser, where);
          } else if (token == JsonToken.START_ARRAY) {
            array(parser, source);
          } else {
            reject(where, "expected a JSON object or array, found " + JsonTrees.describe(token));
          }
        }
      } catch (JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? source : source + ":" + location.getLineNr();
        reject(
            where,
            "invalid JSON: "
                + message(e)
                + (location == null ? "" : " at column " + location.getColumnNr())
                + "; the rest of the file was not read");
      }
    }

    void lines(InputStream input) throws IOException {
      InputLines lines = new InputLines(input);
      while (lines.next()) {
        byte[] bytes = lines.bytes();
        int start = lines.number() == 1 ? InputLayout.skipByteOrderMark(bytes, lines.length()) : 0;
        start = InputLayout.skipBlank(bytes, start, lines.length());
        if (start == lines.length()) {
          continue;
        }
        line(bytes, start, lines.length(), source + ":" + lines.number());
      }
    }

    private void line(byte[] bytes, int start, int end, String where) throws IOException {
      Map<String, Object> object;
      try (JsonParser parser = JsonTrees.jsonFactory().createParser(bytes, start, end - start)) {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_OBJECT) {
          reject(where, "expected a JSON object, found " + JsonTrees.describe(token));
          return;
        }
        object = JsonTrees.readObject(parser);
        if (parser.nextToken() != null) {
          reject(
              where,
              "unexpected content after the JSON object at column "
                  + parser.currentTokenLocation().getColumnNr()
                  + "; put one object per line");
          return;
        }
      } catch (JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        reject(
            where,
            "invalid JSON: "
                + message(e)
                + (location == null ? "" : " at column " + location.getColumnNr()));
        return;
      }
      if (object.get("Records") instanceof List<?> records) {
        for (int i = 0; i < records.size(); i++) {
          element(records.get(i), where + "#Records[" + i + "]");
        }
      } else {
        dispatch(object, where);
      }
    }

    @SuppressWarnings("unchecked")
    private void element(Object value, String where) {
      if (value instanceof Map<?, ?> map) {
        dispatch((Map<String, Object>) map, where);
      } else {
        reject(where, "expected a JSON object, found " + JsonTrees.toJson(value));
      }
    }

    private void array(JsonParser parser, String base) throws IOException {
      JsonToken token;
      for (int i = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
        String where = base + "[" + i + "]";
        if (token == JsonToken.START_OBJECT) {
          object(parser, where);
        } else {
          reject(where, "expected a JSON object, found " + JsonTrees.describe(token));
          parser.skipChildren();
        }
      }
    }

    /** Reads an object, streaming its {@code Records} array element by element if it has one. */
    private void object(JsonParser parser, String where) throws IOException {
      Map<String, Object> fields = new LinkedHashMap<>();
      boolean streamed = false;
      String name;
      while ((name = parser.nextFieldName()) != null) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_ARRAY && name.equals("Records")) {
          array(parser, where + "#Records");
          streamed = true;
          continue;
        }
        Object value = JsonTrees.readValue(parser);
        if (value != null) {
          fields.put(name, value);
        }
      }
      if (!streamed) {
        dispatch(JsonObject.copyOf(fields), where);
      }
    }

    private void dispatch(Map<String, Object> object, String where) {
      objects++;
      int decoder;
      try {
        decoder = decoderFor(object);
      } catch (RuntimeException e) {
        reject(where, "a decoder failed to inspect the object: " + e);
        return;
      }
      if (decoder < 0) {
        reject(where, unrecognised(object));
        return;
      }
      List<AuditEvent> decoded;
      try {
        decoded = decoders.get(decoder).decode(object);
      } catch (IllegalArgumentException e) {
        reject(where, names.get(decoder) + ": " + e.getMessage());
        return;
      } catch (RuntimeException e) {
        reject(where, names.get(decoder) + ": decoder failed: " + e);
        return;
      }
      for (AuditEvent event : decoded) {
        events++;
        listener.onEvent(event);
      }
    }

    /** The index of the first format that accepts the object, {@code -1} if none does. */
    private int decoderFor(Map<String, Object> object) {
      for (int i = 0; i < decoders.size(); i++) {
        if (decoders.get(i).accepts(object)) {
          return i;
        }
      }
      return -1;
    }

    private String unrecognised(Map<String, Object> object) {
      StringBuilder message = new StringBuilder("not an audit record any decoder accepts (tried ");
      for (int i = 0; i < decoders.size(); i++) {
        message.append(i == 0 ? "" : ", ").append(names.get(i));
      }
      message.append("); its keys: [");
      int shown = 0;
      for (String key : object.keySet()) {
        if (shown == KEYS_SHOWN) {
          message.append(", ...");
          break;
        }
        message.append(shown++ == 0 ? "" : ", ").append(key);
      }
      return message.append(']').toString();
    }

    void reject(String where, String problem) {
      rejected++;
      listener.onRejected(where, problem);
    }
  }

  private static String message(JsonProcessingException e) {
    return JsonTrees.originalMessage(e);
  }
}
