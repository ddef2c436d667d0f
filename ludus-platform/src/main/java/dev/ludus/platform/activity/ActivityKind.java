package dev.ludus.platform.activity;

import java.util.Locale;

/** The three sorts of idle task. */
public enum ActivityKind {
    /** Gathering a resource at a location with a tool (wood, ore). */
    HARVESTING,
    /** Turning materials into an item at a station, with a chance of failure. */
    CRAFTING,
    /** Fighting an enemy with equipment, for gold and rare drops. */
    COMBAT;

    /** @return the wire name, e.g. {@code harvesting} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
