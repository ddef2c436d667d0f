package dev.ludus.sim.world;

import java.util.Objects;
import java.util.SortedMap;

/**
 * A player's critical state at the tick it left the world, for the services that keep it (a parked
 * session, a transfer to another server).
 *
 * @param entityId  the entity it had
 * @param name      its name
 * @param xMetres   where it stood, metres
 * @param yMetres   likewise y
 * @param health    its health, {@code >= 0}
 * @param inventory item name to count, counts {@code >= 1}; unmodifiable
 */
public record DepartedPlayer(long entityId, String name, double xMetres, double yMetres, int health,
                             SortedMap<String, Integer> inventory) {
    /** @throws NullPointerException when the name or inventory is null */
    public DepartedPlayer {
        Objects.requireNonNull(name, "name");
        inventory = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(inventory));
    }
}
