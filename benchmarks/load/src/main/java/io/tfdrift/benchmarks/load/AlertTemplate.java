package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Falco alert as a complete HTTP/1.1 request, with fixed-width slots for what changes per alert:
 * the event id's ten digits ({@code SEQ0000000}) and an instance id's 17 hex digits ({@code
 * IIIIIIIIIIIIIIIII}). Rendering copies the request and overwrites the slots, so that the sender
 * spends its time sending.
 *
 * <p>The alerts under {@code alerts/} are the shipped rule's alerts for real CloudTrail records
 * ({@code ec2_ModifyInstanceAttribute_1}, {@code ec2_RunInstances_1}, {@code ssm_SendCommand_1}
 * from {@code shared/samples}, built like {@code FalcoSamples.cloudTrailAlert}) with the slots in
 * place of the event id and instance id and a Boto3 user agent in place of Terraform's, and a real
 * gcpaudit alert.
 */
final class AlertTemplate {
  private static final byte[] SEQ = "SEQ0000000".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INSTANCE = "IIIIIIIIIIIIIIIII".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final byte[] request;
  private final int[] seqSlots;
  private final int[] instanceSlots;

  private AlertTemplate(String name, byte[] request) {
    this.name = name;
    this.request = request;
    this.seqSlots = find(request, SEQ);
    this.instanceSlots = find(request, INSTANCE);
  }

  /** Loads {@code alerts/<name>.json} as a POST to the receiver at {@code host:port}. */
  static AlertTemplate load(String name, String hostAndPort) {
    byte[] body;
    try (InputStream in = AlertTemplate.class.getResourceAsStream("alerts/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("no alert template " + name);
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] head =
        ("POST /api/v1/falco/events HTTP/1.1\r\nHost: "
                + hostAndPort
                + "\r\nUser-Agent: falcosecurity/falco\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return new AlertTemplate(name, request);
  }

  String name() {
    return name;
  }

  int length() {
    return request.length;
  }

  boolean hasInstanceSlot() {
    return instanceSlots.length > 0;
  }

  /**
   * Writes the request for one alert into {@code into}.
   *
   * @param seq the alert's number, which becomes its event id {@code load-<seq>}
   * @param instance the instance id's number (17 hex digits), if the template has one
   * @param into a buffer of at least {@link #length()} bytes
   */
  void render(long seq, long instance, byte[] into) {
    System.arraycopy(request, 0, into, 0, request.length);
    for (int at : seqSlots) {
      long v = seq;
      for (int i = SEQ.length - 1; i >= 0; i--) {
        into[at + i] = (byte) ('0' + v % 10);
        v /= 10;
      }
    }
    for (int at : instanceSlots) {
      long v = instance;
      for (int i = INSTANCE.length - 1; i >= 0; i--) {
        into[at + i] = HEX[(int) (v & 0xf)];
        v >>>= 4;
      }
    }
  }

  private static int[] find(byte[] haystack, byte[] needle) {
    List<Integer> found = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      found.add(i);
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }
}
