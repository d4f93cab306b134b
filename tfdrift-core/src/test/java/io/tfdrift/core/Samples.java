package io.tfdrift.core;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.core.mapping.AwsMapperProvider;
import io.tfdrift.core.mapping.GcpMapperProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real recorded CloudTrail and GCP audit records under {@code samples/}, decoded. */
public final class Samples {
  private Samples() {}

  /** One CloudTrail record file, e.g. {@code ec2_RunInstances_1.json}. */
  public static AuditEvent cloudTrail(String file) {
    return new CloudTrailDecoder()
        .decodeRecord(JsonTrees.parseObject(bytes("/samples/cloudtrail/" + file)));
  }

  /**
   * The same record as if a person had made it with the AWS CLI. The invictus records were made by
   * Terraform itself (their user agent says so), which is never drift; tests about drift need the
   * identical call made by someone else.
   */
  public static AuditEvent byPerson(AuditEvent e) {
    return e.toBuilder().userAgent("aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux").build();
  }

  /** The same call with one request parameter replaced, e.g. another bucket or role name. */
  public static AuditEvent withRequest(AuditEvent e, String key, Object value) {
    Map<String, Object> request = new java.util.LinkedHashMap<>(e.request());
    request.put(key, value);
    return e.toBuilder().request(request).build();
  }

  /** Every event in a multi-record sample file (noise.json, gcp/audit.json, ...). */
  public static List<AuditEvent> all(String resource) {
    List<AuditEvent> out = new ArrayList<>();
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      AuditFileReader.withBuiltInDecoders()
          .read(
              in,
              resource,
              new AuditFileReader.Listener() {
                @Override
                public void onEvent(AuditEvent event) {
                  out.add(event);
                }

                @Override
                public void onRejected(String where, String problem) {
                  throw new AssertionError(where + ": " + problem);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The built-in mappers, as the engine would discover them. */
  public static List<ResourceMapper> mappers() {
    return List.of(
        new AwsMapperProvider().create(ConfigSection.of("mappers.aws", Map.of())),
        new GcpMapperProvider().create(ConfigSection.of("mappers.gcp", Map.of())));
  }

  static byte[] bytes(String resource) {
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
