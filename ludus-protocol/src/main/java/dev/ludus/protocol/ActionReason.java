package dev.ludus.protocol;

import java.util.Locale;

/**
 * Why the world rejected a player's action or a claimed position: the stable {@code reason} of an
 * {@code action_result}. The wire form ({@link #code()}) is the lower-case name, e.g. {@code item_gone}.
 * Codes are part of the protocol contract: never renamed, only added.
 *
 * <p>Two families: <em>conflicts</em> (another player's action came first: {@link #ITEM_GONE},
 * {@link #NODE_DEPLETED}, {@link #TARGET_GONE}, {@link #NOT_IN_INVENTORY} after a use or a trade)
 * happen to honest players and mean nothing; <em>violations</em> ({@link #isViolation()}) are
 * physically impossible or forged and are counted as evidence by the cheat detectors.
 */
public enum ActionReason {
    /** The target, item or node id names no entity in the world. */
    UNKNOWN_TARGET(true, "no entity has that id"),
    /** The entity exists but cannot be the target of this action (yourself, an item for an attack, ...). */
    INVALID_TARGET(true, "that entity cannot be the target of this action"),
    /** The target is outside the player's area of interest: the client cannot have seen it. */
    NOT_VISIBLE(true, "the target is outside your area of interest"),
    /** The target is farther than the action's range, after lag compensation. */
    OUT_OF_RANGE(true, "the target is out of range"),
    /** An obstacle stands between the player and the target. */
    NO_LINE_OF_SIGHT(true, "an obstacle is in the way"),
    /** The action came before its cooldown ended (rapid fire, spam). */
    COOLDOWN(true, "too soon after the previous one"),
    /** Another player picked the item up first (a conflict in the same tick or earlier). */
    ITEM_GONE(false, "the item is gone"),
    /** The resource node has no unit left (another harvest came first). */
    NODE_DEPLETED(false, "the node is depleted"),
    /** The target died or left before this action was applied. */
    TARGET_GONE(false, "the target is gone"),
    /** The player was killed earlier in the same tick, before this action took effect. */
    DEAD(false, "you died before this action took effect"),
    /** The player does not hold what the action uses or gives (it was used, traded or never owned). */
    NOT_IN_INVENTORY(false, "you do not hold that"),
    /** An item name the game does not know. */
    UNKNOWN_ITEM(true, "no such item"),
    /** A trade whose partner is the player itself. */
    TRADE_WITH_SELF(true, "you cannot trade with yourself"),
    /** The trade partner is not a player in range, or no longer holds what it offered. */
    PARTNER_UNAVAILABLE(false, "the partner is gone"),
    /** A {@code viewTick} in the future. */
    INVALID_VIEW_TICK(true, "viewTick is in the future"),
    /** An attack with a zero aim vector. */
    INVALID_AIM(true, "aim must not be (0, 0)"),
    /** A claimed position farther from the last one than the speed limit allows, latency included. */
    SPEED(true, "moved faster than the speed limit"),
    /** A claimed change of velocity faster than the acceleration limit allows. */
    ACCELERATION(true, "changed velocity faster than the acceleration limit"),
    /** A claimed position far beyond anything reachable: a teleport. */
    TELEPORT(true, "moved farther than anything reachable"),
    /** A claimed path that passes through an obstacle. */
    OBSTACLE(true, "moved through an obstacle");

    private final boolean violation;
    private final String description;

    ActionReason(boolean violation, String description) {
        this.violation = violation;
        this.description = description;
    }

    /** @return a short human-readable explanation, e.g. "the item is gone" */
    public String description() {
        return description;
    }

    /** @return whether an honest client never causes this (evidence for the detectors) */
    public boolean isViolation() {
        return violation;
    }

    /** @return the stable wire form, e.g. {@code "item_gone"} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code a wire form
     * @return the matching reason
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the code is unknown
     */
    public static ActionReason fromCode(String code) {
        for (ActionReason value : values()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
            "action_result.reason : \"" + Texts.clip(code) + "\" (expected: a known reason)");
    }
}
