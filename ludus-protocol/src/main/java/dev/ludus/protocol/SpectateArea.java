package dev.ludus.protocol;

/**
 * A disc of the world a spectator watches (docs/protocol.md §18.1): every entity within
 * {@code radiusMetres} of the centre, whoever is there.
 *
 * <p>The record checks what it can alone; the server also checks that the centre lies inside its
 * world ({@link ErrorCode#INVALID_AREA}). Immutable.
 *
 * @param xMetres      the centre's x, metres, finite
 * @param yMetres      the centre's y, metres, finite
 * @param radiusMetres the radius, metres, {@value #MIN_RADIUS_METRES} to {@value #MAX_RADIUS_METRES}
 */
public record SpectateArea(double xMetres, double yMetres, double radiusMetres) {
    /** The smallest radius, metres. */
    public static final double MIN_RADIUS_METRES = 1;
    /**
     * The largest radius, metres: five default areas of interest across, so one spectator frame stays
     * within a few thousand entities (about 60 KB in protobuf at the reference world's densest).
     */
    public static final double MAX_RADIUS_METRES = 500;

    /** @throws ProtocolException {@link ErrorCode#INVALID_AREA} for a non-finite centre or a radius out of range */
    public SpectateArea {
        if (!Double.isFinite(xMetres) || !Double.isFinite(yMetres)) {
            throw new ProtocolException(ErrorCode.INVALID_AREA, "spectate.area : (" + xMetres + ", " + yMetres
                + ") (expected: a finite centre)");
        }
        if (!(radiusMetres >= MIN_RADIUS_METRES && radiusMetres <= MAX_RADIUS_METRES)) {
            throw new ProtocolException(ErrorCode.INVALID_AREA, "spectate.area.radius : " + radiusMetres + " (expected: "
                + MIN_RADIUS_METRES + " to " + MAX_RADIUS_METRES + " metres)");
        }
    }
}
