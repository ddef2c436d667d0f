package dev.ludus.server;

import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's meters: {@code ludus_ledger_commits_total{kind,replayed}},
 * {@code ludus_ledger_refused_total{error}}, {@code ludus_ledger_conflicts_total},
 * {@code ludus_ledger_retries_total}, {@code ludus_ledger_commit_latency_seconds} (histogram with
 * p50/p99 over a 30 s window and SLO buckets at 10, 50 and 100 ms: the 50 ms target) and the
 * gauge {@code ludus_ledger_queue_depth}. Called on the ledger's lane; meters are created up front.
 */
final class LedgerMetrics implements LedgerListener {
    private final Map<String, Counter> commits = new java.util.HashMap<>();
    private final Map<LedgerError, Counter> refused = new EnumMap<>(LedgerError.class);
    private final Counter conflicts;
    private final Counter retries;
    private final Timer latency;

    LedgerMetrics(MeterRegistry registry) {
        for (String kind : new String[] {"purchase", "reward", "settlement"}) {
            for (boolean replayed : new boolean[] {false, true}) {
                commits.put(kind + replayed, Counter.builder("ludus.ledger.commits")
                    .description("Ledger transactions answered as committed (replayed: a repeated idempotency key)")
                    .tag("kind", kind).tag("replayed", Boolean.toString(replayed)).register(registry));
            }
        }
        for (LedgerError error : LedgerError.values()) {
            refused.put(error, Counter.builder("ludus.ledger.refused").description("Ledger requests refused, by error code")
                .tag("error", error.code()).register(registry));
        }
        conflicts = Counter.builder("ludus.ledger.conflicts")
            .description("Idempotency keys reused with a different request (409)").register(registry);
        retries = Counter.builder("ludus.ledger.retries")
            .description("Ledger batches retried after a transient database failure").register(registry);
        latency = Timer.builder("ludus.ledger.commit.latency")
            .description("From a transaction's arrival on the ledger's lane to its durable commit")
            .publishPercentiles(0.5, 0.99)
            .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100))
            .distributionStatisticExpiry(ServerMetrics.TICK_WINDOW)
            .distributionStatisticBufferLength(3)
            .register(registry);
    }

    @Override
    public void onCommitted(String kind, long latencyNs, boolean replayed) {
        Counter counter = commits.get(kind + replayed);
        if (counter != null) {
            counter.increment();
        }
        latency.record(latencyNs, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onRefused(LedgerError error) {
        refused.get(error).increment();
        if (error == LedgerError.IDEMPOTENCY_CONFLICT) {
            conflicts.increment();
        }
    }

    @Override
    public void onRetry() {
        retries.increment();
    }
}
