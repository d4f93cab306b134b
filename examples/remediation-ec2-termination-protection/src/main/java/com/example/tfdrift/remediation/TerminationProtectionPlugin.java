package com.example.tfdrift.remediation;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Remediation: when an EC2 instance that Terraform manages with {@code disable_api_termination =
 * true} has termination protection switched off outside Terraform, switch it back on (or, with
 * {@code dry_run}, have EC2 confirm that it could). The outcome is added to the drift as the label
 * {@code remediation}, so the notification says what was done, and counted as {@code
 * tfdrift_plugin_remediations_total{outcome}}.
 */
final class TerminationProtectionPlugin implements Plugin {
  static final String LABEL = "remediation";
  private static final String ATTRIBUTE = "disable_api_termination";

  private final RemediationSettings settings;
  private final Ec2Client ec2;
  private PluginContext context;

  TerminationProtectionPlugin(RemediationSettings settings, Ec2Client ec2) {
    this.settings = settings;
    this.ec2 = ec2;
  }

  @Override
  public void init(PluginContext context) {
    this.context = context;
    context
        .logger()
        .log(
            Level.INFO,
            "termination protection remediation ready: dry_run={0}, allowed_resources={1},"
                + " excluded_accounts={2}, endpoint={3}",
            settings.dryRun(),
            settings.allowedResources(),
            settings.excludedAccounts(),
            settings.endpoint().map(Object::toString).orElse("ec2.<region>.amazonaws.com"));
  }

  @Override
  public void onDriftDetected(DriftEvent event) {
    if (!protectionSwitchedOff(event)) {
      return;
    }
    String address = event.resource().address();
    String account = event.event().accountId();
    if (!settings.allows(address)) {
      skip(event, address + " is not in allowed_resources");
      return;
    }
    if (settings.excludedAccounts().contains(account)) {
      skip(event, "account " + account + " is in excluded_accounts");
      return;
    }
    String instance = event.resource().id();
    String region = event.event().region();
    if (instance.isEmpty() || region.isEmpty()) {
      record(event, "failed", "failed: the drift names no instance id or region", Level.WARNING);
      return;
    }
    Ec2Client.Answer answer;
    try {
      answer = ec2.enableTerminationProtection(region, instance, settings.dryRun());
    } catch (InterruptedException e) {
      // tfdrift's timeout for this plugin fired: give up, and say so in the counter and the log.
      Thread.currentThread().interrupt();
      context.counter("remediations", Map.of("outcome", "failed")).increment();
      context
          .logger()
          .log(
              Level.WARNING,
              "re-enabling termination protection on {0} was interrupted (plugin timeout)",
              instance);
      return;
    }
    switch (answer.outcome()) {
      case APPLIED ->
          record(
              event,
              "applied",
              "re-enabled termination protection on "
                  + instance
                  + " (request "
                  + answer.requestId()
                  + ")",
              Level.INFO);
      case WOULD_APPLY ->
          record(
              event,
              "dry_run",
              "dry run: EC2 confirms termination protection on "
                  + instance
                  + " can be re-enabled; set dry_run: false to do it",
              Level.INFO);
      case FAILED ->
          record(
              event,
              "failed",
              "failed to re-enable termination protection on "
                  + instance
                  + ": "
                  + answer.code()
                  + ": "
                  + brief(answer.message()),
              Level.WARNING);
    }
  }

  /** Terraform wants protection on, and the call switched it off. */
  private static boolean protectionSwitchedOff(DriftEvent event) {
    if (!event.provider().equals("aws")
        || !event.resource().type().equals("aws_instance")
        || event.kind() != DriftKind.MODIFIED) {
      return false;
    }
    for (DriftEvent.Change change : event.changes()) {
      if (change.attribute().equals(ATTRIBUTE)
          && change.expected().map(TerminationProtectionPlugin::isTrue).orElse(false)
          && change.actual().map(v -> !isTrue(v)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }

  private void skip(DriftEvent event, String why) {
    record(event, "skipped", "skipped: " + why, Level.DEBUG);
  }

  private void record(DriftEvent event, String outcome, String text, Level level) {
    context.annotate(event, LABEL, text);
    context.counter("remediations", Map.of("outcome", outcome)).increment();
    context.logger().log(level, "{0}: {1}", event.resource().address(), text);
  }

  private static String brief(String message) {
    // UnauthorizedOperation carries a long "Encoded authorization failure message".
    int encoded = message.indexOf(" Encoded authorization failure message");
    String text = encoded > 0 ? message.substring(0, encoded) : message;
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
