package com.example.tfdrift.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signing is pinned to the worked example of AWS's Signature Version 4 documentation. */
class SigV4Test {
  private static final AwsCredentials EXAMPLE =
      new AwsCredentials(
          "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", Optional.empty(), "test");

  @Test
  void derivesTheSigningKeyOfTheDocumentedExample() {
    assertThat(
            HexFormat.of()
                .formatHex(
                    SigV4.signingKey(
                        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        "20150830",
                        "us-east-1",
                        "iam")))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  }

  @Test
  void signsTheDocumentedIamListUsersRequest() {
    Map<String, String> headers =
        SigV4.sign(
            "GET",
            URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            new byte[0],
            "us-east-1",
            "iam",
            EXAMPLE,
            Instant.parse("2015-08-30T12:36:00Z"));

    assertThat(headers)
        .containsEntry("X-Amz-Date", "20150830T123600Z")
        .containsEntry(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        .doesNotContainKey("X-Amz-Security-Token");
  }

  @Test
  void signsTheSessionTokenOfTemporaryCredentials() {
    AwsCredentials temporary =
        new AwsCredentials("ASIAEXAMPLE", "secret", "token/abc", Optional.empty(), "test");
    Map<String, String> headers =
        SigV4.sign(
            "POST",
            URI.create("http://127.0.0.1:4566/"),
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            "Action=X".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "eu-west-1",
            "ec2",
            temporary,
            Instant.parse("2026-11-23T09:30:00Z"));
    assertThat(headers.get("X-Amz-Security-Token")).isEqualTo("token/abc");
    assertThat(headers.get("Authorization"))
        .contains("Credential=ASIAEXAMPLE/20261123/eu-west-1/ec2/aws4_request")
        .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token");
    assertThat(SigV4.host(URI.create("http://127.0.0.1:4566/"))).isEqualTo("127.0.0.1:4566");
    assertThat(SigV4.host(URI.create("https://ec2.us-east-1.amazonaws.com:443/")))
        .isEqualTo("ec2.us-east-1.amazonaws.com");
  }
}
