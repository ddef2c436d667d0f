package dev.ludus.sim.action;

import java.util.List;

/**
 * The rules of play the {@link ActionEngine} enforces: items, ranges, damage, cooldowns, lag
 * compensation and the tolerances of movement validation. One immutable value per world.
 *
 * @param items                 the item names the game knows, each matching {@code [a-z0-9_]{1,32}}, no
 *                              duplicates; an item's index in this list is its id
 * @param lootItem              the item an NPC drops when it dies, one of {@code items}
 * @param healItem              the item {@code use} consumes to heal, one of {@code items}
 * @param healAmount            health a heal item restores, {@code >= 1}
 * @param maxHealth             full health of players and NPCs, {@code >= 1}
 * @param meleeRangeMetres      reach of a melee attack, {@code > 0}
 * @param meleeDamage           damage of a melee hit, {@code >= 1}
 * @param rangedRangeMetres     range of a shot, {@code > 0}
 * @param bodyDamage            damage of a ranged body hit, {@code >= 1}
 * @param headDamage            damage of a ranged head hit, {@code >= bodyDamage}
 * @param bodyRadiusMetres      a shot whose ray passes this close to the target's centre hits, {@code > 0}
 * @param headRadiusMetres      this close, it is a head hit, {@code 0 < head <= body}
 * @param reachMetres           range of pick up and harvest, {@code > 0}
 * @param tradeRangeMetres      two players trade only this close, {@code > 0}
 * @param meleeCooldownTicks    ticks between two melee attacks, {@code >= 1}
 * @param rangedCooldownTicks   ticks between two shots (the fire rate), {@code >= 1}
 * @param harvestCooldownTicks  ticks between two harvests, {@code >= 1}
 * @param useCooldownTicks      ticks between two item uses, {@code >= 1}
 * @param tradeOfferTicks       how long an open trade offer waits for its mirror, {@code >= 1}
 * @param maxRewindTicks        deepest lag compensation, ticks: 1 s of ticks as in Valve's Source engine
 *                              ({@code sv_maxunlag} defaults to 1 s), {@code >= 0}
 * @param latencyToleranceTicks rewind allowed beyond the player's measured latency, {@code >= 0}
 * @param speedTolerance        relative slack on the speed limit for claimed positions, {@code >= 0}
 * @param slackTicks            extra ticks of movement allowed for jitter between claims, {@code >= 0}
 * @param maxAccelMetresPerSecond2 acceleration limit of claimed movement, {@code > 0}
 * @param teleportMetres        a claim this far beyond what the speed limit allows is a teleport, {@code > 0}
 * @param desyncMetres          a claim may be this far from the server's position plus what the player's
 *                              latency explains, before it counts as running ahead (a speed hack), {@code > 0}
 */
public record ActionConfig(List<String> items, String lootItem, String healItem, int healAmount, int maxHealth,
                           double meleeRangeMetres, int meleeDamage, double rangedRangeMetres, int bodyDamage,
                           int headDamage, double bodyRadiusMetres, double headRadiusMetres, double reachMetres,
                           double tradeRangeMetres, int meleeCooldownTicks, int rangedCooldownTicks,
                           int harvestCooldownTicks, int useCooldownTicks, int tradeOfferTicks, int maxRewindTicks,
                           int latencyToleranceTicks, double speedTolerance, int slackTicks,
                           double maxAccelMetresPerSecond2, double teleportMetres, double desyncMetres) {

    /**
     * @throws IllegalArgumentException naming the first field out of range
     */
    public ActionConfig {
        items = List.copyOf(items);
        if (items.isEmpty() || items.size() != items.stream().distinct().count()
            || !items.stream().allMatch(item -> item.matches("[a-z0-9_]{1,32}"))) {
            throw new IllegalArgumentException("items : " + items + " (expected: distinct names of a-z 0-9 _)");
        }
        if (!items.contains(lootItem) || !items.contains(healItem)) {
            throw new IllegalArgumentException("lootItem/healItem : " + lootItem + "/" + healItem + " (expected: listed in items)");
        }
        requirePositive(healAmount, "healAmount");
        requirePositive(maxHealth, "maxHealth");
        requirePositive(meleeRangeMetres, "meleeRangeMetres");
        requirePositive(meleeDamage, "meleeDamage");
        requirePositive(rangedRangeMetres, "rangedRangeMetres");
        requirePositive(bodyDamage, "bodyDamage");
        if (headDamage < bodyDamage) {
            throw new IllegalArgumentException("headDamage : " + headDamage + " (expected: >= bodyDamage " + bodyDamage + ")");
        }
        requirePositive(bodyRadiusMetres, "bodyRadiusMetres");
        requirePositive(headRadiusMetres, "headRadiusMetres");
        if (headRadiusMetres > bodyRadiusMetres) {
            throw new IllegalArgumentException("headRadiusMetres : " + headRadiusMetres + " (expected: <= bodyRadiusMetres)");
        }
        requirePositive(reachMetres, "reachMetres");
        requirePositive(tradeRangeMetres, "tradeRangeMetres");
        requirePositive(meleeCooldownTicks, "meleeCooldownTicks");
        requirePositive(rangedCooldownTicks, "rangedCooldownTicks");
        requirePositive(harvestCooldownTicks, "harvestCooldownTicks");
        requirePositive(useCooldownTicks, "useCooldownTicks");
        requirePositive(tradeOfferTicks, "tradeOfferTicks");
        requireNonNegative(maxRewindTicks, "maxRewindTicks");
        requireNonNegative(latencyToleranceTicks, "latencyToleranceTicks");
        requireNonNegative(speedTolerance, "speedTolerance");
        requireNonNegative(slackTicks, "slackTicks");
        requirePositive(maxAccelMetresPerSecond2, "maxAccelMetresPerSecond2");
        requirePositive(teleportMetres, "teleportMetres");
        requirePositive(desyncMetres, "desyncMetres");
    }

    /**
     * The reference game's rules for a world ticking at {@code tickRateHz} with players moving at
     * {@code playerSpeed}: items gold, wood, ore, potion, arrow; 100 health; melee 2.5 m, 25 damage,
     * 0.5 s; shots 60 m, 20 body / 50 head damage, 0.1 s (600 rounds a minute); body radius 0.5 m,
     * head 0.15 m; reach 2.5 m; trades within 5 m, offers open 10 s; lag compensation up to 1 s, 2 ticks
     * beyond measured latency; 25 % speed tolerance, 2 ticks of slack, acceleration up to a full
     * reversal within one tick ({@code 2 * speed * tickRate}), teleport beyond 10 m, desync beyond 2 m.
     *
     * @param tickRateHz  ticks per second, {@code >= 1}
     * @param playerSpeed metres per second, {@code > 0}
     * @return the configuration
     */
    public static ActionConfig reference(int tickRateHz, double playerSpeed) {
        return new ActionConfig(List.of("gold", "wood", "ore", "potion", "arrow"), "gold", "potion", 30, 100,
            2.5, 25, 60, 20, 50, 0.5, 0.15, 2.5, 5, Math.max(1, tickRateHz / 2), Math.max(1, tickRateHz / 10),
            Math.max(1, tickRateHz / 2),
            tickRateHz, 10 * tickRateHz, tickRateHz, 2, 0.25, 2, 2 * playerSpeed * tickRateHz * 1.25, 10, 2);
    }

    /**
     * @param item an item name
     * @return its id, or -1 when the game does not know it
     */
    public int itemId(String item) {
        return items.indexOf(item);
    }

    private static void requirePositive(double value, String field) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " : " + value + " (expected: > 0)");
        }
    }

    private static void requireNonNegative(double value, String field) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " : " + value + " (expected: >= 0)");
        }
    }
}
