package io.tfdrift.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard's files under {@code /ui/} from this jar. {@code /ui} and {@code /ui/}
 * answer the page; everything else is one of a fixed set of files (no path is ever resolved against
 * a directory), with a strict Content-Security-Policy: the page loads nothing from anywhere else
 * and runs no inline script.
 */
public final class Dashboard implements HttpHandler {
  /** Where the daemon mounts the dashboard. */
  public static final String PATH = "/ui";

  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> content;

  /** Loads the files once. */
  public Dashboard() {
    content =
        Map.of(
            "index.html", read("index.html"),
            "app.js", read("app.js"),
            "app.css", read("app.css"));
  }

  @Override
  public void handle(HttpExchange e) throws IOException {
    try (e) {
      String path = e.getRequestURI().getPath();
      String name =
          path.equals(PATH) || path.equals(PATH + "/")
              ? "index.html"
              : path.substring(PATH.length() + 1);
      if (!e.getRequestMethod().equals("GET") && !e.getRequestMethod().equals("HEAD")) {
        e.getResponseHeaders().set("Allow", "GET, HEAD");
        e.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = content.get(name);
      if (body == null) {
        byte[] missing = "not found\n".getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        e.sendResponseHeaders(404, missing.length);
        e.getResponseBody().write(missing);
        return;
      }
      e.getResponseHeaders().set("Content-Type", FILES.get(name));
      e.getResponseHeaders().set("Cache-Control", "no-cache");
      e.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      e.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      e.getResponseHeaders()
          .set(
              "Content-Security-Policy",
              "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                  + " img-src 'self' data:; base-uri 'none'; form-action 'none';"
                  + " frame-ancestors 'none'");
      if (e.getRequestMethod().equals("HEAD")) {
        e.sendResponseHeaders(200, -1);
        return;
      }
      e.sendResponseHeaders(200, body.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream("ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard file ui/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
