package dev.ludus.arena;

/**
 * The reference game's own settings. Immutable.
 *
 * @param npcCount                 NPCs spawned over the world at start, {@code >= 0}
 * @param npcSpeedMetresPerSecond  walking speed of a wandering NPC, {@code > 0}; 1.4 m/s is a human's
 *                                 preferred walking speed (Browning et al., 2006)
 * @param meanWanderSeconds        mean time an NPC keeps a heading or a rest before choosing again
 *                                 (exponentially distributed), {@code > 0}
 * @param restProbability          chance that a new choice is to stand still, in {@code [0, 1]}
 * @param herdSize                 NPCs per herd, 1 to 64: a leader that wanders and followers that
 *                                 take its heading (by mail, so a follower in another region still
 *                                 hears it); 1 makes every NPC wander alone
 */
public record ArenaConfig(int npcCount, double npcSpeedMetresPerSecond, double meanWanderSeconds,
                          double restProbability, int herdSize) {

    /**
     * Defaults of the reference game: 10,000 NPCs walking at 1.4 m/s, new choice every 4 s on
     * average, 25 % rests, herds of 4.
     */
    public static final ArenaConfig DEFAULTS = new ArenaConfig(10_000, 1.4, 4.0, 0.25, 4);

    /** @throws IllegalArgumentException naming the first value out of range */
    public ArenaConfig {
        if (npcCount < 0) {
            throw new IllegalArgumentException("npcCount : " + npcCount + " (expected: >= 0)");
        }
        if (!(npcSpeedMetresPerSecond > 0) || !Double.isFinite(npcSpeedMetresPerSecond)) {
            throw new IllegalArgumentException("npcSpeedMetresPerSecond : " + npcSpeedMetresPerSecond
                + " (expected: finite and > 0)");
        }
        if (!(meanWanderSeconds > 0) || !Double.isFinite(meanWanderSeconds)) {
            throw new IllegalArgumentException("meanWanderSeconds : " + meanWanderSeconds + " (expected: finite and > 0)");
        }
        if (!(restProbability >= 0 && restProbability <= 1)) {
            throw new IllegalArgumentException("restProbability : " + restProbability + " (expected: 0 to 1)");
        }
        if (herdSize < 1 || herdSize > 64) {
            throw new IllegalArgumentException("herdSize : " + herdSize + " (expected: 1 to 64)");
        }
    }

    /**
     * Solitary NPCs (herd size 1).
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ArenaConfig(int npcCount, double npcSpeedMetresPerSecond, double meanWanderSeconds, double restProbability) {
        this(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, 1);
    }

    /**
     * @param npcCount another NPC count, {@code >= 0}
     * @return these settings with that count
     */
    public ArenaConfig withNpcCount(int npcCount) {
        return new ArenaConfig(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize);
    }
}
