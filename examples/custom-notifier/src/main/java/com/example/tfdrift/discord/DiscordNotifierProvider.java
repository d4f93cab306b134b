package com.example.tfdrift.discord;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code discord} notifier: posts every drift to a Discord channel as an embed through an
 * incoming webhook.
 *
 * <pre>{@code
 * notifications:
 *   discord:
 *     webhook_url_from_env: DISCORD_WEBHOOK_URL   # or webhook_url, webhook_url_from_file, ...
 *     username: TFDrift                           # default
 *     timeout: 10s                                # default
 *     min_severity: high                          # read by tfdrift's dispatcher, as for every notifier
 * }</pre>
 */
public final class DiscordNotifierProvider implements NotifierProvider {

  /**
   * Found by ServiceLoader through {@code META-INF/services/io.tfdrift.api.spi.NotifierProvider}.
   */
  public DiscordNotifierProvider() {}

  @Override
  public String type() {
    return "discord";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    Secret url = config.secret("webhook_url");
    URI webhook;
    try {
      webhook = URI.create(url.reveal());
    } catch (IllegalArgumentException e) {
      throw config.invalid("webhook_url", "is not a URL; copy it from Discord's channel settings");
    }
    if (!"https".equals(webhook.getScheme()) && !"http".equals(webhook.getScheme())) {
      throw config.invalid(
          "webhook_url",
          "must be an https:// URL (https://discord.com/api/webhooks/<id>/<token>); copy it from"
              + " the channel's Integrations > Webhooks settings");
    }
    String username = config.string("username", "TFDrift");
    Duration timeout = config.duration("timeout", Duration.ofSeconds(10));
    return new DiscordNotifier(webhook, username, timeout);
  }
}
