package io.tfdrift.source.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link SqsAuditSource} polls.
 *
 * @param queueUrl the queue
 * @param waitTime the long-poll wait
 * @param maxMessages messages per receive
 * @param visibilityTimeout how long a message in hand stays hidden; extended every half of it
 */
record SqsSettings(
    String queueUrl, Duration waitTime, int maxMessages, Duration visibilityTimeout) {

  SqsSettings {
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(waitTime, "waitTime");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
  }
}
