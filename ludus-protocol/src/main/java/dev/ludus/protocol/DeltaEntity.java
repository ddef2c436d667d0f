package dev.ludus.protocol;

/**
 * One entity in a {@link ServerMessage.Delta}, quantized: positions in centimetres, velocities in
 * centimetres per second ({@link #METRES_PER_UNIT}).
 *
 * <p>An entity new to the baseline carries its {@code kind} and absolute values; one the baseline
 * holds carries {@code kind == null} and the differences from the baseline's values, so the client
 * adds them to what it holds. Quantizing is rounding to the nearest unit, so a client's position is
 * within 0.5 cm of the server's, and the error never accumulates: each baseline holds quantized values.
 *
 * @param id   the entity's id, {@code >= 0}
 * @param kind the entity's kind when new to the baseline, else {@code null}
 * @param x    position east, centimetres (absolute when new, else the change)
 * @param y    position north, centimetres (absolute when new, else the change)
 * @param vx   velocity east, centimetres per second (absolute when new, else the change)
 * @param vy     velocity north, centimetres per second (absolute when new, else the change)
 * @param radius the entity's radius in centimetres when new and of a kind whose size varies
 *               ({@link EntityKind#PROP}), else 0 (a size never changes, so it is sent once)
 */
public record DeltaEntity(long id, EntityKind kind, int x, int y, int vx, int vy, int radius) {
    /** Metres per quantization unit: 1 cm (and 1 cm/s for velocities). */
    public static final double METRES_PER_UNIT = 0.01;

    /** @throws IllegalArgumentException when {@code id < 0}, or {@code radius} is negative or given for a known entity */
    public DeltaEntity {
        if (id < 0) {
            throw new IllegalArgumentException("id : " + id + " (expected: >= 0)");
        }
        if (radius < 0 || radius != 0 && kind == null) {
            throw new IllegalArgumentException("radius : " + radius + " (expected: >= 0, and 0 unless the entity is new)");
        }
    }

    /**
     * An entity without a radius (its kind's size is fixed, or the baseline holds it).
     *
     * @throws IllegalArgumentException when {@code id < 0}
     */
    public DeltaEntity(long id, EntityKind kind, int x, int y, int vx, int vy) {
        this(id, kind, x, y, vx, vy, 0);
    }

    /** @return whether the entity is new to the baseline (its values are absolute) */
    public boolean isNew() {
        return kind != null;
    }

    /**
     * Quantizes metres (or metres per second) to units, rounding to the nearest and saturating at the
     * range of an {@code int} (±21,474 km; no world is that large).
     *
     * @param metres a finite value
     * @return the nearest unit count
     */
    public static int quantize(double metres) {
        long units = Math.round(metres * 100.0);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, units));
    }

    /**
     * @param units a quantized value
     * @return it in metres (or metres per second)
     */
    public static double metres(int units) {
        return units * METRES_PER_UNIT;
    }
}
