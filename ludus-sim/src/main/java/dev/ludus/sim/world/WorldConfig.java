package dev.ludus.sim.world;

/**
 * The shape and rules of time of one world. Immutable.
 *
 * @param widthMetres         extent along x, {@code > 0}
 * @param heightMetres        extent along y, {@code > 0}
 * @param cellSizeMetres      side of a grid cell, {@code > 0} and at most the smaller extent
 * @param aoiRadiusMetres     area-of-interest radius for snapshots, {@code > 0}
 * @param tickRateHz          ticks per second, 1 to 240 (20 Hz is the default of Minecraft and of
 *                            many MMOs; Valve's Source servers default to 64)
 * @param maxPlayers          player capacity; logins beyond it are refused with {@code server_full}, {@code >= 1}
 * @param spawnXMetres        spawn point x, inside the world
 * @param spawnYMetres        spawn point y, inside the world
 * @param spawnRadiusMetres   players spawn uniformly within this distance of the spawn point, {@code >= 0};
 *                            used when {@code spawnSquareMetres} is 0
 * @param playerSpeedMetresPerSecond speed for a unit move direction, {@code > 0}
 * @param seed                seed of the world's random number generator
 * @param spawnSquareMetres   when {@code > 0}, players spawn uniformly over the square of this side
 *                            centred on the spawn point, clipped to the world, instead of the disc;
 *                            finite, {@code >= 0}
 */
public record WorldConfig(double widthMetres, double heightMetres, double cellSizeMetres, double aoiRadiusMetres,
                          int tickRateHz, int maxPlayers, double spawnXMetres, double spawnYMetres,
                          double spawnRadiusMetres, double playerSpeedMetresPerSecond, long seed,
                          double spawnSquareMetres) {

    /** @throws IllegalArgumentException naming the first value out of range */
    public WorldConfig {
        positive("widthMetres", widthMetres);
        positive("heightMetres", heightMetres);
        positive("cellSizeMetres", cellSizeMetres);
        if (cellSizeMetres > Math.min(widthMetres, heightMetres)) {
            throw new IllegalArgumentException("cellSizeMetres : " + cellSizeMetres
                + " (expected: <= the world's smaller extent " + Math.min(widthMetres, heightMetres) + ")");
        }
        positive("aoiRadiusMetres", aoiRadiusMetres);
        if (tickRateHz < 1 || tickRateHz > 240) {
            throw new IllegalArgumentException("tickRateHz : " + tickRateHz + " (expected: 1 to 240)");
        }
        if (maxPlayers < 1) {
            throw new IllegalArgumentException("maxPlayers : " + maxPlayers + " (expected: >= 1)");
        }
        if (!(spawnXMetres >= 0 && spawnXMetres <= widthMetres)) {
            throw new IllegalArgumentException("spawnXMetres : " + spawnXMetres + " (expected: 0 to widthMetres " + widthMetres + ")");
        }
        if (!(spawnYMetres >= 0 && spawnYMetres <= heightMetres)) {
            throw new IllegalArgumentException("spawnYMetres : " + spawnYMetres + " (expected: 0 to heightMetres " + heightMetres + ")");
        }
        if (!(spawnRadiusMetres >= 0) || !Double.isFinite(spawnRadiusMetres)) {
            throw new IllegalArgumentException("spawnRadiusMetres : " + spawnRadiusMetres + " (expected: finite and >= 0)");
        }
        positive("playerSpeedMetresPerSecond", playerSpeedMetresPerSecond);
        if (!(spawnSquareMetres >= 0) || !Double.isFinite(spawnSquareMetres)) {
            throw new IllegalArgumentException("spawnSquareMetres : " + spawnSquareMetres + " (expected: finite and >= 0)");
        }
    }

    /**
     * A world whose players spawn in the disc of {@code spawnRadiusMetres} (no spawn square).
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public WorldConfig(double widthMetres, double heightMetres, double cellSizeMetres, double aoiRadiusMetres,
                       int tickRateHz, int maxPlayers, double spawnXMetres, double spawnYMetres,
                       double spawnRadiusMetres, double playerSpeedMetresPerSecond, long seed) {
        this(widthMetres, heightMetres, cellSizeMetres, aoiRadiusMetres, tickRateHz, maxPlayers, spawnXMetres,
            spawnYMetres, spawnRadiusMetres, playerSpeedMetresPerSecond, seed, 0);
    }

    /** @return simulated seconds per tick, {@code 1 / tickRateHz} */
    public double tickSeconds() {
        return 1.0 / tickRateHz;
    }

    /** @return nanoseconds between tick starts, {@code 1e9 / tickRateHz} rounded down */
    public long tickIntervalNanos() {
        return 1_000_000_000L / tickRateHz;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: finite and > 0)");
        }
    }
}
