package dev.ludus.protocol;

import java.util.Locale;

/**
 * Where an attack struck, decided by the server's hit test: the distance from the target's centre to
 * the aim ray (or, for melee, the attacker's reach) against the zone radii of the game's
 * {@code ActionConfig}.
 */
public enum HitZone {
    /** The attack missed. */
    NONE,
    /** A body hit. */
    BODY,
    /** A head hit (the inner disc): more damage. */
    HEAD;

    /** @return the wire form, e.g. {@code "head"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName a wire form
     * @return the zone
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when unknown
     */
    public static HitZone fromWireName(String wireName) {
        for (HitZone zone : values()) {
            if (zone.wireName().equals(wireName)) {
                return zone;
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
            "action_result.hit : \"" + Texts.clip(wireName) + "\" (expected: none, body or head)");
    }
}
