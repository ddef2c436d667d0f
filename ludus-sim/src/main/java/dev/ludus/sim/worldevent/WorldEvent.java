package dev.ludus.sim.worldevent;

import java.util.Objects;

/**
 * One world event chosen by an {@link EventDirector}. Immutable.
 *
 * @param id           unique per director, counting up from 1
 * @param kind         the catalogue entry it came from
 * @param cell         the {@link DensityMap} cell it takes place in
 * @param xMetres      x of its centre, metres: the crowd's centre for a {@link EventKind.Effect#SCALED SCALED}
 *                     event ({@link DensityMap#crowdX}), the cell's centre otherwise
 * @param yMetres      y of its centre, metres
 * @param radiusMetres its area around the centre, metres ({@link EventKind#radiusMetres()})
 * @param crowd        the crowd it was measured against, players (see {@link EventKind})
 * @param difficulty   {@link EventKind#difficulty} of that crowd, {@code > 0}
 * @param size         NPCs to spawn, {@code >= 1} ({@link EventKind#size})
 * @param startTick    the tick it starts
 * @param endTick      the tick it ends (exclusive: it runs while {@code startTick <= tick < endTick})
 */
public record WorldEvent(long id, EventKind kind, int cell, double xMetres, double yMetres, double radiusMetres,
                         double crowd, double difficulty, int size, long startTick, long endTick) {

    /** @throws NullPointerException when the kind is null */
    public WorldEvent {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param tick a tick
     * @return whether the event runs at that tick
     */
    public boolean runsAt(long tick) {
        return tick >= startTick && tick < endTick;
    }
}
