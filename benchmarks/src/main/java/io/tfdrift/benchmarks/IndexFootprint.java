package io.tfdrift.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Retained heap of a loaded state: what a {@link StateStore} holds once it has parsed and indexed a
 * generated state of {@code n} resources (the state the daemon keeps between refreshes), next to
 * the retained heap of a Jackson {@code readTree} of the same bytes as the baseline.
 *
 * <p>Method: used heap after a settled full GC (repeated {@code System.gc()} until used heap stops
 * shrinking), measured with the input bytes already allocated, then again while the store (or the
 * tree) is held; the difference is what it retains. Run it alone in its JVM:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.tfdrift.benchmarks.IndexFootprint 50000
 * }</pre>
 */
public final class IndexFootprint {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final double MB = 1024.0 * 1024.0;

  private IndexFootprint() {}

  /**
   * Prints the retained heap of a state store and of a Jackson tree for a generated state.
   *
   * @param args the number of resources (default 50,000)
   * @throws IOException never: the input is generated
   */
  public static void main(String[] args) throws IOException {
    int resources = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    byte[] bytes = Fixtures.state(resources);

    long before = settledUsedHeap();
    StateStore store = new StateStore();
    RefreshResult result = store.refresh("bench", new InMemoryStateBackend("default").set(bytes));
    if (store.index().size() != resources) {
      throw new IllegalStateException("indexed " + store.index().size() + ": " + result);
    }
    long withStore = settledUsedHeap();
    long storeBytes = withStore - before;
    // Held until here, so that the measurement above counts it.
    Reference.reachabilityFence(store);
    store = null;

    before = settledUsedHeap();
    JsonNode tree = new ObjectMapper().readTree(bytes);
    long withTree = settledUsedHeap();
    long treeBytes = withTree - before;
    Reference.reachabilityFence(tree);

    System.out.printf(
        Locale.ROOT,
        "state: %,d resources, %.1f MB of JSON (%,d B/resource)%n",
        resources,
        bytes.length / MB,
        bytes.length / resources);
    System.out.printf(
        Locale.ROOT,
        "StateStore (parsed + indexed): %.1f MB retained, %,d B/resource%n",
        storeBytes / MB,
        storeBytes / resources);
    System.out.printf(
        Locale.ROOT,
        "baseline Jackson readTree:     %.1f MB retained, %,d B/resource%n",
        treeBytes / MB,
        treeBytes / resources);
    System.out.printf(
        Locale.ROOT,
        "ratio StateStore / readTree:   %.2f%n",
        treeBytes == 0 ? Double.NaN : (double) storeBytes / treeBytes);
  }

  /** Used heap once full collections stop freeing anything (also the load driver's measure). */
  public static long settledUsedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used - 64 * 1024 && i >= 2) {
        return Math.min(now, used);
      }
      used = Math.min(used, now);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return used;
  }
}
