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
}
