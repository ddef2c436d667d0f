package dev.ludus.testkit;

/** What a {@link SyntheticPlayers synthetic player} does while online. */
public enum Behaviour {
    /**
     * Roams around its own home point: picks a heading (toward home when it has strayed too far) or
     * stands still, and holds that for an exponentially distributed time.
     */
    WANDER,
    /**
     * Walks to a point of interest (popular ones more often), dwells there a while, then picks another.
     */
    TRAVEL,
    /** Walks to a hotspot (a battle, a market) and mills around inside its radius. */
    FLOCK
}
