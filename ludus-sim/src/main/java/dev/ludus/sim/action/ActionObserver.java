package dev.ludus.sim.action;

/**
 * What the {@link ActionEngine} tells the statistical cheat detectors about each player's play,
 * as it happens. Called on the tick thread, in the deterministic order actions are applied; an
 * implementation must be quick and must not throw. Every method defaults to doing nothing.
 */
public interface ActionObserver {

    /**
     * A shot or blow was resolved.
     *
     * @param playerId   the attacker's entity id
     * @param rankBucket the attacker's skill bucket, as given to {@link ActionEngine#addPlayer}
     * @param hit        whether it hit
     * @param headHit    whether it hit the head
     */
    default void onShot(long playerId, int rankBucket, boolean hit, boolean headHit) {
    }

    /**
     * The first shot at a new target: how long after the previous shot at another target it came.
     *
     * @param playerId       the attacker
     * @param reactionMillis milliseconds, {@code > 0}, at tick resolution
     */
    default void onReaction(long playerId, double reactionMillis) {
    }

    /**
     * How far the aim turned since the player's previous shot, for shots in quick succession.
     *
     * @param playerId the attacker
     * @param degrees  0 to 180
     */
    default void onAimSnap(long playerId, double degrees) {
    }

    /**
     * Units gained by harvesting.
     *
     * @param playerId the harvester
     * @param tick     the tick
     * @param units    units gained, {@code >= 1}
     */
    default void onResourceGain(long playerId, long tick, long units) {
    }

    /**
     * Something an honest client does not do: a rejection whose reason {@code isViolation()}, a forged
     * or replayed sequence number, an attempt to give or use items not held.
     *
     * @param playerId the player
     * @param code     the stable code, e.g. {@code speed}, {@code seq_gap}, {@code inventory}
     */
    default void onViolation(long playerId, String code) {
    }

    /**
     * The player left the world; its entity id will not act again.
     *
     * @param playerId the player
     */
    default void onLeave(long playerId) {
    }

    /**
     * The tick is over (its actions resolved, the world moved, snapshots built): the place for
     * periodic work such as reviewing verdicts.
     *
     * @param tick the tick just completed
     */
    default void onTickEnd(long tick) {
    }
}
