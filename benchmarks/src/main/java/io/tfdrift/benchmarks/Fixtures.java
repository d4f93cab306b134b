package io.tfdrift.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Generated, realistic inputs for the benchmarks and the load driver ({@code benchmarks/load}). */
public final class Fixtures {
  private Fixtures() {}

  /**
   * The id of the {@code i}-th instance of {@link #state}.
   *
   * @param i the resource's position in the state
   * @return an EC2 instance id such as {@code i-00000a1b2c3d0007}
   */
  public static String instanceId(int i) {
    return String.format(Locale.ROOT, "i-%017x", 0x0a1b2c3d0000L + i);
  }

  /**
   * A state of {@code n} resources: aws_instance with a realistic attribute set (about 1.5 KB
   * each), every tenth one a security group, every twentieth an S3 bucket.
   *
   * @param n how many resources
   * @return the state file's bytes (Terraform state version 4)
   */
  public static byte[] state(int n) {
    StringBuilder s = new StringBuilder(n * 1600);
    s.append(
        "{\"version\":4,\"terraform_version\":\"1.9.8\",\"serial\":7,\"lineage\":\"b1c2\",\"outputs\":{},\"resources\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append(',');
      }
      if (i % 20 == 19) {
        bucket(s, i);
      } else if (i % 10 == 9) {
        securityGroup(s, i);
      } else {
        instance(s, i);
      }
    }
    return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void instance(StringBuilder s, int i) {
    String id = instanceId(i);
    s.append("{\"module\":\"module.app")
        .append(i % 7)
        .append(
            "\",\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"web\",\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":[{\"index_key\":")
        .append(i)
        .append(
            ",\"schema_version\":1,\"attributes\":{\"ami\":\"ami-0c7217cdde317cfec\",\"arn\":\"arn:aws:ec2:us-east-1:111122223333:instance/")
        .append(id)
        .append(
            "\",\"associate_public_ip_address\":false,\"availability_zone\":\"us-east-1a\",\"disable_api_stop\":false,\"disable_api_termination\":true,\"ebs_optimized\":false,\"id\":\"")
        .append(id)
        .append(
            "\",\"instance_state\":\"running\",\"instance_type\":\"t3.micro\",\"monitoring\":false,\"private_dns\":\"ip-10-20-")
        .append(i % 250)
        .append(
            "-17.ec2.internal\",\"private_ip\":\"10.20.1.17\",\"source_dest_check\":true,\"subnet_id\":\"subnet-0123456789abcdef0\",")
        .append(
            "\"root_block_device\":[{\"delete_on_termination\":true,\"device_name\":\"/dev/xvda\",\"encrypted\":true,\"iops\":3000,\"kms_key_id\":\"\",\"tags\":{},\"throughput\":125,\"volume_id\":\"vol-0fedcba9876543210\",\"volume_size\":20,\"volume_type\":\"gp3\"}],")
        .append(
            "\"metadata_options\":[{\"http_endpoint\":\"enabled\",\"http_put_response_hop_limit\":1,\"http_tokens\":\"required\",\"instance_metadata_tags\":\"disabled\"}],")
        .append("\"tags\":{\"Name\":\"web-")
        .append(i)
        .append("\",\"Team\":\"platform\"},\"tags_all\":{\"Name\":\"web-")
        .append(i)
        .append(
            "\",\"Team\":\"platform\",\"ManagedBy\":\"terraform\"},\"user_data\":\"0c1d3b1e2f\",\"vpc_security_group_ids\":[\"sg-0a1b2c3d4e5f60002\"]},")
        .append(
            "\"sensitive_attributes\":[],\"private\":\"eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==\",\"dependencies\":[\"module.network.aws_subnet.private\"]}]}");
  }

  private static void securityGroup(StringBuilder s, int i) {
    String id = String.format(Locale.ROOT, "sg-%017x", 0x5a000000L + i);
    s.append("{\"mode\":\"managed\",\"type\":\"aws_security_group\",\"name\":\"sg")
        .append(i)
        .append(
            "\",\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":[{\"schema_version\":1,\"attributes\":{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:security-group/")
        .append(id)
        .append(
            "\",\"description\":\"web\",\"egress\":[{\"cidr_blocks\":[\"0.0.0.0/0\"],\"description\":\"\",\"from_port\":0,\"ipv6_cidr_blocks\":[],\"prefix_list_ids\":[],\"protocol\":\"-1\",\"security_groups\":[],\"self\":false,\"to_port\":0}],\"id\":\"")
        .append(id)
        .append(
            "\",\"ingress\":[{\"cidr_blocks\":[\"10.0.0.0/8\"],\"description\":\"https\",\"from_port\":443,\"ipv6_cidr_blocks\":[],\"prefix_list_ids\":[],\"protocol\":\"tcp\",\"security_groups\":[],\"self\":false,\"to_port\":443}],\"name\":\"sg-")
        .append(i)
        .append(
            "\",\"owner_id\":\"111122223333\",\"tags\":{},\"vpc_id\":\"vpc-0f1e2d3c4b5a69788\"},\"sensitive_attributes\":[]}]}");
  }

  private static void bucket(StringBuilder s, int i) {
    s.append("{\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b")
        .append(i)
        .append(
            "\",\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":[{\"schema_version\":0,\"attributes\":{\"arn\":\"arn:aws:s3:::acme-bucket-")
        .append(i)
        .append("\",\"bucket\":\"acme-bucket-")
        .append(i)
        .append("\",\"force_destroy\":false,\"id\":\"acme-bucket-")
        .append(i)
        .append(
            "\",\"region\":\"us-east-1\",\"tags\":{\"Name\":\"b\"}},\"sensitive_attributes\":[]}]}");
  }
}
