package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.sim.world.Command;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputJitterBufferTest {
    private final List<Command> released = new ArrayList<>();
    private final InputJitterBuffer buffer = new InputJitterBuffer(3, released::add);

    private static Command move(long seq) {
        return new Command.Move(1, seq, 1, 0);
    }

    @Test
    void shouldPassAnInputAtOrBelowTheTickRateStraightThrough() {
        buffer.offerMove(move(1));
        buffer.onTick();
        buffer.offerMove(move(2));
        buffer.onTick();
        buffer.onTick();
        buffer.offerMove(move(3));

        assertThat(released).extracting(c -> ((Command.Move) c).seq()).containsExactly(1L, 2L, 3L);
        assertThat(buffer.depth()).isZero();
    }

    @Test
    void shouldSpreadABurstOverConsecutiveTicks() {
        buffer.offerMove(move(1));
        buffer.offerMove(move(2));
        buffer.offerMove(move(3));
        assertThat(released).hasSize(1);
        buffer.onTick();
        assertThat(released).hasSize(2);
        buffer.onTick();
        assertThat(released).extracting(c -> ((Command.Move) c).seq()).containsExactly(1L, 2L, 3L);
        buffer.onTick();
        assertThat(released).hasSize(3);
    }

    @Test
    void shouldReleaseTheOldestEarlyWhenFullSoABurstAddsAtMostCapacityTicks() {
        for (long seq = 1; seq <= 6; seq++) {
            buffer.offerMove(move(seq));
        }
        // One released at once, three held, two pushed out early.
        assertThat(released).extracting(c -> ((Command.Move) c).seq()).containsExactly(1L, 2L, 3L);
        assertThat(buffer.depth()).isEqualTo(3);
        assertThat(buffer.releasedEarly()).isEqualTo(2);
        assertThat(buffer.held()).as("every move behind the first waited, even those pushed out early").isEqualTo(5);
    }

    @Test
    void shouldNeverDelayAnActionAndKeepTheSequenceOrder() {
        buffer.offerMove(move(1));
        buffer.offerMove(move(2));
        Command attack = new Command.Violation(1, 3, "test");
        buffer.offerAction(attack);

        assertThat(released).hasSize(3);
        assertThat(released.getLast()).isSameAs(attack);
        assertThat(buffer.depth()).isZero();
    }

    @Test
    void shouldDropWhatWaitsWhenCleared() {
        buffer.offerMove(move(1));
        buffer.offerMove(move(2));
        buffer.clear();
        buffer.onTick();
        assertThat(released).hasSize(1);
        buffer.offerMove(move(3));
        assertThat(released).hasSize(2);
    }
}
