package dev.ludus.sim.schedule;

import java.util.Objects;

/**
 * The priority level of a unit of work within its {@link WorkClass}, from session factors: higher is
 * served first. Levels run from {@code 0} to {@value #MAX_LEVEL}; a submitted task starts at its base
 * level from {@link #level} (at most {@value #MAX_BASE_LEVEL}) and rises with its waiting age (see
 * {@link Scheduler}), so the room between {@value #MAX_BASE_LEVEL} and {@value #MAX_LEVEL} is what
 * aging adds before a task is promoted to the class above.
 *
 * <p>Base level, all terms added:
 * <ul>
 *   <li>players nearby: {@code 2 * floor(log2(playersNearby + 1))}, at most {@value #MAX_PLAYER_LEVELS}
 *       (1 player: 2, 3: 4, 7: 6, 1,023 or more: 20). Logarithmic, because the tenth player near a
 *       region makes less difference than the first;</li>
 *   <li>activity: {@link Activity#levels()}, combat 16, trading 8, idle 0;</li>
 *   <li>premium: {@value #PREMIUM_LEVELS} when at least one premium player is near.</li>
 * </ul>
 * The weights are Ludus' own; each term is monotone, so at equal other factors more players, a
 * livelier activity or a premium player never lowers the level.
 */
public final class Priority {
    /** The highest level; levels are {@code [0, MAX_LEVEL]}, 64 of them, one bit each in a {@code long}. */
    public static final int MAX_LEVEL = 63;
    /** Number of levels per class. */
    public static final int LEVELS = MAX_LEVEL + 1;
    /** Most levels the players-nearby term gives. */
    public static final int MAX_PLAYER_LEVELS = 20;
    /** Levels a premium player nearby adds. */
    public static final int PREMIUM_LEVELS = 4;
    /** The highest base level {@link #level} returns: 20 + 16 + 4. */
    public static final int MAX_BASE_LEVEL = MAX_PLAYER_LEVELS + 16 + PREMIUM_LEVELS;

    private Priority() {
    }

    /**
     * The base level of a unit of work.
     *
     * @param playersNearby players in or next to the work's region, {@code >= 0}
     * @param activity what they are doing; {@link Activity#IDLE} when there is nobody
     * @param premiumNearby whether at least one of them is a premium player
     * @return a level in {@code [0, MAX_BASE_LEVEL]}
     * @throws IllegalArgumentException when {@code playersNearby < 0}
     * @throws NullPointerException when {@code activity} is null
     */
    public static int level(int playersNearby, Activity activity, boolean premiumNearby) {
        if (playersNearby < 0) {
            throw new IllegalArgumentException("playersNearby : " + playersNearby + " (expected: >= 0)");
        }
        Objects.requireNonNull(activity, "activity");
        int log2 = 63 - Long.numberOfLeadingZeros(playersNearby + 1L);
        int players = Math.min(2 * log2, MAX_PLAYER_LEVELS);
        return players + activity.levels() + (premiumNearby ? PREMIUM_LEVELS : 0);
    }
}
