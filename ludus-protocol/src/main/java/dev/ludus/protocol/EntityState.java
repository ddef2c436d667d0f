package dev.ludus.protocol;

import java.util.Objects;

/**
 * One entity as a client sees it in a snapshot.
 *
 * @param id   the entity's id, unique within the world for the server's lifetime, {@code >= 0}
 * @param kind player or NPC
 * @param x    position east of the world's west edge, metres
 * @param y    position north of the world's south edge, metres
 * @param vx   velocity east, metres per second
 * @param vy   velocity north, metres per second
 */
public record EntityState(long id, EntityKind kind, double x, double y, double vx, double vy) {

    /** @throws NullPointerException when {@code kind} is null */
    public EntityState {
        Objects.requireNonNull(kind, "kind");
    }
}
