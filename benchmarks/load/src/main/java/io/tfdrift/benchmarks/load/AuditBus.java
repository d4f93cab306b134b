package io.tfdrift.benchmarks.load;

/**
 * The broker the replicas consume, started by the scale driver in its own process: an SQS queue
 * (ElasticMQ) or a Kafka topic (a KRaft broker). One channel (queue or topic) per run.
 */
interface AuditBus {
  /** {@code sqs} or {@code kafka}. */
  String name();

  /**
   * Creates a fresh queue or topic for a run.
   *
   * @param run a name unique in this driver
   * @return the {@code sources:} list item of the replicas' configuration, indented by two spaces
   */
  String open(String run) throws Exception;

  /**
   * Publishes record {@code i}; thread-safe, may batch until {@link #flush()}.
   *
   * @param key the partition key (the record's account)
   */
  void publish(int i, String key, ScaleRecords records);

  /** Sends whatever {@link #publish} still holds and waits until the broker has it. */
  void flush() throws Exception;

  /** Messages of the current channel not yet processed (deleted, or below the committed offset). */
  long backlog() throws Exception;

  /** Stops the broker. */
  void close() throws Exception;
}
