package io.tfdrift.source.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link KafkaAuditSource} consumes.
 *
 * @param topics the topics the group subscribes to
 * @param groupId the consumer group
 * @param bootstrapServers for messages
 * @param commitInterval how often completed offsets are committed while consuming
 * @param drainTimeout how long a revocation or shutdown waits for messages in hand to complete
 * @param maxAttempts how many times a message is processed before it is rejected and skipped; 0 for
 *     no limit
 * @param client every consumer setting, secrets included (never printed: see {@link #toString})
 */
record KafkaSettings(
    List<String> topics,
    String groupId,
    String bootstrapServers,
    Duration commitInterval,
    Duration drainTimeout,
    int maxAttempts,
    Map<String, Object> client) {

  KafkaSettings {
    topics = List.copyOf(topics);
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    client = Map.copyOf(client);
  }

  /** Names the client settings but never their values, which hold passwords and keys. */
  @Override
  public String toString() {
    return "KafkaSettings[topics="
        + topics
        + ", groupId="
        + groupId
        + ", bootstrapServers="
        + bootstrapServers
        + ", commitInterval="
        + commitInterval
        + ", drainTimeout="
        + drainTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", client keys="
        + client.keySet().stream().sorted().toList()
        + "]";
  }
}
