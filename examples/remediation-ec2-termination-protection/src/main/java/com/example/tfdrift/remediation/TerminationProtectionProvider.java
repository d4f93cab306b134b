package com.example.tfdrift.remediation;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code ec2-termination-protection} plugin: re-enables termination protection that was
 * switched off outside Terraform on a managed EC2 instance.
 *
 * <pre>{@code
 * plugins:
 *   - name: ec2-termination-protection
 *     timeout: 10s                    # the EC2 call runs before notifiers are told
 *     config:
 *       dry_run: false                # default true: EC2 only checks the permission
 *       allowed_resources: ["module.prod.aws_instance.*"]
 *       excluded_accounts: ["123456789012"]
 * }</pre>
 */
public final class TerminationProtectionProvider implements PluginProvider {
  private final Map<String, String> env;
  private final Clock clock;

  /** Found by ServiceLoader; credentials come from the process environment. */
  public TerminationProtectionProvider() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** For tests: another environment and clock. */
  TerminationProtectionProvider(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  @Override
  public String type() {
    return "ec2-termination-protection";
  }

  @Override
  public Plugin create(ComponentConfig config) {
    RemediationSettings settings = RemediationSettings.read(config);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.requestTimeout())
            .build();
    CredentialChain credentials = new CredentialChain(env, http, settings.requestTimeout(), clock);
    return new TerminationProtectionPlugin(
        settings,
        new Ec2Client(http, credentials, settings.endpoint(), settings.requestTimeout(), clock));
  }
}
