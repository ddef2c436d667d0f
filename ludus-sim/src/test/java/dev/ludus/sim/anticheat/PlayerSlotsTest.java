package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlayerSlotsTest {
    @Test
    void shouldAgreeWithAHashMapUnderRandomAddsAndRemoves() {
        long seed = 11L;
        SplittableRandom random = new SplittableRandom(seed);
        PlayerSlots slots = new PlayerSlots();
        Map<Long, Integer> model = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            long id = random.nextInt(3_000) * 1_000_003L; // collisions in the low bits on purpose
            if (random.nextInt(3) == 0) {
                Integer expected = model.remove(id);
                assertThat(slots.remove(id)).as("seed %d step %d", seed, step)
                    .isEqualTo(expected == null ? PlayerSlots.MISSING : expected);
            } else {
                int slot = slots.slotOrAdd(id);
                Integer known = model.putIfAbsent(id, slot);
                if (known != null) {
                    assertThat(slot).as("seed %d step %d", seed, step).isEqualTo(known);
                }
            }
            assertThat(slots.size()).isEqualTo(model.size());
        }
        Set<Integer> used = new HashSet<>();
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertThat(slots.slotOf(e.getKey())).isEqualTo(e.getValue());
            assertThat(used.add(e.getValue())).as("slots are distinct").isTrue();
        }
        assertThat(slots.slotsInUse()).as("freed slots are reused").isLessThanOrEqualTo(3_000);
    }

    @Test
    void shouldReuseTheSlotOfAForgottenPlayer() {
        PlayerSlots slots = new PlayerSlots();
        int first = slots.slotOrAdd(42);
        slots.slotOrAdd(43);
        assertThat(slots.remove(42)).isEqualTo(first);
        assertThat(slots.slotOf(42)).isEqualTo(PlayerSlots.MISSING);
        assertThat(slots.remove(42)).isEqualTo(PlayerSlots.MISSING);
        assertThat(slots.slotOrAdd(44)).isEqualTo(first);
        assertThat(slots.slotsInUse()).isEqualTo(2);
    }
}
