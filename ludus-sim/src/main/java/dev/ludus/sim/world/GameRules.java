package dev.ludus.sim.world;

import java.util.random.RandomGenerator;

/**
 * What a game adds to the bare world: who lives in it and how non-player characters behave.
 *
 * <p>A {@link Simulation} calls {@link #onTick} once per region per tick, possibly for several
 * regions at once on different threads; everything a game does there must therefore stay inside the
 * {@link RegionTick} it is given (see its rules). Effects on entities the region does not own are
 * sent as {@link Mail} and reach {@link #onMail} at the tick boundary, on the tick thread, in a stable
 * order. A game that draws random numbers only from the generators it is handed stays deterministic
 * under the world's seed, for any number of workers.
 */
public interface GameRules {

    /**
     * Fills a new world before its first tick (spawns NPCs, resources, ...). Called once, on the
     * thread that builds the simulation.
     *
     * @param world  the empty world
     * @param random seeded with the world's seed
     */
    void populate(World world, RandomGenerator random);

    /**
     * The rules of play for player actions (items, ranges, damage, cooldowns, tolerances). Called once
     * when the simulation is built. The default is {@link dev.ludus.sim.action.ActionConfig#reference}.
     *
     * @param config the world's configuration
     * @return the action rules
     */
    default dev.ludus.sim.action.ActionConfig actionConfig(WorldConfig config) {
        return dev.ludus.sim.action.ActionConfig.reference(config.tickRateHz(), config.playerSpeedMetresPerSecond());
    }

    /**
     * Places what players act on (items, resource nodes) through the action engine, after
     * {@link #populate}. Called once, on the thread that builds the simulation. The default places nothing.
     *
     * @param actions the world's action engine
     * @param world   the world
     * @param random  seeded with the world's seed, after {@link #populate}'s draws
     */
    default void populateActions(dev.ludus.sim.action.ActionEngine actions, World world, RandomGenerator random) {
    }

    /**
     * Places the world's rigid bodies (pushable boulders, crates), after {@link #populateActions}.
     * Called once, on the thread that builds the simulation. The simulation steps them with level of
     * detail in every region's tick (DESIGN.md §4 step 5). The default places none.
     *
     * @param bodies the world's rigid bodies, empty
     * @param world  the world, populated
     * @param random seeded with the world's seed, after {@link #populateActions}'s draws
     */
    default void populatePhysics(dev.ludus.sim.physics.RigidBodies bodies, World world, RandomGenerator random) {
    }

    /**
     * World-wide work at the start of a tick, after the tick's commands and before the regions are
     * formed: the place to spawn and despawn (world events, respawns). Called on the tick thread,
     * once per tick. The default does nothing.
     *
     * @param world  the world; anything may be read and written
     * @param tick   the tick about to run
     * @param random seeded by (world seed, tick)
     */
    default void beforeTick(World world, long tick, RandomGenerator random) {
    }

    /**
     * Runs the game's behaviours for the entities of one region, before their movement is
     * integrated. May run concurrently with other regions' calls; must not spawn or despawn.
     *
     * @param region the region's entities, clock, random generator and mailbox
     */
    void onTick(RegionTick region);

    /**
     * Applies one piece of mail sent during the tick just run. Called at the tick boundary on the tick
     * thread, after movement, for every mail in order of target entity id, then sending region id,
     * then the order the region sent them in; the whole world may be read and written here. Mail
     * whose target no longer exists is delivered too (its {@link World#slotOf} is -1). The default
     * ignores mail.
     *
     * @param world  the world
     * @param mail   the mail
     * @param random seeded by (world seed, tick), shared by all mail of the tick in delivery order
     */
    default void onMail(World world, Mail mail, RandomGenerator random) {
    }
}
