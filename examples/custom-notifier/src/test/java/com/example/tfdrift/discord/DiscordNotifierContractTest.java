package com.example.tfdrift.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.testkit.NotifierContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The notifier keeps the contract every notifier keeps, against an in-process Discord. */
class DiscordNotifierContractTest extends NotifierContractTest {
  private FakeDiscord discord;

  @BeforeEach
  void start() throws Exception {
    discord = new FakeDiscord();
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  @Override
  protected NotifierProvider provider() {
    return new DiscordNotifierProvider();
  }

  @Override
  protected Map<String, Object> validConfig() {
    return Map.of("webhook_url", discord.webhookUrl(), "username", "TFDrift", "timeout", "5s");
  }

  @Override
  protected String secretInConfig() {
    return "s3cr3t-t0ken-AbCdEf";
  }

  @Override
  protected void assertDelivered(DriftEvent event) {
    assertThat(discord.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo(FakeDiscord.PATH);
              assertThat(r.body()).contains(event.id());
            });
  }
}
