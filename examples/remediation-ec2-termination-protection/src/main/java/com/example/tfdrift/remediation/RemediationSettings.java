package com.example.tfdrift.remediation;

import io.tfdrift.api.ComponentConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plugin's {@code config} section.
 *
 * @param dryRun ask EC2 to check permissions without changing anything ({@code dry_run}, default
 *     {@code true}: remediation is opt-in)
 * @param allowedResources globs on the resource address, e.g. {@code module.web.aws_instance.*}
 *     ({@code allowed_resources}, default every instance)
 * @param excludedAccounts AWS account ids never to touch ({@code excluded_accounts})
 * @param endpoint an EC2 endpoint to use instead of {@code https://ec2.<region>.amazonaws.com}
 *     ({@code endpoint}, e.g. a VPC endpoint or LocalStack)
 * @param requestTimeout how long one EC2 or credentials request may take ({@code request_timeout},
 *     default 4s; keep it below the plugin entry's {@code timeout})
 */
record RemediationSettings(
    boolean dryRun,
    List<String> allowedResources,
    Set<String> excludedAccounts,
    Optional<URI> endpoint,
    Duration requestTimeout) {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  RemediationSettings {
    allowedResources = List.copyOf(allowedResources);
    excludedAccounts = Set.copyOf(excludedAccounts);
  }

  static RemediationSettings read(ComponentConfig config) {
    boolean dryRun = config.bool("dry_run", true);
    List<String> allowed =
        config.has("allowed_resources") ? config.strings("allowed_resources") : List.of("*");
    if (allowed.isEmpty()) {
      throw config.invalid(
          "allowed_resources",
          "is empty, so nothing could be remediated; list address globs such as"
              + " aws_instance.* or module.prod.*, or remove the key to allow every instance");
    }
    List<String> accounts =
        config.has("excluded_accounts") ? config.strings("excluded_accounts") : List.of();
    for (String account : accounts) {
      if (!ACCOUNT.matcher(account).matches()) {
        throw config.invalid(
            "excluded_accounts",
            "'"
                + account
                + "' is not an AWS account id (12 digits, quoted in YAML: \"012345678901\")");
      }
    }
    Optional<URI> endpoint = config.optionalString("endpoint").map(e -> endpoint(config, e));
    Duration timeout = config.duration("request_timeout", Duration.ofSeconds(4));
    return new RemediationSettings(dryRun, allowed, Set.copyOf(accounts), endpoint, timeout);
  }

  private static URI endpoint(ComponentConfig config, String value) {
    try {
      URI uri = URI.create(value);
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri.getPath() == null || uri.getPath().isEmpty() ? URI.create(value + "/") : uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw config.invalid(
        "endpoint",
        "'" + value + "' is not an http(s) URL; write e.g. https://ec2.eu-west-1.amazonaws.com");
  }

  /** Whether the resource address matches one of {@code allowed_resources}. */
  boolean allows(String address) {
    for (String glob : allowedResources) {
      if (glob(glob).matcher(address).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code *} is any run of characters, {@code ?} one character; the rest is literal. */
  private static Pattern glob(String glob) {
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        parts.add(Pattern.quote(literal.toString()));
        literal.setLength(0);
        parts.add(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    parts.add(Pattern.quote(literal.toString()));
    return Pattern.compile(String.join("", parts));
  }
}
