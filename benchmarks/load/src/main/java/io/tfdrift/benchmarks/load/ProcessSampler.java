package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples heap use ({@link MemoryMXBean}) and resident set size ({@code VmRSS} of {@code
 * /proc/self/status}) every 100 ms and keeps the peaks; reads the process's CPU time.
 */
final class ProcessSampler {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final Path STATUS = Path.of("/proc/self/status");

  private final AtomicLong peakHeap = new AtomicLong();
  private final AtomicLong peakRss = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private ProcessSampler() {
    thread = new Thread(this::sample, "load-sampler");
    thread.setDaemon(true);
  }

  static ProcessSampler start() {
    ProcessSampler s = new ProcessSampler();
    s.thread.start();
    return s;
  }

  private void sample() {
    while (running) {
      peakHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
      peakRss.accumulateAndGet(rss(), Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void reset() {
    peakHeap.set(MEMORY.getHeapMemoryUsage().getUsed());
    peakRss.set(rss());
  }

  long peakHeap() {
    return peakHeap.get();
  }

  long peakRss() {
    return peakRss.get();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }

  /** {@code VmRSS} in bytes; 0 where {@code /proc} does not exist. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The process's CPU time, or 0 if the JVM does not tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
