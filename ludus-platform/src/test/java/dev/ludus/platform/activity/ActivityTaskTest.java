package dev.ludus.platform.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityTaskTest {
    @Test
    void shouldMakeVersion7IdsThatSortByCreationTimeThenSeq() {
        SplittableRandom random = new SplittableRandom(7);
        long ms = 1_780_000_000_000L;
        UUID id = UUID.fromString(ActivityTask.newId(ms, 42, random));
        // RFC 9562 §5.7: version 7, variant 10, the unix time in ms in the top 48 bits.
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(ms);
        assertThat(id.getMostSignificantBits() & 0xFFF).isEqualTo(42);

        List<String> ids = new ArrayList<>();
        for (int seq = 1; seq <= 3000; seq++) {
            ids.add(ActivityTask.newId(ms + seq / 1000, seq, random));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates().allSatisfy(text -> assertThat(text).hasSize(36));
    }
}
