package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.RecordingSink;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the Falco HTTP request path: method, path, {@code Content-Type},
 * bearer token, chunked or sized body, and the body itself, sent over a real loopback connection to
 * the real receiver. The property: every request gets an answer with one of the documented statuses
 * and a JSON body ({@code accepted} or {@code error}) — never a dropped connection (a handler that
 * threw), a hang or a 500 — and the configured token never appears in an answer or a rejection.
 *
 * <p>Only {@link #receiver} knows how the receiver is built: the test speaks HTTP/1.1 on a socket
 * and works unchanged for any implementation of the receiver that listens on a port.
 *
 * <p>The first input byte chooses the method, path and {@code Content-Type}, the second the token
 * and the framing; the rest is the body.
 */
class FalcoHttpRequestFuzzTest {
  static final String TOKEN = "fuzz-s3cr3t-falco-token";

  private static final List<String> METHODS = List.of("POST", "POST", "POST", "GET");
  private static final List<String> PATHS =
      List.of(FalcoHttpReceiver.PATH, FalcoHttpReceiver.PATH, FalcoHttpReceiver.PATH + "x", "/");
  private static final List<String> TYPES =
      Arrays.asList(
          "application/json",
          "application/x-ndjson",
          "application/json; charset=utf-8",
          "Application/NDJSON ; x=y",
          "application/jsonl",
          "text/plain",
          "",
          null);
  private static final Set<Integer> STATUSES = Set.of(202, 400, 401, 404, 405, 413, 415, 503);
  private static final int TIMEOUT_MS = 10_000;

  private static EventSource source;
  private static InetSocketAddress address;
  private static final RecordingSink SINK = new RecordingSink();
  private static Socket socket;

  /** The receiver under test, started once: the part to change for another implementation. */
  private static synchronized InetSocketAddress receiver() throws SourceException {
    if (source == null) {
      FalcoHttpReceiver r =
          (FalcoHttpReceiver)
              new FalcoHttpSourceProvider()
                  .create(
                      ConfigSection.of(
                          "falco", Map.of("listen", "127.0.0.1:0", "auth_token", TOKEN)));
      r.start(SINK);
      source = r;
      address = r.boundAddress();
    }
    return address;
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void request(byte[] input) throws Exception {
    int first = input.length > 0 ? input[0] & 0xff : 0;
    int second = input.length > 1 ? input[1] & 0xff : 0;
    byte[] body = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    String method = METHODS.get(first & 3);
    String path = PATHS.get((first >> 2) & 3);
    String type = TYPES.get((first >> 4) & 7);
    String auth =
        switch (second & 3) {
          case 0, 1 -> "Bearer " + TOKEN;
          case 2 -> "Bearer wrong";
          default -> null;
        };
    boolean chunked = (second & 4) != 0;

    int rejectedBefore = SINK.rejected().size();
    Response response = send(method, path, type, auth, chunked, body);

    assertThat(response.status()).as(response.toString()).isIn(STATUSES);
    assertThat(response.body()).doesNotContain(TOKEN);
    Map<String, Object> json = JsonTrees.parseObject(response.body());
    if (response.status() == 202) {
      assertThat(json).containsKeys("accepted", "ignored");
    } else {
      assertThat(json.get("error")).isInstanceOf(String.class);
    }
    List<String> rejected = SINK.rejected();
    for (String r : rejected.subList(rejectedBefore, rejected.size())) {
      assertThat(r).doesNotContain(TOKEN);
    }
  }

  private record Response(int status, String body) {}

  private static Response send(
      String method, String path, String type, String auth, boolean chunked, byte[] body)
      throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream(body.length + 256);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: fuzz\r\n");
    if (type != null) {
      head.append("Content-Type: ").append(type).append("\r\n");
    }
    if (auth != null) {
      head.append("Authorization: ").append(auth).append("\r\n");
    }
    head.append(
        chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
    request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    if (chunked) {
      if (body.length > 0) {
        request.writeBytes(
            (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      request.writeBytes(body);
    }
    for (int attempt = 0; ; attempt++) {
      Socket s = connection();
      try {
        OutputStream out = s.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
        return read(new BufferedInputStream(s.getInputStream()));
      } catch (SocketTimeoutException e) {
        fail("no answer within " + TIMEOUT_MS + " ms to " + method + " " + path, e);
      } catch (IOException e) {
        // A kept-alive connection the server has closed meanwhile: once more on a new one.
        closeConnection();
        if (attempt == 1) {
          fail("the receiver dropped the connection instead of answering: " + e, e);
        }
      }
    }
  }

  private static Socket connection() throws Exception {
    if (socket == null || socket.isClosed()) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.connect(receiver(), TIMEOUT_MS);
    }
    return socket;
  }

  private static void closeConnection() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // already gone
    }
    socket = null;
  }

  private static Response read(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before the status line");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    int length = -1;
    boolean close = false;
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (length < 0) {
      throw new IOException("answer without Content-Length: " + status);
    }
    byte[] bytes = in.readNBytes(length);
    if (close) {
      closeConnection();
    }
    return new Response(code, new String(bytes, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
