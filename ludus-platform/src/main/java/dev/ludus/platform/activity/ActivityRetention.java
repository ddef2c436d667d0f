package dev.ludus.platform.activity;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes delivered notices and finished tasks once they are older than the retention, so the activity
 * tables hold the live work and a window of history instead of growing for ever.
 *
 * <p>Notice ids and task seqs grow with time, so age becomes a range of keys: every mark interval (a
 * tenth of the retention, at most an hour) the lane records a <em>mark</em>, the newest notice id and
 * task seq at that moment ({@link ActivityStore#mark}), right after a save made them durable. A purge
 * takes the newest mark at least the retention old and deletes the delivered notices and the finished
 * tasks at or below it ({@link ActivityStore#purge}): a walk along the primary key, with no index on time
 * and nothing added to the writes of settling. So a row goes between the retention and the retention
 * plus one mark interval after it was created.
 *
 * <p>What is never deleted: an undelivered notice (the offline player's fallback storage), an active task
 * (a durable timer), and the newest notice and task (a restart continues the ids after them, so a client
 * never sees a notice id twice). A task's credit is keyed in the ledger, not here: deleting a finished
 * task cannot make it credit again.
 *
 * <p>A purge deletes at most {@value #BATCH} notices and {@value #BATCH} tasks, so one lane turn stays
 * short; a backlog (the first run on a large table) is worked off at that rate every
 * {@value #BACKLOG_PAUSE_MS} ms. A failed mark or purge is logged and tried again at the next interval:
 * retention never holds up play. Lane-only: not thread-safe, except the counters.
 */
final class ActivityRetention {
    /** The shortest retention: one minute. */
    static final long MIN_RETENTION_MS = 60_000;
    /** The longest time between two marks: one hour. */
    static final long MAX_MARK_INTERVAL_MS = 3_600_000;
    /** Most notices, and most tasks, deleted by one purge. */
    static final int BATCH = 5_000;
    /** Time between two purges while a backlog remains. */
    static final long BACKLOG_PAUSE_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ActivityRetention.class);

    private final ActivityStore store;
    private final long retentionMs;
    private final long markIntervalMs;
    private long nextMarkMs = Long.MIN_VALUE;
    private long nextPurgeMs = Long.MIN_VALUE;
    private final AtomicLong noticesPurged = new AtomicLong();
    private final AtomicLong tasksPurged = new AtomicLong();

    /**
     * @param store       the activity store
     * @param retentionMs how long delivered notices and finished tasks are kept, ms; 0 for ever (this then does nothing)
     */
    ActivityRetention(ActivityStore store, long retentionMs) {
        this.store = store;
        this.retentionMs = retentionMs;
        this.markIntervalMs = Math.min(MAX_MARK_INTERVAL_MS, retentionMs / 10);
    }

    /**
     * Marks and purges when due. Call after a turn's saves, when every notice up to {@code lastNoticeId} and every task up to
     * {@code lastTaskSeq} is durable.
     *
     * @param nowMs        the lane's clock, epoch ms
     * @param lastNoticeId the newest notice id given out
     * @param lastTaskSeq  the newest task seq given out
     */
    void run(long nowMs, long lastNoticeId, long lastTaskSeq) {
        if (retentionMs == 0) {
            return;
        }
        if (nowMs >= nextMarkMs) {
            nextMarkMs = nowMs + markIntervalMs;
            try {
                store.mark(nowMs, lastNoticeId, lastTaskSeq);
            } catch (ActivityStoreException e) {
                LOG.warn("activities: retention mark failed, next in {} s: {}", markIntervalMs / 1000, e.getMessage());
            }
        }
        if (nowMs >= nextPurgeMs) {
            nextPurgeMs = nowMs + markIntervalMs;
            try {
                ActivityStore.Purged purged = store.purge(nowMs - retentionMs, BATCH);
                noticesPurged.addAndGet(purged.notices());
                tasksPurged.addAndGet(purged.tasks());
                if (purged.notices() == BATCH || purged.tasks() == BATCH) {
                    nextPurgeMs = nowMs + BACKLOG_PAUSE_MS;
                }
            } catch (ActivityStoreException e) {
                LOG.warn("activities: retention purge failed, next in {} s: {}", markIntervalMs / 1000, e.getMessage());
            }
        }
    }

    /** @return delivered notices deleted; any thread */
    long noticesPurged() {
        return noticesPurged.get();
    }

    /** @return finished tasks deleted; any thread */
    long tasksPurged() {
        return tasksPurged.get();
    }
}
