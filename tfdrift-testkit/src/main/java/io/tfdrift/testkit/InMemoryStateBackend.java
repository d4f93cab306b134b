package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A state backend that serves whatever document a test sets, with a version that changes on every
 * {@link #set}, and that can be told to fail.
 *
 * <pre>{@code
 * InMemoryStateBackend backend = new InMemoryStateBackend("prod");
 * backend.set(TerraformStates.builder().resource("aws_instance", "web", attrs).build());
 * }</pre>
 */
public final class InMemoryStateBackend implements StateBackend {
  private final String workspace;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile byte[] content;
  private volatile long version;
  private volatile String failure;

  /**
   * An empty backend; fetching fails until a document is set.
   *
   * @param workspace the workspace name of the document it serves
   */
  public InMemoryStateBackend(String workspace) {
    this.workspace = workspace;
  }

  /**
   * Serves a new document under a new version.
   *
   * @param document the state JSON
   * @return this backend
   */
  public synchronized InMemoryStateBackend set(byte[] document) {
    this.content = document.clone();
    this.version++;
    this.failure = null;
    return this;
  }

  /**
   * Makes every fetch fail until the next {@link #set}.
   *
   * @param message the failure message
   * @return this backend
   */
  public InMemoryStateBackend failWith(String message) {
    this.failure = message;
    return this;
  }

  /**
   * How many times {@link #fetch} was called.
   *
   * @return the fetch count
   */
  public int fetches() {
    return fetches.get();
  }

  @Override
  public synchronized StateFetch fetch(String knownVersion) throws StateException {
    fetches.incrementAndGet();
    if (failure != null) {
      throw new StateException(failure + " (" + location() + ")");
    }
    if (content == null) {
      throw new StateException("no state set in " + location());
    }
    String current = Long.toString(version);
    if (current.equals(knownVersion)) {
      return StateFetch.unchanged(current);
    }
    return StateFetch.changed(current, List.of(new StateDocument(workspace, location(), content)));
  }

  @Override
  public String location() {
    return "memory://" + workspace;
  }

  /**
   * A provider of type {@code memory} that always hands out this backend.
   *
   * @return the provider
   */
  public StateBackendProvider asProvider() {
    InMemoryStateBackend self = this;
    return new StateBackendProvider() {
      @Override
      public String type() {
        return "memory";
      }

      @Override
      public StateBackend create(ComponentConfig config) {
        return self;
      }
    };
  }
}
