package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The inventory API ({@code /api/v1}) as a client sees it, for {@code tfdrift drifts}: every answer
 * that is not 200 becomes a {@link Failure} whose message names the URL, what it said and what to
 * do about it.
 */
final class InventoryClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A request the server refused or could not answer; the message is for a person. */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private final URI server;
  private final String token;
  private final HttpClient http;

  /**
   * @param server the daemon's admin address, e.g. {@code http://localhost:8080}
   * @param token a bearer token, or empty for none
   */
  InventoryClient(String server, String token) throws Failure {
    this.server = base(server);
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private static URI base(String server) throws Failure {
    String s = server.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.contains("://")) {
      s = "http://" + s;
    }
    try {
      URI uri = new URI(s);
      if (uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new URISyntaxException(s, "not an http(s) address with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new Failure(
          "--server '"
              + server
              + "' is not an address: use the daemon's admin address, e.g."
              + " http://localhost:8080");
    }
  }

  /** The address the client talks to, as given. */
  String server() {
    return server.toString();
  }

  /** {@code GET /api/v1/drifts} with the given (already encoded) query. */
  Map<String, Object> list(String query) throws Failure {
    return send("GET", "drifts" + (query.isEmpty() ? "" : "?" + query), null, "");
  }

  /** {@code GET /api/v1/drifts/{key}}. */
  Map<String, Object> show(String key) throws Failure {
    return send("GET", "drifts/" + segment(key), null, key);
  }

  /** {@code POST /api/v1/drifts/{key}/{action}} with a JSON body. */
  Map<String, Object> post(String key, String action, Map<String, Object> body) throws Failure {
    return send("POST", "drifts/" + segment(key) + "/" + action, JsonTrees.toJson(body), key);
  }

  /** A path segment: the key's {@code |}, {@code /}, spaces and the rest percent-encoded. */
  static String segment(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Map<String, Object> send(String method, String path, String json, String key)
      throws Failure {
    URI uri = URI.create(server + InventoryApi.PREFIX + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    if (json == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new Failure(
          "cannot connect to "
              + server
              + ": no answer within 5 s. Is --server the daemon's admin address (server.listen)?");
    } catch (HttpTimeoutException e) {
      throw new Failure(uri + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new Failure(
          "cannot connect to "
              + server
              + " (connection refused): is the daemon running there? Start it with tfdrift run"
              + " --config F (or tfdrift demo) and pass its admin address (server.listen) as"
              + " --server");
    } catch (IOException e) {
      throw new Failure("cannot talk to " + server + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while waiting for " + uri);
    }
    return answer(method, uri, key, response);
  }

  private Map<String, Object> answer(
      String method, URI uri, String key, HttpResponse<byte[]> response) throws Failure {
    int status = response.statusCode();
    Map<String, Object> body = parse(response.body());
    if (body == null && status == 404) {
      throw new Failure(
          server
              + " has no inventory API (404 for "
              + uri.getPath()
              + "): is --server the daemon's admin address, and does the daemon keep an inventory"
              + " (store.type is not none)?");
    }
    if (body == null) {
      throw new Failure(
          method
              + " "
              + uri
              + " answered "
              + status
              + " with something that is not the TFDrift API (no JSON object): is --server the"
              + " daemon's admin address?");
    }
    if (status == 200) {
      return body;
    }
    String said = JsonTrees.text(body, "error");
    throw new Failure(
        switch (status) {
          case 401 ->
              token.isEmpty()
                  ? server
                      + " needs a token ("
                      + said
                      + "): pass --token-file F (or --token T) with the daemon's server.read_token, or"
                      + " its server.write_token to acknowledge or resolve"
                  : server
                      + " refused the token given ("
                      + said
                      + "): use the daemon's "
                      + (method.equals("POST")
                          ? "server.write_token"
                          : "server.read_token or server.write_token");
          case 403 -> server + " refused: " + said;
          case 404 ->
              said.startsWith("no drift with key")
                  ? "no drift with key "
                      + key
                      + " at "
                      + server
                      + "; tfdrift drifts list --server "
                      + server
                      + " shows the keys"
                  : server
                      + " has no inventory API ("
                      + said
                      + "): is --server the daemon's admin address, and does the daemon keep an"
                      + " inventory (store.type is not none)?";
          default -> method + " " + uri + " answered " + status + ": " + said;
        });
  }

  private static Map<String, Object> parse(byte[] bytes) {
    try {
      return JsonTrees.parseObject(bytes);
    } catch (IllegalArgumentException notJson) {
      return null;
    }
  }
}
