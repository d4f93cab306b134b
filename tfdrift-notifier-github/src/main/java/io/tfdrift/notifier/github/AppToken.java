package io.tfdrift.notifier.github;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * A GitHub App's identity: the JSON Web Token (RS256, issued 60 seconds in the past against clock
 * skew, valid 9 minutes) that {@code POST /app/installations/{id}/access_tokens} exchanges for an
 * installation token. GitHub hands out private keys as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY});
 * PKCS#8 ({@code BEGIN PRIVATE KEY}) works too.
 */
final class AppToken {
  private final String appId;
  private final PrivateKey key;
  private final Clock clock;

  AppToken(String appId, String pem, Clock clock) {
    this.appId = appId;
    this.key = privateKey(pem);
    this.clock = clock;
  }

  String jwt() {
    Instant now = clock.instant();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            ("{\"iat\":"
                    + now.minusSeconds(60).getEpochSecond()
                    + ",\"exp\":"
                    + now.plusSeconds(540).getEpochSecond()
                    + ",\"iss\":\""
                    + appId
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String signed = header + "." + claims;
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the GitHub App token: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a PEM RSA private key.
   *
   * @throws IllegalArgumentException naming what is wrong, never quoting the key
   */
  static PrivateKey privateKey(String pem) {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- as GitHub issues it)");
    }
    String base64 =
        pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM private key is not valid base64");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key: " + e.getClass().getSimpleName());
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  static byte[] pkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((n >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
