package dev.ludus.sim.action;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RewindBufferTest {

    @Test
    void shouldReturnRecordedPositionsForTheTicksItStillKeeps() {
        RewindBuffer buffer = new RewindBuffer(3);
        for (long tick = 0; tick < 5; tick++) {
            buffer.begin(tick, 10);
            buffer.record(tick, 4, 44, tick, -tick);
        }
        double[] at = new double[2];

        assertThat(buffer.depth()).isEqualTo(3);
        assertThat(buffer.positionAt(4, 4, 44, at)).isTrue();
        assertThat(at).containsExactly(4, -4);
        assertThat(buffer.positionAt(2, 4, 44, at)).isTrue();
        assertThat(at).containsExactly(2, -2);
        assertThat(buffer.positionAt(1, 4, 44, at)).as("overwritten").isFalse();
        assertThat(buffer.positionAt(5, 4, 44, at)).as("not yet recorded").isFalse();
        assertThat(buffer.positionAt(-1, 4, 44, at)).isFalse();
    }

    @Test
    void shouldNotConfuseAReusedSlotOrAnEntityMissingFromAFrame() {
        RewindBuffer buffer = new RewindBuffer(4);
        buffer.begin(0, 8);
        buffer.record(0, 1, 10, 1, 1);
        buffer.begin(1, 8);
        buffer.record(1, 2, 20, 2, 2);
        double[] at = new double[2];

        assertThat(buffer.positionAt(0, 1, 11, at)).as("another id in the slot").isFalse();
        assertThat(buffer.positionAt(1, 1, 10, at)).as("not recorded at tick 1").isFalse();
        assertThat(buffer.positionAt(1, -1, 10, at)).isFalse();
        assertThat(buffer.positionAt(1, 99, 10, at)).isFalse();
        // Re-using frame 0 at tick 4 forgets what tick 0 held.
        buffer.begin(4, 8);
        assertThat(buffer.positionAt(4, 1, 10, at)).isFalse();
        buffer.begin(5, 500);
        buffer.record(5, 450, 7, 3, 4);
        assertThat(buffer.positionAt(5, 450, 7, at)).isTrue();
        assertThat(at).containsExactly(3, 4);
        assertThatThrownBy(() -> new RewindBuffer(0)).hasMessage("depth : 0 (expected: >= 1)");
    }
}
