package dev.ludus.platform.activity;

import java.util.List;

/**
 * Where tasks and notices are durable. The activity lane is the only writer; every method may throw
 * {@link ActivityStoreException} on a database failure, after which nothing of that call was applied.
 */
public interface ActivityStore {
    /**
     * Applies one turn's changes in one database transaction.
     *
     * @param inserted  new tasks
     * @param updated   tasks whose state, timer or result changed (matched by id)
     * @param notices   new notices (ids already assigned)
     * @param delivered player to the highest notice id now delivered to that player (all up to it are marked)
     */
    void save(List<ActivityTask> inserted, List<ActivityTask> updated, List<Notice> notices, java.util.Map<String, Long> delivered);

    /** @return every queued or running task, in {@code seq} order */
    List<ActivityTask> activeTasks();

    /** @return the highest task seq and notice id stored: {@code [lastTaskSeq, lastNoticeId]}, 0 when none */
    long[] lastIds();

    /**
     * @param player the player
     * @param limit  most notices, {@code >= 1}
     * @return the player's undelivered notices, oldest first
     */
    List<Notice> undelivered(String player, int limit);

    /**
     * @param player the player
     * @return every task of the player, any state, in {@code seq} order (for tests, tools and audits)
     */
    List<ActivityTask> tasksOf(String player);

    /**
     * Records a retention mark: every notice up to {@code lastNoticeId} and every task up to {@code lastTaskSeq} existed at
     * {@code atMs}. A mark at the same {@code atMs} as an earlier one replaces it.
     *
     * @param atMs         epoch ms
     * @param lastNoticeId the newest notice id given out, {@code >= 0}
     * @param lastTaskSeq  the newest task seq given out, {@code >= 0}
     */
    void mark(long atMs, long lastNoticeId, long lastTaskSeq);

    /**
     * Under the newest mark at or before {@code cutoffMs}, deletes up to {@code limit} delivered notices and up to
     * {@code limit} finished (completed, failed or cancelled) tasks, oldest first, in one transaction, and the marks older
     * than that one. Never an undelivered notice, an active task, or the store's newest notice or task (so
     * {@link #lastIds()} still gives the ids to continue after). Nothing is deleted when no mark is that old.
     *
     * @param cutoffMs epoch ms: the mark used is the newest at or before it
     * @param limit    most notices, and most tasks, deleted; {@code >= 1}
     * @return how many of each were deleted
     */
    Purged purge(long cutoffMs, int limit);

    /**
     * What a {@link #purge} deleted.
     *
     * @param notices delivered notices (a stored pair of a notice and its {@code queue_updated} counts once)
     * @param tasks   finished tasks
     */
    record Purged(int notices, int tasks) {
        /** Nothing deleted. */
        public static final Purged NONE = new Purged(0, 0);
    }
}
