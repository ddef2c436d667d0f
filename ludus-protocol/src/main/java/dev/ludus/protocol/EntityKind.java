package dev.ludus.protocol;

import java.util.Locale;

/** What an entity in a snapshot is; the JSON form is the lower-case name. */
public enum EntityKind {
    /** An entity controlled by a connected player. */
    PLAYER,
    /** A non-player character driven by the server. */
    NPC,
    /** An item lying in the world that a player can pick up. */
    ITEM,
    /** A resource node (tree, ore vein) players harvest units from. */
    RESOURCE,
    /**
     * A prop the physics moves (a boulder players shove): a round rigid body whose radius the
     * snapshot gives ({@link EntityState#radius()}).
     */
    PROP;

    /**
     * @return the JSON wire form, e.g. {@code "player"}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName a JSON wire form
     * @return the matching kind
     * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the name is unknown
     */
    public static EntityKind fromWireName(String wireName) {
        for (EntityKind kind : values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
            "entity.kind : \"" + Texts.clip(wireName) + "\" (expected: player, npc, item, resource or prop)");
    }
}
