package dev.ludus.platform.activity;

import java.util.Objects;

/**
 * One task in a player's queue, as stored. Immutable: each change makes a new record with {@code with*}.
 *
 * <p>Timeline: {@code QUEUED} (waiting behind the player's running task) → {@code RUNNING} from
 * {@code startMs} to {@link #endMs()} → {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}.
 * {@code nextMs} is the durable timer: when the lane looks at the task next (its progress point, its
 * end, or a retry of its credit).
 *
 * @param id          the task's id (a UUID, see {@link #newId}), the ledger key's suffix ({@code activity:<id>})
 * @param seq         creation order across all players, from 1; a player's queue runs in this order
 * @param player      the player's name
 * @param task        the catalogue task's id
 * @param count       units, 1 to {@link TaskValidation#MAX_COUNT}
 * @param state       where it is in its life
 * @param seed        the seed of its reward draws
 * @param createdMs   when it was requested, epoch ms
 * @param unitMs      one unit's duration after the time scale, ms, {@code >= 1}
 * @param startMs     when it started running, epoch ms; -1 while queued
 * @param nextMs      the timer, epoch ms; -1 when none (queued or finished)
 * @param level       the player's level when it started (0 while queued)
 * @param skill       the player's skill for its kind when it started
 * @param gearPower   the gear's power when it started (0 while queued)
 * @param progressSent whether its {@code task_progress} went out
 * @param attempts    failed credit attempts so far
 * @param result      the credited grants in {@link Notice#grantsText} form, or a failure's reason code; empty until finished
 */
public record ActivityTask(String id, long seq, String player, String task, int count, State state, long seed, long createdMs,
                           long unitMs, long startMs, long nextMs, int level, int skill, double gearPower, boolean progressSent,
                           int attempts, String result) {
    /**
     * A new task id: a UUID of version 7's layout (RFC 9562 §5.7), the 48-bit creation time in ms first, then the low 12 bits
     * of {@code seq} as the counter of §6.2 method 1, then 62 random bits. Ids of tasks created one after the other sort
     * together, so the rows the lane writes for tasks that end together (their updates, their ledger items under
     * {@code activity:<id>}) are neighbours in every index keyed by task, where random ids would touch a page each.
     * Still unguessable: 62 bits from {@code random}.
     *
     * @param createdMs when the task is created, epoch ms ({@code 0} to {@code 2^48 - 1})
     * @param seq       the task's {@code seq}
     * @param random    the random bits' source (the lane's)
     * @return the id, 36 characters
     */
    public static String newId(long createdMs, long seq, java.util.random.RandomGenerator random) {
        long high = (createdMs & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (seq & 0xFFFL);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
        return new java.util.UUID(high, low).toString();
    }

    /** A task's life. */
    public enum State {
        /** Waiting behind the running task. */
        QUEUED,
        /** Running; rewarded at its end. */
        RUNNING,
        /** Finished and credited. */
        COMPLETED,
        /** Finished without reward (see its result for the reason). */
        FAILED,
        /** Cancelled by the player. */
        CANCELLED;

        /** @return whether the task is still in the queue */
        public boolean active() {
            return this == QUEUED || this == RUNNING;
        }
    }

    /** Canonical constructor. */
    public ActivityTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        result = result == null ? "" : result;
    }

    /** @return when it ends (or ended), epoch ms; meaningful once started */
    public long endMs() {
        return startMs + count * unitMs;
    }

    /**
     * @param atMs  when it starts, epoch ms
     * @param nowMs the lane's clock, epoch ms (a start in the past skips the progress point if it is past too)
     * @param lvl   the player's level
     * @param skl   the player's skill
     * @param power the gear's power
     * @return the task running
     */
    public ActivityTask started(long atMs, long nowMs, int lvl, int skl, double power) {
        long halfway = atMs + count * unitMs / 2;
        boolean skipProgress = halfway <= nowMs || halfway <= atMs;
        long end = atMs + count * unitMs;
        return new ActivityTask(id, seq, player, task, count, State.RUNNING, seed, createdMs, unitMs, atMs,
            skipProgress ? end : halfway, lvl, skl, power, skipProgress, 0, "");
    }

    /** @param atMs the next timer @return the task with its progress sent */
    public ActivityTask progressed(long atMs) {
        return new ActivityTask(id, seq, player, task, count, state, seed, createdMs, unitMs, startMs, atMs, level, skill, gearPower,
            true, attempts, result);
    }

    /** @param atMs the retry's time @return the task with one more failed credit attempt */
    public ActivityTask retryAt(long atMs) {
        return new ActivityTask(id, seq, player, task, count, state, seed, createdMs, unitMs, startMs, atMs, level, skill, gearPower,
            progressSent, attempts + 1, result);
    }

    /** @param finalState COMPLETED, FAILED or CANCELLED @param outcome the result @return the finished task */
    public ActivityTask finished(State finalState, String outcome) {
        return new ActivityTask(id, seq, player, task, count, finalState, seed, createdMs, unitMs, startMs, -1, level, skill, gearPower,
            progressSent, attempts, outcome);
    }
}
