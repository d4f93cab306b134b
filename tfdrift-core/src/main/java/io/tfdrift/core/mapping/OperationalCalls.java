package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operational calls ({@code io/tfdrift/core/mapping/<provider>/operational.txt}): successful
 * mutating calls whose effect no Terraform resource models — a reboot, a shell session, a command
 * run on an instance, an object written to a bucket. They are never drift and never a blind spot.
 * Each line is {@code <service> <call> # why}; the reason is required. Loaded once; lookups
 * allocate nothing.
 */
public final class OperationalCalls {
  private static final List<String> PROVIDERS = List.of("aws", "gcp");
  private static final Map<String, Map<String, Map<String, String>>> BY_PROVIDER = load();
  private static final Map<String, String[]> BY_SERVICE = index(BY_PROVIDER);

  private OperationalCalls() {}

  /**
   * Whether a call is listed as operational.
   *
   * @param event the audit event
   * @return {@code true} if its service and call name (GCP's with or without its API version) are
   *     listed
   */
  public static boolean isOperational(AuditEvent event) {
    String[] calls = BY_SERVICE.get(event.service());
    if (calls == null) {
      return false;
    }
    String action = event.action();
    for (String call : calls) {
      if (CallNames.isCall(action, call)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The operational calls of a provider, for {@code tfdrift mappings} and docs.
   *
   * @param provider {@code aws} or {@code gcp}
   * @return {@code service → (call → why)}, in file order
   */
  public static Map<String, Map<String, String>> of(String provider) {
    return BY_PROVIDER.getOrDefault(provider, Map.of());
  }

  private static Map<String, Map<String, Map<String, String>>> load() {
    Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
    for (String provider : PROVIDERS) {
      out.put(provider, parse(provider));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** One provider's list, or none if it has no file. */
  private static Map<String, Map<String, String>> parse(String provider) {
    String name = "io/tfdrift/core/mapping/" + provider + "/operational.txt";
    InputStream in = OperationalCalls.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      return Map.of();
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(name, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a list; a malformed line fails with the file, the line and the expected form.
   *
   * @param name the file, for messages
   * @param r its lines
   * @return {@code service → (call → why)}, in file order
   * @throws IOException if reading fails
   */
  static Map<String, Map<String, String>> parse(String name, BufferedReader r) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    int number = 0;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      number++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int hash = l.indexOf('#');
      String why = hash < 0 ? "" : l.substring(hash + 1).strip();
      String[] parts = (hash < 0 ? l : l.substring(0, hash)).strip().split("\\s+");
      if (parts.length != 2 || why.isEmpty()) {
        throw new IllegalStateException(
            name
                + ":"
                + number
                + ": '"
                + l
                + "' is not '<service> <call>  # why no Terraform resource models its effect'");
      }
      String previous =
          out.computeIfAbsent(parts[0], s -> new LinkedHashMap<>()).put(parts[1], why);
      if (previous != null) {
        throw new IllegalStateException(
            name + ":" + number + ": " + parts[0] + " " + parts[1] + " is listed twice");
      }
    }
    Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
    out.forEach(
        (service, calls) ->
            frozen.put(service, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calls))));
    return java.util.Collections.unmodifiableMap(frozen);
  }

  /** By service, a few calls each: scanned without allocating, GCP's versioned names included. */
  private static Map<String, String[]> index(
      Map<String, Map<String, Map<String, String>>> byProvider) {
    Map<String, String[]> out = new HashMap<>();
    byProvider
        .values()
        .forEach(
            services ->
                services.forEach(
                    (service, calls) -> out.put(service, calls.keySet().toArray(String[]::new))));
    return Map.copyOf(out);
  }
}
