/**
 * The load drivers. {@link io.tfdrift.benchmarks.load.LoadDriver} starts the {@code tfdrift} daemon
 * in-process on a generated state, replays real-shaped Falco alerts over loopback HTTP/1.1
 * keep-alive connections and measures throughput, alert-to-notifier latency, heap and RSS ({@code
 * java -jar benchmarks/load/target/load-driver.jar}). {@link
 * io.tfdrift.benchmarks.load.ScaleDriver} runs several {@code tfdrift run} replicas as processes on
 * one PostgreSQL and one broker (SQS or Kafka) and checks that no drift is lost or notified twice,
 * also when a replica is killed or joins. See {@code benchmarks/README.md}.
 */
package io.tfdrift.benchmarks.load;
