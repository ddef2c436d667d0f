package dev.ludus.protocol;

/**
 * A 2D vector in metres (positions) or a unitless direction (inputs).
 *
 * @param x east-west component, finite
 * @param y north-south component, finite
 */
public record Vec2(double x, double y) {

    /**
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a component is NaN or infinite
     */
    public Vec2 {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "vector : (" + x + ", " + y + ") (expected: finite numbers)");
        }
    }
}
