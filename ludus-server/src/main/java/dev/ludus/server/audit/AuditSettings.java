package dev.ludus.server.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a world's audit log is written ({@code audit.*} in the configuration,
 * {@code --audit-dir} and {@code --no-audit} on the command line). Immutable.
 *
 * @param enabled                 whether the log is written at all (off for benchmarks)
 * @param dir                     the directory of the logs and of the server key, created when missing
 * @param signedHeadIntervalTicks a signed tree head after every this many ticks, 1 to
 *                                {@value #MAX_SIGNED_HEAD_INTERVAL_TICKS}; 20 is one second at 20 Hz, so
 *                                a crash leaves at most a second of the log unsigned
 * @param queueTicks              ticks the tick thread may get ahead of the writer before recording
 *                                stops, {@value #MIN_QUEUE_TICKS} to {@value #MAX_QUEUE_TICKS}
 */
public record AuditSettings(boolean enabled, Path dir, int signedHeadIntervalTicks, int queueTicks) {
    /** The default directory, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of("data", "audit");
    /** Default ticks between signed heads: one second at 20 Hz. */
    public static final int DEFAULT_SIGNED_HEAD_INTERVAL_TICKS = 20;
    /** Default queue: a minute at 20 Hz. */
    public static final int DEFAULT_QUEUE_TICKS = 1200;
    /** Largest interval between signed heads. */
    public static final int MAX_SIGNED_HEAD_INTERVAL_TICKS = 1_000_000;
    /** Smallest queue. */
    public static final int MIN_QUEUE_TICKS = 1;
    /** Largest queue. */
    public static final int MAX_QUEUE_TICKS = 1_000_000;
    /** No audit log. */
    public static final AuditSettings DISABLED = new AuditSettings(false, DEFAULT_DIR,
        DEFAULT_SIGNED_HEAD_INTERVAL_TICKS, DEFAULT_QUEUE_TICKS);

    /** @throws IllegalArgumentException naming the first value out of range */
    public AuditSettings {
        Objects.requireNonNull(dir, "dir");
        if (signedHeadIntervalTicks < 1 || signedHeadIntervalTicks > MAX_SIGNED_HEAD_INTERVAL_TICKS) {
            throw new IllegalArgumentException("audit.signed-head-interval-ticks : " + signedHeadIntervalTicks
                + " (expected: 1 to " + MAX_SIGNED_HEAD_INTERVAL_TICKS + ")");
        }
        if (queueTicks < MIN_QUEUE_TICKS || queueTicks > MAX_QUEUE_TICKS) {
            throw new IllegalArgumentException("audit.queue-ticks : " + queueTicks + " (expected: " + MIN_QUEUE_TICKS
                + " to " + MAX_QUEUE_TICKS + ")");
        }
    }

    /**
     * @param dir the directory
     * @return auditing on, into {@code dir}, with the default interval and queue
     */
    public static AuditSettings in(Path dir) {
        return new AuditSettings(true, dir, DEFAULT_SIGNED_HEAD_INTERVAL_TICKS, DEFAULT_QUEUE_TICKS);
    }
}
