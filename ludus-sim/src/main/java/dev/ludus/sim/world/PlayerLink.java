package dev.ludus.sim.world;

import dev.ludus.protocol.ServerMessage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The world's way back to one connected player (a port the gateway implements).
 *
 * <p>{@link #onJoined} and {@link #onJoinRefused} are called on the tick thread; {@link #onSnapshot}
 * on one of the simulation's workers, never for the same link on two threads at once, and every call
 * for a link happens-before the next tick's calls for it. Implementations must not block: they hand
 * the message to the connection's own thread and return.
 */
public interface PlayerLink {
    /**
     * A client that takes every snapshot and reads nothing: for replayed joins (what the world sends
     * never changes its state) and for headless players whose messages nobody reads. Stateless and
     * thread-safe.
     */
    PlayerLink DISCARD = welcomeOnly(welcome -> { });

    /**
     * A client like {@link #DISCARD} that hears only its welcome: a replayed join whose entity id someone
     * needs (a replay names its players from the recorded joins). Thread-safe if {@code onWelcome} is.
     *
     * @param onWelcome called with the welcome, on the tick thread
     * @return the link
     */
    static PlayerLink welcomeOnly(Consumer<ServerMessage.Welcome> onWelcome) {
        Objects.requireNonNull(onWelcome, "onWelcome");
        return new PlayerLink() {
            @Override
            public void onJoined(ServerMessage.Welcome welcome) {
                onWelcome.accept(welcome);
            }

            @Override
            public void onJoinRefused(ServerMessage.ErrorMessage reason) {
                // discarded: a join refused when recorded is refused again, with nothing to tell
            }

            @Override
            public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
                return true;
            }
        };
    }

    /** @param welcome the player joined; snapshots follow from the next tick */
    void onJoined(ServerMessage.Welcome welcome);

    /** @param reason the join was refused ({@code name_taken}, {@code server_full}); the connection may try again */
    void onJoinRefused(ServerMessage.ErrorMessage reason);

    /**
     * Offers the player's area of interest at one tick.
     *
     * @param snapshot the snapshot; its {@code removed} is relative to the last snapshot this link took
     * @return whether the link took it for delivery; when it did not (its client cannot keep up), the
     *     next snapshot's {@code removed} is computed against the last one taken, so no removal is lost
     */
    boolean onSnapshot(ServerMessage.Snapshot snapshot);

    /**
     * Answers one of the player's actions (or an impossible claimed position). Called on the tick
     * thread, at most once per {@code seq}, before the tick's snapshot; must not block. The default
     * drops it.
     *
     * @param result the answer
     */
    default void onActionResult(ServerMessage.ActionResult result) {
    }

    /**
     * The player's own game state (health, inventory, version) after a tick that changed it. Called on
     * the tick thread, before the tick's snapshot; must not block. The default drops it.
     *
     * @param status the state
     */
    default void onStatus(ServerMessage.Status status) {
    }

    /**
     * The world removed this player (anti-cheat, an operator); its entity is gone. Called on the tick
     * thread; the gateway closes the connection. The default does nothing.
     *
     * @param reason a human-readable reason
     */
    default void onKicked(String reason) {
    }

    /**
     * The player left the world (its connection ended the session, its grace window passed, it was
     * kicked or transferred): its state at that tick. Called on the tick thread, before the entity is
     * removed; must not block. The default drops it.
     *
     * @param player the player's state
     */
    default void onLeft(DepartedPlayer player) {
    }
}
