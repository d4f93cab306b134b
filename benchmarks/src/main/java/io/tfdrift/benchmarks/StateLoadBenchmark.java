package io.tfdrift.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.core.state.TerraformStateParser;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse and index a generated state. Baseline: Jackson {@code readTree} of the same bytes, in the
 * same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class StateLoadBenchmark {
  @Param({"50000"})
  int resources;

  private byte[] bytes;
  private final ObjectMapper jackson = new ObjectMapper();

  @Setup
  public void setUp() {
    bytes = Fixtures.state(resources);
  }

  /** The floor: a generic Jackson tree of the same document. */
  @Benchmark
  public JsonNode baselineJacksonReadTree() throws IOException {
    return jackson.readTree(bytes);
  }

  /** Streaming parse into resources, then the identifier index. */
  @Benchmark
  public StateIndex parseAndIndex() throws StateException {
    var parsed =
        TerraformStateParser.parse("bench", new StateDocument("default", "memory://bench", bytes));
    return StateIndex.of(List.of(parsed));
  }
}
