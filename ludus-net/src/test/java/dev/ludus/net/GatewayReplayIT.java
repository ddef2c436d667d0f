package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Spectating;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.SpectateArea;
import dev.ludus.protocol.Vec2;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays through a real port: a live game is recorded tick by tick (commands and times, as the audit log
 * records them) while a live spectator watches an area; a replay server then serves the recording, and a
 * spectator that seeks to a tick must see exactly what the live spectator saw from that tick on.
 */
class GatewayReplayIT {
    private static final JsonCodec JSON = new JsonCodec();
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 5, 6, 7);
    private static final GameRules RULES = new GameRules() {
        @Override
        public void populate(World world, RandomGenerator random) {
            for (int i = 0; i < 5; i++) {
                world.spawn(EntityKind.NPC, 500 + random.nextDouble(-20, 20), 500 + random.nextDouble(-20, 20));
            }
        }

        @Override
        public void onTick(dev.ludus.sim.world.RegionTick region) {
        }
    };
    private static final SpectateArea AREA = new SpectateArea(500, 500, 80);

    private record RecordedTick(long tick, long timeMs, List<Command> commands) {
    }

    /** The recording, replayed as the audit log's replayer does: joins with a link that drops what the world sends. */
    private static final class Recording implements ReplaySource {
        final List<RecordedTick> ticks = new CopyOnWriteArrayList<>();

        @Override
        public WorldConfig world() {
            return CONFIG;
        }

        @Override
        public long ticks() {
            return ticks.size();
        }

        @Override
        public Cursor open(long fromTick, SpectatorFeed feed) throws java.io.IOException {
            Simulation simulation = new Simulation(CONFIG, RULES, SimulationListener.NONE);
            simulation.spectatorFeed(feed);
            Cursor cursor = new Cursor() {
                int next;

                @Override
                public long step() {
                    if (next >= ticks.size()) {
                        return -1;
                    }
                    RecordedTick tick = ticks.get(next++);
                    for (Command command : tick.commands()) {
                        simulation.submit(command instanceof Command.Join join ? new Command.Join(join.connectionId(),
                            join.name(), join.session(), PlayerLink.DISCARD, join.rankBucket(), join.premium(),
                            join.arriveXMetres(), join.arriveYMetres(), join.healthPoints()) : command);
                    }
                    simulation.tick(tick.timeMs());
                    return tick.timeMs();
                }

                @Override
                public void close() {
                    simulation.close();
                }
            };
            for (long t = 0; t < fromTick; t++) {
                cursor.step();
            }
            return cursor;
        }
    }

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    /** The walking player's entity id in the last recorded game. */
    private volatile long walker = -1;
    private final List<Gateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        gateways.forEach(Gateway::close);
    }

    /** Starts a gateway that serves {@code recording} to spectators (and has a world of its own, empty); returns its port. */
    private int serveReplays(Recording recording) throws InterruptedException {
        Gateway replay = gateway(new Simulation(CONFIG, RULES, SimulationListener.NONE));
        replay.replays(recording);
        return start(replay);
    }

    private int start(Gateway gateway) throws InterruptedException {
        gateways.add(gateway);
        return gateway.start().getPort();
    }

    private static Gateway gateway(Simulation simulation) {
        return new Gateway(new GatewayConfig("127.0.0.1", 0, 4096, 1000, 1000, 5, 60), NetcodeConfig.defaults(),
            simulation, () -> true, () -> "", new SimpleMeterRegistry(), System::nanoTime);
    }

    private static void send(WsClient client, ClientMessage message) {
        client.sendText(new String(JSON.encode(message), StandardCharsets.UTF_8));
    }

    /** Plays a live game for about 3 s with a walking player, recording it and what a live area spectator saw. */
    private Recording recordLiveGame(Map<Long, Snapshot> liveFrames) throws Exception {
        Recording recording = new Recording();
        Simulation live = new Simulation(CONFIG, RULES, SimulationListener.NONE);
        live.journal((tick, serverTimeMs, commands, stateHash) ->
            recording.ticks.add(new RecordedTick(tick, serverTimeMs, List.copyOf(commands))));
        int port = start(gateway(live));
        ticker.scheduleAtFixedRate(() -> live.tick(System.currentTimeMillis()), 0, 50, TimeUnit.MILLISECONDS);
        try (WsClient player = WsClient.connect(port); WsClient watcher = WsClient.connect(port)) {
            send(watcher, new ClientMessage.Spectate(AREA, 0));
            watcher.await(Spectating.class);
            send(player, new ClientMessage.Login("kim"));
            walker = player.await(Welcome.class).entityId();
            send(player, new ClientMessage.Input(1, new Vec2(1, 0.5)));
            long until = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < until) {
                Snapshot frame = watcher.await(Snapshot.class);
                liveFrames.put(frame.tick(), frame);
            }
        }
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        return recording;
    }

    @Test
    void shouldShowAfterASeekExactlyWhatTheLiveSpectatorSawAtThoseTicks() throws Exception {
        Map<Long, Snapshot> liveFrames = new ConcurrentHashMap<>();
        Recording recording = recordLiveGame(liveFrames);
        // A tick well after the player started walking, of which the live spectator got a frame.
        long seekTick = liveFrames.keySet().stream().sorted().skip(liveFrames.size() / 4).findFirst().orElseThrow();
        assertThat(liveFrames.keySet()).as("the live spectator saw the 8 frames compared")
            .contains(seekTick + 7 * SpectatorHub.EVERY_TICKS);

        int port = serveReplays(recording);
        try (WsClient spectator = WsClient.connect(port)) {
            send(spectator, new ClientMessage.Spectate(-1, 0, AREA, seekTick));
            assertThat(spectator.await(Spectating.class)).isEqualTo(new Spectating(-1, 0, SpectatorHub.EVERY_TICKS, AREA,
                seekTick));
            Snapshot first = spectator.await(Snapshot.class);
            assertThat(first.tick()).isEqualTo(seekTick);
            int compared = 0;
            for (Snapshot frame = first; frame.tick() < seekTick + 8 * SpectatorHub.EVERY_TICKS;
                 frame = spectator.await(Snapshot.class)) {
                Snapshot seen = liveFrames.get(frame.tick());
                if (seen != null) {
                    assertThat(frame.serverTimeMs()).isEqualTo(seen.serverTimeMs());
                    assertThat(frame.entities()).as("tick %d", frame.tick()).containsExactlyInAnyOrderElementsOf(seen.entities());
                    compared++;
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(6);
            // The walking player moved between the frames compared: the equality is not of a still world.
            assertThat(liveFrames.get(seekTick).entities()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EntityKind.PLAYER));
        }
    }

    @Test
    void shouldPaceTheReplayAsRecordedAndCloseAtTheEndOfTheLog() throws Exception {
        Recording recording = recordLiveGame(new ConcurrentHashMap<>());
        int port = serveReplays(recording);
        long last = recording.ticks() - 1;
        long from = (last - 24) / SpectatorHub.EVERY_TICKS * SpectatorHub.EVERY_TICKS;
        try (WsClient spectator = WsClient.connect(port)) {
            send(spectator, new ClientMessage.Spectate(-1, 0, AREA, from));
            spectator.await(Spectating.class);
            Snapshot first = spectator.await(Snapshot.class);
            long firstAtMs = System.currentTimeMillis();
            Snapshot later = spectator.await(Snapshot.class, s -> s.tick() >= first.tick() + 16);
            long recordedMs = later.serverTimeMs() - first.serverTimeMs();
            // Paced by the recorded times (16 ticks: about 800 ms), not re-simulated as fast as it goes.
            assertThat(System.currentTimeMillis() - firstAtMs).isGreaterThanOrEqualTo(recordedMs - 100);
            assertThat(spectator.awaitClose()).isEqualTo(ReplaySession.CLOSE_END_OF_LOG);
        }
    }

    @Test
    void shouldRefuseTicksOutsideTheLogPlayersLiveSpectatesAndLoginsWithTheirCodes() throws Exception {
        Recording recording = recordLiveGame(new ConcurrentHashMap<>());
        int port = serveReplays(recording);
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Spectate(-1, 0, AREA, recording.ticks()));
            ErrorMessage outside = client.await(ErrorMessage.class);
            assertThat(outside.code()).isEqualTo(ErrorCode.TICK_OUTSIDE_LOG);
            assertThat(outside.message()).contains("expected: 0 to " + (recording.ticks() - 1));
            send(client, new ClientMessage.Spectate(-1, 0, new SpectateArea(2000, 10, 50), 0));
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_AREA);
            send(client, new ClientMessage.ReplayControl(1, Double.NaN, -1));
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_REPLAYING);
            send(client, new ClientMessage.Spectate(AREA, 0));
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.MISSING_FIELD);
            send(client, new ClientMessage.Login("lee"));
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SERVER_FULL);
            // The refusals left the connection free to watch.
            send(client, new ClientMessage.Spectate(-1, 0, AREA, 0));
            assertThat(client.await(Spectating.class).replayFromTick()).isZero();
            assertThat(client.await(Snapshot.class).tick()).isZero();
        }
    }

    @Test
    void shouldServeNoMoreReplayViewersThanItsLimitAndTakeTheNextOnceOneLeaves() throws Exception {
        Recording recording = recordLiveGame(new ConcurrentHashMap<>());
        Gateway replay = gateway(new Simulation(CONFIG, RULES, SimulationListener.NONE));
        replay.replays(recording);
        replay.replayViewerLimit(1);
        int port = start(replay);
        try (WsClient second = WsClient.connect(port)) {
            try (WsClient first = WsClient.connect(port)) {
                send(first, new ClientMessage.Spectate(-1, 0, AREA, 0));
                first.await(Spectating.class);
                send(second, new ClientMessage.Spectate(-1, 0, AREA, 0));
                assertThat(second.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SERVER_FULL);
            }
            // The first viewer's seat is free once the server has seen its connection close.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> replay.replayViewers() == 0);
            send(second, new ClientMessage.Spectate(-1, 0, AREA, 0));
            assertThat(second.await(Spectating.class).replayFromTick()).isZero();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.replayViewerLimit(0))
            .hasMessageContaining("replay viewers : 0");
    }

    @Test
    void shouldFollowAPlayersAreaOfInterestThroughTheReplay() throws Exception {
        Map<Long, Snapshot> liveFrames = new ConcurrentHashMap<>();
        Recording recording = recordLiveGame(liveFrames);
        long kim = walker;
        int port = serveReplays(recording);
        try (WsClient spectator = WsClient.connect(port)) {
            send(spectator, new ClientMessage.Spectate(kim, 0, null, 8));
            assertThat(spectator.await(Spectating.class).target()).isEqualTo(kim);
            List<Snapshot> frames = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                frames.add(spectator.await(Snapshot.class));
            }

            assertThat(frames.getFirst().tick()).isEqualTo(8);
            double previousX = -1;
            for (Snapshot frame : frames) {
                var self = frame.entities().stream().filter(e -> e.id() == kim).findFirst().orElseThrow();
                // The frame is kim's area of interest at that tick: everything within the AOI radius of kim.
                assertThat(frame.entities()).allSatisfy(e ->
                    assertThat(Math.hypot(e.x() - self.x(), e.y() - self.y())).isLessThanOrEqualTo(CONFIG.aoiRadiusMetres()));
                assertThat(frame.ackSeq()).isEqualTo(-1);
                assertThat(self.x()).as("kim walks east, and the view goes along").isGreaterThan(previousX);
                previousX = self.x();
            }
        }
        try (WsClient stranger = WsClient.connect(port)) {
            send(stranger, new ClientMessage.Spectate(kim + 1000, 0, null, 8));
            stranger.await(Spectating.class);
            assertThat(stranger.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
            assertThat(stranger.awaitClose()).isEqualTo(SpectatorHub.CLOSE_TARGET_LEFT);
        }
    }

    @Test
    void shouldStopWhilePausedComeTwiceAsFastAtSpeedTwoAndSeekBack() throws Exception {
        Recording recording = recordLiveGame(new ConcurrentHashMap<>());
        int port = serveReplays(recording);
        try (WsClient spectator = WsClient.connect(port)) {
            send(spectator, new ClientMessage.Spectate(-1, 0, AREA, 0));
            spectator.await(Spectating.class);
            spectator.await(Snapshot.class, s -> s.tick() >= 4);

            spectator.sendText("{\"type\":\"replay.control\",\"paused\":true}");
            // Frames already on their way may still come; after that, none while paused.
            Thread.sleep(300);
            spectator.awaitOptional(Snapshot.class, s -> true);
            Thread.sleep(800);
            assertThat(spectator.awaitOptional(Snapshot.class, s -> true)).as("a frame while paused").isFalse();

            spectator.sendText("{\"type\":\"replay.control\",\"paused\":false,\"speed\":2.0}");
            Snapshot first = spectator.await(Snapshot.class);
            long firstAtNanos = System.nanoTime();
            Snapshot later = spectator.await(Snapshot.class, s -> s.tick() >= first.tick() + 20);
            long wallMs = (System.nanoTime() - firstAtNanos) / 1_000_000;
            long recordedMs = later.serverTimeMs() - first.serverTimeMs();
            // 20 recorded ticks (about 1 s) in about half the wall time.
            assertThat(wallMs).isLessThan(recordedMs * 3 / 4).isGreaterThanOrEqualTo(recordedMs / 2 - 100);

            send(spectator, new ClientMessage.ReplayControl(-1, Double.NaN, 8));
            spectator.await(Snapshot.class, s -> s.tick() == 8);
            assertThat(spectator.await(Snapshot.class).tick()).isEqualTo(12);
        }
    }

    @Test
    void shouldRefuseBadReplayControlsWithTheirCodes() throws Exception {
        Recording recording = recordLiveGame(new ConcurrentHashMap<>());
        int port = serveReplays(recording);
        try (WsClient spectator = WsClient.connect(port)) {
            spectator.sendText("{\"type\":\"replay.control\",\"paused\":true}");
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_REPLAYING);
            send(spectator, new ClientMessage.Spectate(-1, 0, AREA, 0));
            spectator.await(Spectating.class);
            for (String[] bad : new String[][] {{"{\"type\":\"replay.control\",\"speed\":9}", "invalid_field"},
                {"{\"type\":\"replay.control\",\"speed\":0.1}", "invalid_field"},
                {"{\"type\":\"replay.control\",\"paused\":\"yes\"}", "invalid_field"},
                {"{\"type\":\"replay.control\"}", "missing_field"},
                {"{\"type\":\"replay.control\",\"fromTick\":" + recording.ticks() + "}", "tick_outside_log"}}) {
                spectator.sendText(bad[0]);
                assertThat(spectator.await(ErrorMessage.class).code().code()).as(bad[0]).isEqualTo(bad[1]);
            }
            // Still watching.
            spectator.await(Snapshot.class);
        }
    }
}
