package com.example.tfdrift.remediation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request: the headers to add ({@code X-Amz-Date}, {@code
 * X-Amz-Security-Token} for temporary credentials, {@code Authorization}). Follows the "Create a
 * signed AWS API request" steps of the IAM user guide; the test pins it to AWS's worked example.
 */
final class SigV4 {
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private SigV4() {}

  /**
   * Signs a request.
   *
   * @param method e.g. {@code POST}
   * @param uri the full URL; its query string must already be URL-encoded
   * @param headers the headers to sign besides {@code host} and the added ones (e.g. {@code
   *     content-type})
   * @param body the payload
   * @param region e.g. {@code us-east-1}
   * @param service e.g. {@code ec2}
   * @param credentials the credentials
   * @param now the signing time
   * @return the headers to add to the request, in order
   */
  static Map<String, String> sign(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String region,
      String service,
      AwsCredentials credentials,
      Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    Map<String, String> added = new LinkedHashMap<>();
    added.put("X-Amz-Date", amzDate);
    if (!credentials.sessionToken().isEmpty()) {
      added.put("X-Amz-Security-Token", credentials.sessionToken());
    }
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v.strip()));
    added.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v.strip()));
    signed.put("host", host(uri));
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest =
        method
            + '\n'
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + '\n'
            + canonicalQuery(uri.getRawQuery())
            + '\n'
            + canonicalHeaders
            + '\n'
            + signedHeaders
            + '\n'
            + HEX.formatHex(sha256(body));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + '\n'
            + scope
            + '\n'
            + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
    String signature = HEX.formatHex(hmac(key, stringToSign));
    added.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return added;
  }

  static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  /** The Host header as HTTP clients send it: the port only when it is not the scheme's own. */
  static String host(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (port == 443 && "https".equals(uri.getScheme()))
            || (port == 80 && "http".equals(uri.getScheme()));
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    String[] pairs = rawQuery.split("&");
    for (int i = 0; i < pairs.length; i++) {
      if (!pairs[i].contains("=")) {
        pairs[i] = pairs[i] + "=";
      }
    }
    Arrays.sort(pairs);
    return String.join("&", pairs);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
