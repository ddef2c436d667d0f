package dev.ludus.sim.spectate;

import dev.ludus.protocol.EntityKind;

/**
 * What the world tells its spectators' side about each tick (a port the gateway implements, DESIGN.md
 * §2): the kills as they are applied, and the end of every tick with a read-only look at the world.
 * Nothing here feeds back into the simulation, so attaching a feed never changes a tick's outcome, its
 * state hash or its audit log.
 *
 * <p>Every method is called on the tick thread, in the deterministic order of the tick; an
 * implementation must be quick, must not block and must not throw (a failure is reported to the
 * simulation's listener and the tick goes on). Every method defaults to doing nothing.
 */
public interface SpectatorFeed {
    /** A feed that ignores everything. */
    SpectatorFeed NONE = new SpectatorFeed() {
    };

    /**
     * An attack killed an entity: a player (which respawns at once) or an NPC (which drops its loot).
     * Called while the tick's actions are applied, in their order, before the attacker's answer.
     *
     * @param tick       the tick being applied
     * @param killerId   the attacker's entity id (a player)
     * @param victimId   the killed entity's id
     * @param victimKind {@link EntityKind#PLAYER} or {@link EntityKind#NPC}
     */
    default void onKill(long tick, long killerId, long victimId, EntityKind victimKind) {
    }

    /**
     * A player entered the world under this display name. The simulation does not call it (it keeps no
     * names): the one that knows the name does, the gateway at a live login, the replay source at each
     * recorded join it re-applies (on the thread stepping the replay). Any thread.
     *
     * @param entityId the player's entity id
     * @param name     the display name the player logged in with
     */
    default void onPlayerJoined(long entityId, String name) {
    }

    /**
     * The tick is over: the world moved, every player's snapshot was handed over.
     *
     * @param tick         the tick just completed
     * @param serverTimeMs the tick's start, Unix epoch milliseconds (as stamped on its snapshots)
     * @param world        the world as the tick left it; valid only during this call
     */
    default void onTickEnd(long tick, long serverTimeMs, WorldReader world) {
    }
}
