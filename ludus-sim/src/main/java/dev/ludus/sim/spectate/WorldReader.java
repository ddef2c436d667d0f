package dev.ludus.sim.spectate;

import dev.ludus.protocol.EntityState;
import java.util.List;

/**
 * A read-only look at the world at the end of a tick, handed to {@link SpectatorFeed#onTickEnd}. Valid
 * only during that call, on the tick thread; it allocates only what it returns.
 */
public interface WorldReader {

    /** @return the world's extent along x, metres, {@code > 0} */
    double widthMetres();

    /** @return the world's extent along y, metres, {@code > 0} */
    double heightMetres();

    /**
     * The entities of an area, as a player's snapshot would list them.
     *
     * @param xMetres      the centre's x, metres
     * @param yMetres      the centre's y, metres
     * @param radiusMetres the radius, metres, {@code >= 0} (boundary included)
     * @return every live entity within the radius, in no particular order; a new list
     */
    List<EntityState> area(double xMetres, double yMetres, double radiusMetres);

    /**
     * One entity as a snapshot would list it (a replay follows a player's area of interest with it).
     *
     * @param entityId an entity id
     * @return its state, or null when no live entity has the id
     */
    EntityState entity(long entityId);

    /**
     * Counts the players per square cell of a coarse grid laid over the world from its south-west corner.
     *
     * @param cellMetres the cells' side, metres, {@code > 0}
     * @param columns    cells along x, {@code >= 1}; a player east of the last column counts in it
     * @param rows       cells along y, {@code >= 1}; a player north of the last row counts in it
     * @param counts     receives {@code columns * rows} counts, row after row from the south
     *                   ({@code counts[row * columns + column]}); overwritten, not added to
     * @return the players counted
     * @throws IllegalArgumentException when {@code counts} is shorter than {@code columns * rows}
     */
    int countPlayers(double cellMetres, int columns, int rows, int[] counts);
}
