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
 * @param rocksPerKm2              rocks (square obstacles, 2 to 6 m a side) per square kilometre, {@code >= 0};
 *                                 none within 20 m of the spawn point
 * @param resourceNodesPerKm2      resource nodes (wood and ore, 20 units each) per square kilometre, {@code >= 0}
 * @param itemsPerKm2              items lying about at start (gold, potions, arrows) per square kilometre, {@code >= 0}
 * @param worldEvents              whether world events driven by player density run (see {@link ArenaRules}):
 *                                 NPC groups that appear where players gather or near them, and leave
 *                                 when the event ends; nothing happens in a world without players
 */
public record ArenaConfig(int npcCount, double npcSpeedMetresPerSecond, double meanWanderSeconds,
                          double restProbability, int herdSize, double rocksPerKm2, double resourceNodesPerKm2,
                          double itemsPerKm2, boolean worldEvents) {

    /**
     * Defaults of the reference game: 10,000 NPCs walking at 1.4 m/s, new choice every 4 s on
     * average, 25 % rests, herds of 4; 50 rocks, 20 resource nodes and 20 items per square kilometre;
     * world events on.
     */
    public static final ArenaConfig DEFAULTS = new ArenaConfig(10_000, 1.4, 4.0, 0.25, 4, 50, 20, 20, true);

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
        requireDensity(rocksPerKm2, "rocksPerKm2");
        requireDensity(resourceNodesPerKm2, "resourceNodesPerKm2");
        requireDensity(itemsPerKm2, "itemsPerKm2");
    }

    /**
     * The whole game, world events on.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ArenaConfig(int npcCount, double npcSpeedMetresPerSecond, double meanWanderSeconds,
                       double restProbability, int herdSize, double rocksPerKm2, double resourceNodesPerKm2,
                       double itemsPerKm2) {
        this(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize, rocksPerKm2,
            resourceNodesPerKm2, itemsPerKm2, true);
    }

    /**
     * NPCs only: no rocks, resource nodes, items or world events.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ArenaConfig(int npcCount, double npcSpeedMetresPerSecond, double meanWanderSeconds, double restProbability,
                       int herdSize) {
        this(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize, 0, 0, 0, false);
    }

    private static void requireDensity(double value, String field) {
        if (!(value >= 0) || !Double.isFinite(value) || value > 10_000) {
            throw new IllegalArgumentException(field + " : " + value + " (expected: 0 to 10000 per square kilometre)");
        }
    }

    /**
     * Solitary NPCs (herd size 1), no rocks, resource nodes, items or world events.
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
        return new ArenaConfig(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize,
            rocksPerKm2, resourceNodesPerKm2, itemsPerKm2, worldEvents);
    }

    /**
     * @param rocks     rocks per square kilometre
     * @param resources resource nodes per square kilometre
     * @param items     items per square kilometre
     * @return these settings with those densities
     */
    public ArenaConfig withProps(double rocks, double resources, double items) {
        return new ArenaConfig(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize,
            rocks, resources, items, worldEvents);
    }

    /**
     * @param on whether world events run
     * @return these settings with world events on or off
     */
    public ArenaConfig withWorldEvents(boolean on) {
        return new ArenaConfig(npcCount, npcSpeedMetresPerSecond, meanWanderSeconds, restProbability, herdSize,
            rocksPerKm2, resourceNodesPerKm2, itemsPerKm2, on);
    }
}
