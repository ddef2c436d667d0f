package dev.ludus.sim.action;

import dev.ludus.protocol.Weapon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionConfigTest {
    static final ActionConfig REF = ActionConfig.reference(20, 5);

    @Test
    void shouldDescribeTheReferenceGame() {
        assertThat(REF.items()).containsExactly("gold", "wood", "ore", "potion", "arrow");
        assertThat(REF.maxRewindTicks()).as("1 s of ticks").isEqualTo(20);
        assertThat(REF.rangedCooldownTicks()).isEqualTo(2);
        assertThat(REF.meleeCooldownTicks()).isEqualTo(10);
        assertThat(REF.maxAccelMetresPerSecond2()).isEqualTo(250);
        assertThat(REF.itemId("potion")).isEqualTo(3);
        assertThat(REF.itemId("mithril")).isEqualTo(-1);
        ActionConfig slow = ActionConfig.reference(1, 5);
        assertThat(slow.meleeCooldownTicks()).isEqualTo(1);
        assertThat(slow.rangedCooldownTicks()).isEqualTo(1);
        assertThat(slow.harvestCooldownTicks()).isEqualTo(1);
    }

    @Test
    void shouldNameTheFirstFieldOutOfRange() {
        assertThatThrownBy(() -> with(c -> copy(c, List.of(), "gold", "potion"))).hasMessageStartingWith("items : []");
        assertThatThrownBy(() -> with(c -> copy(c, List.of("gold", "gold"), "gold", "gold"))).hasMessageStartingWith("items :");
        assertThatThrownBy(() -> with(c -> copy(c, List.of("Gold"), "Gold", "Gold"))).hasMessageStartingWith("items :");
        assertThatThrownBy(() -> with(c -> copy(c, List.of("gold"), "wood", "gold"))).hasMessageStartingWith("lootItem/healItem");
        assertThatThrownBy(() -> with(c -> copy(c, List.of("gold"), "gold", "wood"))).hasMessageStartingWith("lootItem/healItem");
        int fields = ActionConfig.class.getRecordComponents().length;
        // Every numeric field: zero or a negative value is refused with the field's name.
        String[] names = {"healAmount", "maxHealth", "meleeRangeMetres", "meleeDamage", "rangedRangeMetres", "bodyDamage",
            "headDamage", "bodyRadiusMetres", "headRadiusMetres", "reachMetres", "tradeRangeMetres", "meleeCooldownTicks",
            "rangedCooldownTicks", "harvestCooldownTicks", "useCooldownTicks", "tradeOfferTicks", "maxRewindTicks",
            "latencyToleranceTicks", "speedTolerance", "slackTicks", "maxAccelMetresPerSecond2", "teleportMetres",
            "desyncMetres"};
        assertThat(names).hasSize(fields - 3);
        for (int i = 0; i < names.length; i++) {
            int index = i;
            assertThatThrownBy(() -> numeric(index, -1)).as(names[i]).hasMessageStartingWith(names[i] + " :");
        }
        assertThatThrownBy(() -> numeric(6, 10)).hasMessage("headDamage : 10 (expected: >= bodyDamage 20)");
        assertThatThrownBy(() -> numeric(8, 0.6)).hasMessage("headRadiusMetres : 0.6 (expected: <= bodyRadiusMetres)");
        assertThatThrownBy(() -> numeric(20, Double.POSITIVE_INFINITY)).hasMessageStartingWith("maxAccelMetresPerSecond2 :");
        assertThatThrownBy(() -> numeric(18, Double.NaN)).hasMessageStartingWith("speedTolerance :");
        assertThat(numeric(16, 0).maxRewindTicks()).as("no lag compensation is allowed").isZero();
    }

    @Test
    void shouldNameEveryRequest() {
        assertThat(new ActionRequest.Attack(1, Weapon.MELEE, 1, 0).name()).isEqualTo("attack");
        assertThat(new ActionRequest.PickUp(1).name()).isEqualTo("pickup");
        assertThat(new ActionRequest.Harvest(1).name()).isEqualTo("harvest");
        assertThat(new ActionRequest.Trade(1, "a", 1, "b", 1).name()).isEqualTo("trade");
        assertThat(new ActionRequest.UseItem("a").name()).isEqualTo("use");
        assertThatThrownBy(() -> new ActionRequest.Attack(1, null, 1, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionRequest.Trade(1, null, 1, "b", 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionRequest.Trade(1, "a", 1, null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionRequest.UseItem(null)).isInstanceOf(NullPointerException.class);
    }

    private static ActionConfig with(UnaryOperator<ActionConfig> change) {
        return change.apply(REF);
    }

    private static ActionConfig copy(ActionConfig c, List<String> items, String loot, String heal) {
        return new ActionConfig(items, loot, heal, c.healAmount(), c.maxHealth(), c.meleeRangeMetres(), c.meleeDamage(),
            c.rangedRangeMetres(), c.bodyDamage(), c.headDamage(), c.bodyRadiusMetres(), c.headRadiusMetres(),
            c.reachMetres(), c.tradeRangeMetres(), c.meleeCooldownTicks(), c.rangedCooldownTicks(),
            c.harvestCooldownTicks(), c.useCooldownTicks(), c.tradeOfferTicks(), c.maxRewindTicks(),
            c.latencyToleranceTicks(), c.speedTolerance(), c.slackTicks(), c.maxAccelMetresPerSecond2(),
            c.teleportMetres(), c.desyncMetres());
    }

    /** The reference config with numeric field {@code index} (0 = healAmount) set to {@code value}. */
    private static ActionConfig numeric(int index, double value) {
        ActionConfig c = REF;
        double[] v = {c.healAmount(), c.maxHealth(), c.meleeRangeMetres(), c.meleeDamage(), c.rangedRangeMetres(),
            c.bodyDamage(), c.headDamage(), c.bodyRadiusMetres(), c.headRadiusMetres(), c.reachMetres(),
            c.tradeRangeMetres(), c.meleeCooldownTicks(), c.rangedCooldownTicks(), c.harvestCooldownTicks(),
            c.useCooldownTicks(), c.tradeOfferTicks(), c.maxRewindTicks(), c.latencyToleranceTicks(), c.speedTolerance(),
            c.slackTicks(), c.maxAccelMetresPerSecond2(), c.teleportMetres(), c.desyncMetres()};
        v[index] = value;
        return new ActionConfig(c.items(), c.lootItem(), c.healItem(), (int) v[0], (int) v[1], v[2], (int) v[3], v[4],
            (int) v[5], (int) v[6], v[7], v[8], v[9], v[10], (int) v[11], (int) v[12], (int) v[13], (int) v[14],
            (int) v[15], (int) v[16], (int) v[17], v[18], (int) v[19], v[20], v[21], v[22]);
    }
}
