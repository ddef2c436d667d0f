package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void shouldReleaseEveryViewWhenSpectatorsOfOnePlayerComeAndGoAtOnce() throws Exception {
        // Two spectators of one player join and leave over and over on two threads: the last one out drops
        // the player's Target while the other registers. Before the fix a registration could land in the
        // dropped Target: counted as a view, never fed, never released.
        GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
        SpectatorHub hub = new SpectatorHub(new JsonCodec(), new ProtobufCodec(), metrics, 20, 1000, 1000);
        hub.onPlayerJoined(7, "followed");
        int rounds = 50_000;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (Future<Void> each : threads.invokeAll(List.<Callable<Void>>of(
                () -> comeAndGo(hub, start, rounds), () -> comeAndGo(hub, start, rounds)))) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(metrics.spectatorViews.get()).as("views left after every spectator left").isZero();
        assertThat(metrics.spectators.get()).isZero();
        assertThat(hub.isWatched(7)).isFalse();
    }

    /** Watches player 7 and leaves again, {@code rounds} times. */
    private static Void comeAndGo(SpectatorHub hub, CyclicBarrier start, int rounds) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        start.await();
        for (int i = 0; i < rounds; i++) {
            hub.unwatch(hub.watch(7, 0, channel, WireFormat.JSON));
        }
        return null;
    }
}
