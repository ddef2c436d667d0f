package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ServerMessage.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpectatorHubTest {
    private static Snapshot frame(long tick, long serverTimeMs) {
        return new Snapshot(tick, serverTimeMs, -1, List.of(), List.of());
    }

    @Test
    void shouldReleaseAFrameOnlyOnceItIsAtLeastTheDelayOld() {
        SpectatorHub.View view = new SpectatorHub.View(10);
        assertThat(view.advance(frame(0, 1_000), 600)).isNull();
        assertThat(view.advance(frame(4, 1_200), 600)).isNull();
        assertThat(view.advance(frame(8, 1_400), 600)).isNull();
        assertThat(view.advance(frame(12, 1_600), 600).tick()).isZero();
        assertThat(view.advance(frame(16, 1_800), 600).tick()).isEqualTo(4);
        assertThat(view.held()).isEqualTo(3);
    }

    @Test
    void shouldSendOnlyTheNewestDueFrameAfterAGap() {
        SpectatorHub.View view = new SpectatorHub.View(10);
        view.advance(frame(0, 1_000), 100);
        view.advance(frame(4, 1_050), 100);
        assertThat(view.advance(frame(8, 2_000), 100).tick()).isEqualTo(4);
        assertThat(view.held()).isEqualTo(1);
    }

    @Test
    void shouldNeverHoldMoreThanItsCapacityNorReleaseAFrameEarly() {
        SpectatorHub.View view = new SpectatorHub.View(4);
        // Ticks bunched closer than the nominal interval (a catch-up): the ring drops its oldest unsent.
        for (int i = 0; i < 100; i++) {
            assertThat(view.advance(frame(i * 4L, 1_000 + i), 1_000)).isNull();
            assertThat(view.held()).isLessThanOrEqualTo(4);
        }
        assertThat(view.advance(frame(400, 2_097), 1_000).tick()).isEqualTo(388);
    }

    @Test
    void shouldSendImmediatelyWithoutDelay() {
        SpectatorHub.View view = new SpectatorHub.View(2);
        assertThat(view.advance(frame(4, 1_000), 0).tick()).isEqualTo(4);
        assertThat(view.held()).isZero();
    }
}
