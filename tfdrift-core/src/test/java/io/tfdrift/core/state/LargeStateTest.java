package io.tfdrift.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tfdrift.api.spi.StateDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A state the size of a large estate parses and indexes completely; speed is for benchmarks/. */
class LargeStateTest {

  private static final int RESOURCES = 5_000;
  private static final int COUNT = 10;

  @Test
  void parsesAndIndexesFiftyThousandInstances() throws Exception {
    byte[] content = generate();
    assertThat(content.length).isGreaterThan(50_000 * 1_000);

    ParsedState state =
        TerraformStateParser.parse("large", new StateDocument("default", "generated", content));
    StateIndex index = StateIndex.of(List.of(state));

    assertThat(state.managed()).hasSize(RESOURCES * COUNT);
    assertThat(index.size()).isEqualTo(RESOURCES * COUNT);
    for (int r = 0; r < RESOURCES; r++) {
      for (int i = 0; i < COUNT; i++) {
        assertThat(index.lookup("aws_instance", instanceId(r, i)))
            .isNotNull()
            .extracting(resource -> resource.address())
            .isEqualTo("module.m" + (r % 50) + ".aws_instance.r" + r + "[" + i + "]");
      }
    }
    assertThat(index.lookup("aws_instance", arn(4_999, 9)))
        .extracting(resource -> resource.address())
        .isEqualTo("module.m" + (4_999 % 50) + ".aws_instance.r4999[9]");
  }

  private static String instanceId(int resource, int index) {
    return String.format("i-%08x%09d", resource, index);
  }

  private static String arn(int resource, int index) {
    return "arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId(resource, index);
  }

  private static byte[] generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("version", 4);
      json.writeStringField("terraform_version", "1.7.5");
      json.writeNumberField("serial", 1234);
      json.writeStringField("lineage", "5b0c2f5e-0000-4000-8000-000000000000");
      json.writeArrayFieldStart("resources");
      for (int r = 0; r < RESOURCES; r++) {
        json.writeStartObject();
        json.writeStringField("module", "module.m" + (r % 50));
        json.writeStringField("mode", "managed");
        json.writeStringField("type", "aws_instance");
        json.writeStringField("name", "r" + r);
        json.writeStringField("provider", "provider[\"registry.terraform.io/hashicorp/aws\"]");
        json.writeArrayFieldStart("instances");
        for (int i = 0; i < COUNT; i++) {
          writeInstance(json, r, i);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeInstance(JsonGenerator json, int r, int i) throws IOException {
    String id = instanceId(r, i);
    json.writeStartObject();
    json.writeNumberField("index_key", i);
    json.writeNumberField("schema_version", 1);
    json.writeObjectFieldStart("attributes");
    json.writeStringField("ami", "ami-0c55b159cbfafe1f0");
    json.writeStringField("arn", arn(r, i));
    json.writeBooleanField("associate_public_ip_address", false);
    json.writeStringField("availability_zone", "us-east-1" + (char) ('a' + i % 3));
    json.writeStringField("id", id);
    json.writeStringField("instance_state", "running");
    json.writeStringField("instance_type", i % 2 == 0 ? "t3.micro" : "m5.large");
    json.writeStringField("primary_network_interface_id", "eni-" + id.substring(2));
    json.writeStringField("private_dns", "ip-10-0-" + (r % 250) + "-" + i + ".ec2.internal");
    json.writeStringField("private_ip", "10.0." + (r % 250) + "." + i);
    json.writeNullField("host_id");
    json.writeBooleanField("monitoring", false);
    json.writeArrayFieldStart("root_block_device");
    json.writeStartObject();
    json.writeBooleanField("delete_on_termination", true);
    json.writeStringField("device_name", "/dev/xvda");
    json.writeBooleanField("encrypted", true);
    json.writeNumberField("iops", 3000);
    json.writeStringField(
        "kms_key_id",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    json.writeNumberField("throughput", 125);
    json.writeStringField("volume_id", "vol-" + id.substring(2));
    json.writeNumberField("volume_size", 8);
    json.writeStringField("volume_type", "gp3");
    json.writeEndObject();
    json.writeEndArray();
    json.writeStringField("subnet_id", "subnet-0bb1c79de3" + (r % 16));
    json.writeObjectFieldStart("tags");
    json.writeStringField("Name", "r" + r + "-" + i);
    json.writeStringField("Environment", "prod");
    json.writeStringField("Team", "platform");
    json.writeEndObject();
    json.writeObjectFieldStart("tags_all");
    json.writeStringField("Name", "r" + r + "-" + i);
    json.writeStringField("Environment", "prod");
    json.writeStringField("Team", "platform");
    json.writeStringField("ManagedBy", "terraform");
    json.writeEndObject();
    json.writeStringField("tenancy", "default");
    json.writeArrayFieldStart("vpc_security_group_ids");
    json.writeString("sg-0a1b2c3d4e5f6" + (r % 100));
    json.writeEndArray();
    json.writeObjectFieldStart("metadata_options");
    json.writeStringField("http_endpoint", "enabled");
    json.writeNumberField("http_put_response_hop_limit", 2);
    json.writeStringField("http_tokens", "required");
    json.writeEndObject();
    json.writeEndObject();
    json.writeArrayFieldStart("sensitive_attributes");
    json.writeEndArray();
    json.writeStringField("private", "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==");
    json.writeEndObject();
  }
}
