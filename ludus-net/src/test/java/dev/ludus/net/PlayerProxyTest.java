package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayerProxyTest {

    @Test
    void shouldCarryTheRemovalsOfASupersededSnapshotThatTheNextDoesNotUndo() {
        ServerMessage.Snapshot older = new ServerMessage.Snapshot(10, 1, 3, List.of(), List.of(4L, 9L));
        ServerMessage.Snapshot newer = new ServerMessage.Snapshot(11, 2, 4,
            List.of(new EntityState(9, EntityKind.NPC, 1, 1, 0, 0)), List.of(2L), 0.5);

        ServerMessage.Snapshot merged = PlayerProxy.carryRemovals(older, newer);

        // 4 left and stays gone; 9 left and came back, so it is not removed.
        assertThat(merged.removed()).containsExactly(2L, 4L);
        assertThat(merged.tick()).isEqualTo(11);
        assertThat(merged.ackSeq()).isEqualTo(4);
        assertThat(merged.timeScale()).isEqualTo(0.5);
        assertThat(merged.entities()).isEqualTo(newer.entities());
        assertThat(PlayerProxy.carryRemovals(new ServerMessage.Snapshot(10, 1, 3, List.of(), List.of()), newer))
            .isSameAs(newer);
    }
}
