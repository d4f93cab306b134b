package io.tfdrift.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to the Falco receiver, as Falco's {@code http_output} keeps
 * one: a request, then its response, then the next request. Raw sockets rather than an HTTP client
 * library, so that the client's own cost on the shared cores stays small.
 */
final class FalcoConnection implements AutoCloseable {
  private final InetSocketAddress address;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final StringBuilder line = new StringBuilder(128);
  private String lastBody = "";
  private int reconnects;

  FalcoConnection(InetSocketAddress address) throws IOException {
    this.address = address;
    connect();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
  }

  /** Sends one request and reads its response; returns the status. */
  int post(byte[] request, int length) throws IOException {
    out.write(request, 0, length);
    out.flush();
    int status = statusLine();
    int contentLength = 0;
    boolean close = false;
    String header;
    while (!(header = readLine()).isEmpty()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        contentLength = Integer.parseInt(value);
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    byte[] body = in.readNBytes(contentLength);
    if (body.length < contentLength) {
      throw new EOFException("response body cut short");
    }
    if (status != 202) {
      lastBody = new String(body, StandardCharsets.UTF_8);
    }
    if (close) {
      reconnect();
    }
    return status;
  }

  private int statusLine() throws IOException {
    String status = readLine();
    int space = status.indexOf(' ');
    if (!status.startsWith("HTTP/1.1 ") || space < 0 || status.length() < space + 4) {
      throw new IOException("not an HTTP/1.1 response: " + status);
    }
    return Integer.parseInt(status.substring(space + 1, space + 4));
  }

  private String readLine() throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed by the receiver");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private void reconnect() throws IOException {
    reconnects++;
    socket.close();
    connect();
  }

  /** The body of the last response that was not 202, for the report. */
  String lastBody() {
    return lastBody;
  }

  int reconnects() {
    return reconnects;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
