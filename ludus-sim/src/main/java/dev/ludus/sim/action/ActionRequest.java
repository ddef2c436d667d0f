package dev.ludus.sim.action;

import java.util.Objects;

/**
 * A player action other than movement, as the tick receives it: what the player asked for, with the
 * identifiers the client sent. Nothing here is trusted: the {@link ActionEngine} validates every field
 * against the world before anything changes.
 *
 * <p>Immutable; safe to share between threads.
 */
public sealed interface ActionRequest {

    /** @return the wire name of the action, e.g. {@code "attack"} */
    String name();

    /**
     * Attack an entity.
     *
     * @param target the entity aimed at (a player or an NPC)
     * @param weapon melee or ranged
     * @param aimX   aim direction x from the attacker, any finite length but not (0, 0)
     * @param aimY   aim direction y
     */
    record Attack(long target, dev.ludus.protocol.Weapon weapon, double aimX, double aimY) implements ActionRequest {
        /** @throws NullPointerException when the weapon is null */
        public Attack {
            Objects.requireNonNull(weapon, "weapon");
        }

        @Override
        public String name() {
            return "attack";
        }
    }

    /**
     * Pick up an item lying in the world.
     *
     * @param item the item's entity id
     */
    record PickUp(long item) implements ActionRequest {
        @Override
        public String name() {
            return "pickup";
        }
    }

    /**
     * Take one unit from a resource node.
     *
     * @param node the node's entity id
     */
    record Harvest(long node) implements ActionRequest {
        @Override
        public String name() {
            return "harvest";
        }
    }

    /**
     * Offer a swap to another player, or accept the partner's matching offer. The swap happens when
     * both players have offered each other the mirror image (A gives what B wants and the reverse),
     * atomically, if both still hold what they give.
     *
     * @param partner   the other player's entity id
     * @param giveItem  item name this player gives
     * @param giveCount how many, {@code >= 1}
     * @param wantItem  item name this player wants
     * @param wantCount how many, {@code >= 1}
     */
    record Trade(long partner, String giveItem, int giveCount, String wantItem, int wantCount) implements ActionRequest {
        /** @throws NullPointerException when an item name is null */
        public Trade {
            Objects.requireNonNull(giveItem, "giveItem");
            Objects.requireNonNull(wantItem, "wantItem");
        }

        @Override
        public String name() {
            return "trade";
        }
    }

    /**
     * Use (consume) one item from the inventory, e.g. drink a potion.
     *
     * @param item the item name
     */
    record UseItem(String item) implements ActionRequest {
        /** @throws NullPointerException when the item name is null */
        public UseItem {
            Objects.requireNonNull(item, "item");
        }

        @Override
        public String name() {
            return "use";
        }
    }
}
