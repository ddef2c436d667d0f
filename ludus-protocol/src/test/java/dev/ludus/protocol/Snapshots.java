package dev.ludus.protocol;

/** Snapshot helpers for tests: snapshots carry positions and velocities at float precision. */
final class Snapshots {
    private Snapshots() {
    }

    /**
     * @param message any server message
     * @return the message with every entity position and velocity rounded to the nearest float, the
     *     precision both codecs promise; other messages unchanged
     */
    static ServerMessage atFloatPrecision(ServerMessage message) {
        if (!(message instanceof ServerMessage.Snapshot s)) {
            return message;
        }
        return new ServerMessage.Snapshot(s.tick(), s.serverTimeMs(), s.ackSeq(),
            s.entities().stream()
                .map(e -> new EntityState(e.id(), e.kind(), (float) e.x(), (float) e.y(), (float) e.vx(), (float) e.vy(),
                    (float) e.radius()))
                .toList(),
            s.removed());
    }
}
