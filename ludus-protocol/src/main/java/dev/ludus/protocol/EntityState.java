package dev.ludus.protocol;

import java.util.Objects;

/**
 * One entity as a client sees it in a snapshot.
 *
 * @param id   the entity's id, unique within the world for the server's lifetime, {@code >= 0}
 * @param kind what the entity is
 * @param x    position east of the world's west edge, metres
 * @param y    position north of the world's south edge, metres
 * @param vx   velocity east, metres per second
 * @param vy     velocity north, metres per second
 * @param radius the entity's radius, metres, for kinds whose size varies ({@link EntityKind#PROP});
 *               0 for the others, whose size the game fixes (and then absent from the wire)
 */
public record EntityState(long id, EntityKind kind, double x, double y, double vx, double vy, double radius) {

    /**
     * @throws NullPointerException     when {@code kind} is null
     * @throws IllegalArgumentException when {@code radius} is negative or not finite
     */
    public EntityState {
        Objects.requireNonNull(kind, "kind");
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius : " + radius + " (expected: finite and >= 0)");
        }
    }

    /**
     * An entity whose size the game fixes (radius 0).
     *
     * @throws NullPointerException when {@code kind} is null
     */
    public EntityState(long id, EntityKind kind, double x, double y, double vx, double vy) {
        this(id, kind, x, y, vx, vy, 0);
    }
}
