package dev.ludus.sim.space;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LongIntMap} against {@link HashMap} as the oracle, under random puts, removes and clears. */
class LongIntMapPropertiesTest {

    @Property(tries = 200)
    void shouldBehaveLikeAHashMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 63) Integer> keys,
                                  @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 3) Integer> operations) {
        LongIntMap map = new LongIntMap(2);
        Map<Long, Integer> oracle = new HashMap<>();
        for (int i = 0; i < Math.min(keys.size(), operations.size()); i++) {
            // Keys in a small range collide often, so probe runs and backward shifts are exercised.
            long key = keys.get(i) * 64L;
            switch (operations.get(i)) {
                case 0, 1 -> assertThat(map.put(key, i)).isEqualTo(orMinusOne(oracle.put(key, i)));
                case 2 -> assertThat(map.remove(key)).isEqualTo(orMinusOne(oracle.remove(key)));
                default -> {
                    if (i % 17 == 0) {
                        map.clear();
                        oracle.clear();
                    }
                }
            }
            assertThat(map.size()).isEqualTo(oracle.size());
        }
        for (long key = -64; key < 64 * 64 + 64; key += 32) {
            assertThat(map.get(key)).as("key %s", key).isEqualTo(orMinusOne(oracle.get(key)));
        }
    }

    @Test
    void shouldRefuseTheReservedKeyAndNegativeValues() {
        LongIntMap map = new LongIntMap(0);
        assertThatThrownBy(() -> map.put(Long.MIN_VALUE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.put(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.remove(Long.MIN_VALUE)).isEqualTo(-1);
        assertThat(map.get(Long.MIN_VALUE + 1)).isEqualTo(-1);
        map.put(0, 5);
        assertThat(map.get(Long.MIN_VALUE)).as("the empty marker is never a key").isEqualTo(-1);
        map.clear();
        assertThat(map.size()).isZero();
    }

    private static int orMinusOne(Integer value) {
        return value == null ? -1 : value;
    }
}
