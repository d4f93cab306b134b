package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.FalcoFixtures;
import io.tfdrift.falco.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What clients other than java.net.http send: chunked bodies, pipelining, garbage. */
class FalcoHttpWireTest {

  private final RecordingSink sink = new RecordingSink();
  private FalcoHttpReceiver receiver;
  private Socket socket;

  @BeforeEach
  void start() throws Exception {
    receiver =
        (FalcoHttpReceiver)
            new FalcoHttpSourceProvider()
                .create(ConfigSection.of("falco", Map.of("listen", "127.0.0.1:0")));
    receiver.start(sink);
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", receiver.boundAddress().getPort()), 5_000);
    socket.setSoTimeout(10_000);
  }

  @AfterEach
  void stop() throws Exception {
    socket.close();
    receiver.close();
  }

  private static String alert() {
    return JsonTrees.toJson(FalcoFixtures.alertFor(FalcoFixtures.record("ec2_CreateVpc_1")));
  }

  private static String post(String headers, String body) {
    return "POST "
        + FalcoHttpReceiver.PATH
        + " HTTP/1.1\r\nHost: tfdrift\r\nContent-Type: application/json\r\n"
        + headers
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private void send(String raw) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one response: status line, headers, Content-Length bytes of body. */
  private String response() throws Exception {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
    send(post("", alert()) + post("", "{\"source\":") + post("", alert()));

    assertThat(response()).startsWith("HTTP/1.1 202").contains("\"accepted\":1");
    assertThat(response()).startsWith("HTTP/1.1 400").contains("line 1, column");
    assertThat(response()).startsWith("HTTP/1.1 202");
    assertThat(sink.events()).hasSize(2);
  }

  @Test
  void readsAChunkedNdjsonBatch() throws Exception {
    String body = alert() + "\n\n" + alert() + "\n";
    int half = body.length() / 2;
    String a = body.substring(0, half);
    String b = body.substring(half);
    send(
        "POST "
            + FalcoHttpReceiver.PATH
            + " HTTP/1.1\r\nHost: tfdrift\r\nContent-Type: application/x-ndjson\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(a.length())
            + "\r\n"
            + a
            + "\r\n"
            + Integer.toHexString(b.length())
            + "\r\n"
            + b
            + "\r\n0\r\n\r\n");

    assertThat(response()).startsWith("HTTP/1.1 202").contains("\"accepted\":2");
    assertThat(sink.events()).hasSize(2);
  }

  @Test
  void closesTheConnectionAfterAnswerWhenTheClientAsks() throws Exception {
    send(post("Connection: close\r\n", alert()));

    assertThat(response()).startsWith("HTTP/1.1 202").containsIgnoringCase("connection: close");
    assertThat(socket.getInputStream().read()).isEqualTo(-1);
  }

  @Test
  void answersAMalformedRequestWith400AndCloses() throws Exception {
    send("POST " + FalcoHttpReceiver.PATH + " HTTP/1.1\r\nContent-Length: x\r\n\r\n");

    assertThat(response()).startsWith("HTTP/1.1 400").contains("malformed HTTP request");
    assertThat(socket.getInputStream().read()).isEqualTo(-1);
    assertThat(sink.rejected()).singleElement().asString().contains("malformed");
  }
}
