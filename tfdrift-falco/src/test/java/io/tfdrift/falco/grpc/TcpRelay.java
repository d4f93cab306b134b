package io.tfdrift.falco.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards loopback TCP connections to a port and counts those that ended: the positive sync point
 * for "the client tried and gave up" (a TLS handshake it refused), instead of sleeping and hoping
 * it had tried.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final AtomicInteger ended = new AtomicInteger();

  TcpRelay(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "tcp-relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Client connections that have closed (from either side). */
  int ended() {
    return ended.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean counts) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException gone) {
                // the other side closed: end both
              } finally {
                close(from);
                close(to);
                if (counts) {
                  ended.incrementAndGet();
                }
              }
            },
            "tcp-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
