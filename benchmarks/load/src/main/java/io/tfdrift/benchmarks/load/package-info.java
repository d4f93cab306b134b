/**
 * The load driver: starts the {@code tfdrift} daemon in-process on a generated state, replays
 * real-shaped Falco alerts over loopback HTTP/1.1 keep-alive connections and measures throughput,
 * alert-to-notifier latency, heap and RSS. Run with {@code java -jar
 * benchmarks/load/target/load-driver.jar}; see {@code benchmarks/README.md}.
 */
package io.tfdrift.benchmarks.load;
