package dev.ludus.platform.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ParkedPlayerTest {
    @Test
    void shouldRoundTripExactPositionHealthAndInventory() {
        ParkedPlayer player = new ParkedPlayer("alice", 2003.4436123, 0.1, 87, new TreeMap<>(Map.of("wood", 3, "arrow", 20)));

        String encoded = player.encode();

        assertThat(encoded).isEqualTo("2003.4436123;0.1;87;arrow=20,wood=3");
        assertThat(player.inventoryText()).isEqualTo("arrow=20,wood=3");
        assertThat(ParkedPlayer.decode("alice", encoded)).isEqualTo(player);
        assertThat(ParkedPlayer.decode("bob", "1.0;2.0;0;")).isEqualTo(new ParkedPlayer("bob", 1, 2, 0, new TreeMap<>()));
        assertThat(player.toString()).isEqualTo("alice at (2003.44, 0.10) health 87 {arrow=20, wood=3}");
    }

    @Test
    void shouldKeepItsInventoryFromOutsideChanges() {
        TreeMap<String, Integer> inventory = new TreeMap<>(Map.of("wood", 3));
        ParkedPlayer player = new ParkedPlayer("alice", 1, 2, 100, inventory);
        inventory.put("gold", 1);

        assertThat(player.inventory()).containsOnlyKeys("wood");
        assertThatThrownBy(() -> player.inventory().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseOutOfRangeData() {
        TreeMap<String, Integer> none = new TreeMap<>();
        assertThatThrownBy(() -> new ParkedPlayer("", 1, 1, 1, none)).hasMessageContaining("expected");
        assertThatThrownBy(() -> new ParkedPlayer("a", Double.NaN, 1, 1, none)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new ParkedPlayer("a", 1, Double.POSITIVE_INFINITY, 1, none)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new ParkedPlayer("a", 1, 1, -1, none)).hasMessageContaining("health");
        assertThatThrownBy(() -> new ParkedPlayer("a", 1, 1, 1, new TreeMap<>(Map.of("a,b", 1)))).hasMessageContaining("inventory");
        assertThatThrownBy(() -> new ParkedPlayer("a", 1, 1, 1, new TreeMap<>(Map.of("wood", 0)))).hasMessageContaining("count");
        TreeMap<String, Integer> nullCount = new TreeMap<>();
        nullCount.put("wood", null);
        assertThatThrownBy(() -> new ParkedPlayer("a", 1, 1, 1, nullCount)).hasMessageContaining("wood=null");
    }

    @Test
    void shouldRefuseTextNotWrittenByEncode() {
        for (String bad : new String[] {"1;2;3", "1;2;3;4;5", "x;2;3;", "1;2;3;wood", "1;2;3;wood=x", "1;2;-3;", "1;2;3;=1"}) {
            assertThatThrownBy(() -> ParkedPlayer.decode("a", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldKeepParkedPlayersByNameIgnoringCase() {
        InMemoryParkedPlayerStore store = new InMemoryParkedPlayerStore();
        ParkedPlayer alice = new ParkedPlayer("Alice", 1, 2, 100, new TreeMap<>());

        store.save(alice);

        assertThat(store.load("alice")).contains(alice);
        store.remove("ALICE");
        assertThat(store.load("Alice")).isEmpty();
    }
}
