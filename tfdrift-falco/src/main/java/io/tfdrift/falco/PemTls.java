package io.tfdrift.falco;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material from the PEM files Falco users already have ({@code cert_file}, {@code key_file},
 * {@code ca_root_file}), with the JDK only. Private keys: PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA,
 * EC or EdDSA) and PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}). Encrypted keys and SEC1 EC keys are
 * refused with the {@code openssl} command that converts them.
 */
public final class PemTls {

  private static final char[] NO_PASSWORD = new char[0];
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA"};

  private PemTls() {}

  /**
   * A TLS context that presents the certificate and, if a CA file is given, trusts only that CA
   * (for a server: the CA that signs client certificates; for a client: the server's CA).
   *
   * @param certFile PEM certificate chain, leaf first
   * @param keyFile PEM private key
   * @param caFile PEM CA certificates, or {@code null} for the JDK's default trust
   * @return the context
   * @throws GeneralSecurityException if a file's content is not usable; the message names the file
   * @throws IOException if a file cannot be read
   */
  public static SSLContext context(Path certFile, Path keyFile, Path caFile)
      throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keyManagers(certFile, keyFile), caFile == null ? null : trustManagers(caFile), null);
    return context;
  }

  /**
   * Key managers presenting one certificate chain and its key.
   *
   * @param certFile PEM certificate chain, leaf first
   * @param keyFile PEM private key
   * @return the key managers
   * @throws GeneralSecurityException if the content is not usable
   * @throws IOException if a file cannot be read
   */
  public static KeyManager[] keyManagers(Path certFile, Path keyFile)
      throws GeneralSecurityException, IOException {
    Certificate[] chain = certificates(certFile).toArray(new Certificate[0]);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", privateKey(keyFile), NO_PASSWORD, chain);
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, NO_PASSWORD);
    return factory.getKeyManagers();
  }

  /**
   * Trust managers that trust exactly the certificates of a CA file.
   *
   * @param caFile PEM CA certificates
   * @return the trust managers
   * @throws GeneralSecurityException if the file holds no certificate
   * @throws IOException if it cannot be read
   */
  public static TrustManager[] trustManagers(Path caFile)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates(caFile)) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static Collection<? extends Certificate> certificates(Path file)
      throws GeneralSecurityException, IOException {
    byte[] pem = Files.readAllBytes(file);
    Collection<? extends Certificate> certificates =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    return certificates;
  }

  static PrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (pem.contains("BEGIN PRIVATE KEY")) {
      return pkcs8(block(pem, "PRIVATE KEY"), file);
    }
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(block(pem, "RSA PRIVATE KEY"))));
    }
    throw new GeneralSecurityException(
        file
            + " holds no unencrypted PKCS#8 or PKCS#1 RSA private key; convert it with"
            + " `openssl pkcs8 -topk8 -nocrypt -in "
            + file.getFileName()
            + " -out key.pem`");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + ": not an RSA, EC or EdDSA PKCS#8 private key");
  }

  private static byte[] block(String pem, String label) throws GeneralSecurityException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end, from);
    if (from < 0 || to < 0) {
      throw new GeneralSecurityException("no complete " + label + " PEM block");
    }
    String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] rsaPkcs8(byte[] pkcs1) {
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
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    byte[] content = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, content, 0, version.length);
    System.arraycopy(algorithm, 0, content, version.length, algorithm.length);
    System.arraycopy(octets, 0, content, version.length + algorithm.length, octets.length);
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] value) {
    int n = value.length;
    byte[] length;
    if (n < 0x80) {
      length = new byte[] {(byte) n};
    } else if (n < 0x100) {
      length = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + length.length + n];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(value, 0, out, 1 + length.length, n);
    return out;
  }
}
