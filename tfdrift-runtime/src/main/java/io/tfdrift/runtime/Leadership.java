package io.tfdrift.runtime;

import io.tfdrift.api.SourceException;
import java.util.Optional;

/**
 * Whether this instance is the one that ingests and notifies. Without high availability the single
 * instance leads from the start; with it, instances campaign for a Kubernetes Lease and only the
 * holder leads ({@link LeaseElection}).
 */
interface Leadership extends AutoCloseable {

  /** What a term of leadership starts and stops. Called on the election's thread. */
  interface Term {
    /** This instance now leads: start ingesting. */
    void elected() throws SourceException;

    /** This instance no longer leads: stop ingesting. */
    void deposed();
  }

  /**
   * Starts campaigning; {@code term} hears of every change of role.
   *
   * @throws SourceException when the single instance cannot start ingesting (an elected instance
   *     that cannot start gives the lease up instead)
   */
  void start(Term term) throws SourceException;

  /** Whether this instance leads now. */
  boolean leading();

  /** The identity of the current leader, if known. */
  Optional<String> leader();

  /** Gives up leadership (releasing the lease) and stops campaigning. */
  @Override
  void close();

  /**
   * The single instance: leads from its creation until {@link #close}, so that it is not reported
   * ready (as a standby would be) before {@link #start} has started its sources.
   */
  static Leadership sole() {
    return new Leadership() {
      private volatile Term term;
      private volatile boolean closed;

      @Override
      public void start(Term t) throws SourceException {
        term = t;
        t.elected();
      }

      @Override
      public boolean leading() {
        return !closed;
      }

      @Override
      public Optional<String> leader() {
        return Optional.empty();
      }

      @Override
      public void close() {
        closed = true;
        Term t = term;
        term = null;
        if (t != null) {
          t.deposed();
        }
      }
    };
  }
}
