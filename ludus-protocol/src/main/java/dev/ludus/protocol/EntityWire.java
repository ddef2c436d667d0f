package dev.ludus.protocol;

/** Checks of entity fields read from the wire, shared by the JSON and protobuf codecs. */
final class EntityWire {
    private EntityWire() {
    }

    /**
     * @param radius a snapshot entity's radius as read, metres
     * @param owner  the field's owner, for the message
     * @return the radius
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when it is negative or not finite
     */
    static double radius(double radius, String owner) {
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, owner + ".radius : " + radius + " (expected: finite and >= 0)");
        }
        return radius;
    }

    /**
     * @param radius a delta entity's radius as read, centimetres
     * @param isNew  whether the entity carries its kind (is new to the baseline)
     * @return the radius
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when it is negative, or not 0 for an
     *                           entity the baseline holds (a size is sent once)
     */
    static int deltaRadius(int radius, boolean isNew) {
        if (radius < 0 || radius != 0 && !isNew) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "delta.entity.radius : " + radius
                + " (expected: >= 0, and only on an entity new to the baseline)");
        }
        return radius;
    }
}
