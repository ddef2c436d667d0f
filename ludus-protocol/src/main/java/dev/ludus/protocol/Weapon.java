package dev.ludus.protocol;

import java.util.Locale;

/** How an attack reaches its target. */
public enum Weapon {
    /** Close combat: short range; the target must be within reach. */
    MELEE,
    /** A shot: long range, needs line of sight, lag-compensated hit test against the aim ray. */
    RANGED;

    /** @return the wire form, e.g. {@code "ranged"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName a wire form
     * @return the weapon
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when unknown
     */
    public static Weapon fromWireName(String wireName) {
        for (Weapon weapon : values()) {
            if (weapon.wireName().equals(wireName)) {
                return weapon;
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
            "attack.weapon : \"" + Texts.clip(wireName) + "\" (expected: melee or ranged)");
    }
}
