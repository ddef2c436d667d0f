package dev.ludus.platform.ledger;

/**
 * What the ledger's lane reports, for metrics. Called on the lane's thread; implementations must be
 * quick and must not throw.
 */
public interface LedgerListener {
    /** A listener that ignores everything. */
    LedgerListener NONE = new LedgerListener() { };

    /**
     * A transaction was answered as committed.
     *
     * @param kind      {@code purchase} or {@code reward}
     * @param latencyNs from its arrival on the lane's queue to its durable commit, nanoseconds
     * @param replayed  true when it repeated an already committed key
     */
    default void onCommitted(String kind, long latencyNs, boolean replayed) {
    }

    /**
     * A request was refused (including idempotency conflicts and exhausted retries).
     *
     * @param error why
     */
    default void onRefused(LedgerError error) {
    }

    /** A batch failed with a transient store error and will be retried after a backoff. */
    default void onRetry() {
    }
}
