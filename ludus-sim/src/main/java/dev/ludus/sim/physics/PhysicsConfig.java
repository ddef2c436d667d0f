package dev.ludus.sim.physics;

import java.util.List;

/**
 * How rigid bodies are stepped: the solver precision per load level and the limits that keep what a
 * player sees from tunnelling or exploding when precision drops. Immutable; checked once.
 *
 * <p><b>Level of detail by ring</b> (the Chebyshev distance in grid cells from a body's cell to the
 * nearest player's, see {@code RegionTick.playerRing}): a body in ring 0 or 1 is <em>near</em> and is
 * stepped every tick with the level's near iterations and continuous collision detection; a body in
 * ring 2 is <em>mid</em> and is stepped every {@link Level#midIntervalTicks()} ticks, over that many
 * ticks of time at once, with the level's mid iterations; a body in ring 3 or beyond (no player within
 * two cells, or a dormant cell) is <em>asleep</em>: it is not stepped and keeps its state until a player
 * comes near. The level, 0 (full) to 3 (coarsest), is the scheduler's physics precision level
 * ({@code Simulation.physicsLevel()}), raised one step a tick while the tick budget is at risk.
 *
 * @param levels                   the four levels, index 0 (full precision) to 3 (coarsest); a level may
 *                                 not be finer than the one before it
 * @param maxSpeedMetresPerSecond  no body moves faster, in (0, 200]: velocities are clamped before and
 *                                 after every step, so a push can never add energy without bound (an
 *                                 "explosion") and the swept distance that CCD must cover stays bounded
 * @param linearDampingPerSecond   how quickly a pushed body slows down, 1/s, in [0, 100]
 *                                 (velocity is multiplied by {@code 1 / (1 + dt * damping)} each step, dyn4j's
 *                                 damping model)
 */
public record PhysicsConfig(List<Level> levels, double maxSpeedMetresPerSecond, double linearDampingPerSecond) {
    /** Precision levels: 0 (full) to this, inclusive. */
    public static final int MAX_LEVEL = 3;

    /**
     * Solver precision at one load level.
     *
     * @param nearVelocityIterations sequential-impulse velocity iterations for near bodies, 1 to 50
     * @param nearPositionIterations position-correction iterations for near bodies, 1 to 50
     * @param midVelocityIterations  velocity iterations for mid bodies (ring 2), 1 to 50
     * @param midPositionIterations  position iterations for mid bodies, 1 to 50
     * @param midIntervalTicks       a mid body is stepped every this many ticks, over that many ticks of
     *                               time (the step divisor of ring 2), 1 to 8; near bodies are always
     *                               stepped every tick
     */
    public record Level(int nearVelocityIterations, int nearPositionIterations, int midVelocityIterations,
                        int midPositionIterations, int midIntervalTicks) {
        /** @throws IllegalArgumentException naming the first value out of range */
        public Level {
            requireIterations("nearVelocityIterations", nearVelocityIterations);
            requireIterations("nearPositionIterations", nearPositionIterations);
            requireIterations("midVelocityIterations", midVelocityIterations);
            requireIterations("midPositionIterations", midPositionIterations);
            if (midIntervalTicks < 1 || midIntervalTicks > 8) {
                throw new IllegalArgumentException("midIntervalTicks : " + midIntervalTicks + " (expected: 1 to 8)");
            }
        }

        private static void requireIterations(String name, int value) {
            if (value < 1 || value > 50) {
                throw new IllegalArgumentException(name + " : " + value + " (expected: 1 to 50)");
            }
        }
    }

    /**
     * The defaults. Level 0 gives near bodies 8 velocity and 3 position iterations, the counts the
     * Box2D manual suggests (Catto, "Box2D v2.4 manual", Simulation: "suggested iteration count for
     * Box2D is 8 for velocity and 3 for position"), and mid bodies dyn4j's defaults (6 and 2,
     * {@code org.dyn4j.dynamics.Settings}) every 2nd tick; each level down trades iterations, and from
     * level 2 the mid interval doubles to 4 ticks. Bodies move at most 40 m/s (a thrown boulder, twice
     * a sprinting player's 10 m/s headroom over the arena's 5 m/s players and 3.5 m/s engaged NPCs)
     * and lose half their speed in about 0.7 s with a damping of 1/s.
     */
    public static final PhysicsConfig DEFAULTS = new PhysicsConfig(List.of(
        new Level(8, 3, 6, 2, 2),
        new Level(6, 2, 4, 2, 2),
        new Level(4, 2, 3, 1, 4),
        new Level(3, 1, 2, 1, 4)), 40, 1);

    /** @throws IllegalArgumentException naming the first value out of range */
    public PhysicsConfig {
        levels = List.copyOf(levels);
        if (levels.size() != MAX_LEVEL + 1) {
            throw new IllegalArgumentException("levels : " + levels.size() + " (expected: " + (MAX_LEVEL + 1) + ")");
        }
        for (int i = 1; i < levels.size(); i++) {
            Level finer = levels.get(i - 1);
            Level level = levels.get(i);
            if (level.nearVelocityIterations() > finer.nearVelocityIterations()
                || level.nearPositionIterations() > finer.nearPositionIterations()
                || level.midVelocityIterations() > finer.midVelocityIterations()
                || level.midPositionIterations() > finer.midPositionIterations()
                || level.midIntervalTicks() < finer.midIntervalTicks()) {
                throw new IllegalArgumentException("levels[" + i + "] : " + level
                    + " (expected: no finer than levels[" + (i - 1) + "] " + finer + ")");
            }
        }
        if (!(maxSpeedMetresPerSecond > 0 && maxSpeedMetresPerSecond <= 200)) {
            throw new IllegalArgumentException("maxSpeedMetresPerSecond : " + maxSpeedMetresPerSecond
                + " (expected: > 0 and <= 200)");
        }
        if (!(linearDampingPerSecond >= 0 && linearDampingPerSecond <= 100)) {
            throw new IllegalArgumentException("linearDampingPerSecond : " + linearDampingPerSecond
                + " (expected: 0 to 100)");
        }
    }

    /**
     * @param level a precision level, 0 to {@link #MAX_LEVEL}
     * @return its settings
     * @throws IndexOutOfBoundsException when the level is out of range
     */
    public Level level(int level) {
        return levels.get(level);
    }
}
