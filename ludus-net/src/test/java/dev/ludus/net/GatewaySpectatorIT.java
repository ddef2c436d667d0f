package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Spectating;
import dev.ludus.protocol.ServerMessage.SpectatorState;
import dev.ludus.protocol.SpectateArea;
import dev.ludus.protocol.Weapon;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spectators through a real port: delayed, filtered, shared views and their bad input. */
class GatewaySpectatorIT {
    private static final JsonCodec JSON = new JsonCodec();
    private static final ProtobufCodec PROTOBUF = new ProtobufCodec();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Simulation simulation;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws InterruptedException {
        GameRules rules = new GameRules() {
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
        // Players spawn on the spawn point itself (radius 0): within melee reach of each other.
        simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 0, 6, 1), rules,
            SimulationListener.NONE);
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 4096, 1000, 1000, 5, 60), NetcodeConfig.defaults(),
            simulation, () -> true, () -> "", registry, System::nanoTime);
        port = gateway.start().getPort();
        // The nominal 20 Hz, so the spectator histories (sized by the tick rate) hold the whole delay.
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 50, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    private static void send(WsClient client, ClientMessage message, WireFormat format) {
        switch (format) {
            case JSON -> client.sendText(new String(JSON.encode(message), StandardCharsets.UTF_8));
            case PROTOBUF -> client.sendBinary(PROTOBUF.encode(message));
        }
    }

    private static long join(WsClient player, String name) throws InterruptedException {
        send(player, new ClientMessage.Login(name), WireFormat.JSON);
        return player.await(Welcome.class).entityId();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSendTheTargetsAreaDelayedAtAQuarterOfTheTickRateWithoutItsAckSeq(WireFormat format) throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient spectator = WsClient.connect(port)) {
            long target = join(player, "ada");
            send(player, new ClientMessage.Input(1, new Vec2(1, 0)), WireFormat.JSON);

            send(spectator, new ClientMessage.Spectate(target, 500), format);
            Spectating accepted = spectator.await(Spectating.class);
            assertThat(accepted).isEqualTo(new Spectating(target, 500, SpectatorHub.EVERY_TICKS));
            long acceptedAtMs = System.currentTimeMillis();

            Snapshot first = spectator.await(Snapshot.class);
            long arrivedAtMs = System.currentTimeMillis();
            assertThat(arrivedAtMs - first.serverTimeMs()).isGreaterThanOrEqualTo(500);
            assertThat(arrivedAtMs - acceptedAtMs).isGreaterThanOrEqualTo(400);
            assertThat(first.ackSeq()).isEqualTo(-1);
            assertThat(first.removed()).isEmpty();
            assertThat(first.tick() % SpectatorHub.EVERY_TICKS).isZero();
            assertThat(first.entities()).anySatisfy(e -> assertThat(e.id()).isEqualTo(target));
            assertThat(first.entities()).hasSizeGreaterThan(1);
            Snapshot second = spectator.await(Snapshot.class, s -> s.tick() > first.tick());
            assertThat(second.tick() % SpectatorHub.EVERY_TICKS).isZero();
            assertThat(gauge("ludus.spectators")).isEqualTo(1);
            assertThat(gauge("ludus.spectator.views")).isEqualTo(1);
        }
    }

    @Test
    void shouldEncodeEachViewOncePerFrameAndShareTheBytesWithAllItsSpectators() throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient a = WsClient.connect(port);
             WsClient b = WsClient.connect(port); WsClient c = WsClient.connect(port)) {
            long target = join(player, "bo");
            for (WsClient spectator : new WsClient[] {a, b, c}) {
                send(spectator, new ClientMessage.Spectate(target, 0), WireFormat.JSON);
                spectator.await(Spectating.class);
            }
            Snapshot seen = a.await(Snapshot.class);
            b.await(Snapshot.class, s -> s.tick() >= seen.tick());
            c.await(Snapshot.class, s -> s.tick() >= seen.tick());
            double encoded = registry.get("ludus.spectator.frames.encoded").counter().count();
            double sent = registry.get("ludus.spectator.frames.sent").counter().count();
            for (WsClient spectator : new WsClient[] {a, b, c}) {
                spectator.await(Snapshot.class, s -> s.tick() >= seen.tick() + 5 * SpectatorHub.EVERY_TICKS);
            }
            double encodedSince = registry.get("ludus.spectator.frames.encoded").counter().count() - encoded;
            double sentSince = registry.get("ludus.spectator.frames.sent").counter().count() - sent;
            assertThat(encodedSince).isPositive();
            // One view, one format: every frame is encoded once and written three times.
            assertThat(sentSince).isEqualTo(3 * encodedSince);
            assertThat(gauge("ludus.spectators")).isEqualTo(3);
            assertThat(gauge("ludus.spectator.views")).isEqualTo(1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> gauge("ludus.spectators") == 0 && gauge("ludus.spectator.views") == 0);
    }

    @Test
    void shouldRefuseUnknownTargetsAndAbsurdDelaysWithTheirCodes() throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient spectator = WsClient.connect(port)) {
            long target = join(player, "cy");
            send(spectator, new ClientMessage.Spectate(target + 1_000, 0), WireFormat.JSON);
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
            spectator.sendText("{\"type\":\"spectate\",\"target\":" + target + ",\"delayMs\":300001}");
            ErrorMessage tooLong = spectator.await(ErrorMessage.class, e -> e.code() == ErrorCode.INVALID_DELAY);
            assertThat(tooLong.message()).contains("spectate.delayMs : 300001");
            spectator.sendText("{\"type\":\"spectate\",\"target\":" + target + ",\"delayMs\":-1}");
            assertThat(spectator.await(ErrorMessage.class, e -> e.message().contains("delayMs : -1")).code())
                .isEqualTo(ErrorCode.INVALID_DELAY);
            // A refused spectate leaves the connection free to try again; without delayMs the default applies.
            spectator.sendText("{\"type\":\"spectate\",\"target\":" + target + "}");
            assertThat(spectator.await(Spectating.class).delayMs()).isEqualTo(ClientMessage.Spectate.DEFAULT_DELAY_MS);
        }
    }

    @Test
    void shouldKeepPlayersAndSpectatorsApart() throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient spectator = WsClient.connect(port)) {
            long target = join(player, "di");
            send(player, new ClientMessage.Spectate(target, 0), WireFormat.JSON);
            assertThat(player.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);

            send(spectator, new ClientMessage.Spectate(target, 0), WireFormat.PROTOBUF);
            spectator.await(Spectating.class);
            send(spectator, new ClientMessage.Login("eve"), WireFormat.PROTOBUF);
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.ALREADY_SPECTATING);
            send(spectator, new ClientMessage.Spectate(target, 1_000), WireFormat.PROTOBUF);
            assertThat(spectator.await(ErrorMessage.class, e -> e.message().contains("already follows")).code())
                .isEqualTo(ErrorCode.ALREADY_SPECTATING);
            send(spectator, new ClientMessage.Input(1, new Vec2(1, 0)), WireFormat.PROTOBUF);
            assertThat(spectator.await(ErrorMessage.class, e -> e.code() == ErrorCode.NOT_LOGGED_IN)).isNotNull();
            assertThat(simulation.playerCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldTellAndCloseTheSpectatorsWhenTheTargetLeaves() throws Exception {
        try (WsClient spectator = WsClient.connect(port); WsClient other = WsClient.connect(port)) {
            long target;
            try (WsClient player = WsClient.connect(port)) {
                target = join(player, "fay");
                send(spectator, new ClientMessage.Spectate(target, 30_000), WireFormat.JSON);
                spectator.await(Spectating.class);
                send(other, new ClientMessage.Spectate(target, 0), WireFormat.PROTOBUF);
                other.await(Spectating.class);
                assertThat(gauge("ludus.spectator.views")).isEqualTo(2);
            }
            ErrorMessage left = spectator.await(ErrorMessage.class);
            assertThat(left.code()).isEqualTo(ErrorCode.TARGET_LEFT);
            assertThat(left.message()).contains(Long.toString(target));
            assertThat(spectator.awaitClose()).isEqualTo(SpectatorHub.CLOSE_TARGET_LEFT);
            assertThat(other.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.TARGET_LEFT);
            assertThat(other.awaitClose()).isEqualTo(SpectatorHub.CLOSE_TARGET_LEFT);
            // Both gauges fall together under the player's lock but are read apart: wait for both.
            await().atMost(5, TimeUnit.SECONDS).until(() -> gauge("ludus.spectators") == 0 && gauge("ludus.spectator.views") == 0);
        }
        try (WsClient late = WsClient.connect(port)) {
            send(late, new ClientMessage.Spectate(1, 0), WireFormat.JSON);
            assertThat(late.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSendAnAreasEntitiesWhoeverIsThereAndShareTheViewBetweenItsSpectators(WireFormat format) throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient a = WsClient.connect(port); WsClient b = WsClient.connect(port);
             WsClient wider = WsClient.connect(port)) {
            long playerId = join(player, "gus");
            SpectateArea area = new SpectateArea(500, 500, 30);
            send(a, new ClientMessage.Spectate(area, 0), format);
            assertThat(a.await(Spectating.class)).isEqualTo(new Spectating(-1, 0, SpectatorHub.EVERY_TICKS, area, -1));
            send(b, new ClientMessage.Spectate(area, 0), format);
            b.await(Spectating.class);
            send(wider, new ClientMessage.Spectate(new SpectateArea(500, 500, 400), 0), format);
            wider.await(Spectating.class);
            assertThat(gauge("ludus.spectator.views")).isEqualTo(2);

            Snapshot frame = a.await(Snapshot.class);
            assertThat(frame.ackSeq()).isEqualTo(-1);
            assertThat(frame.removed()).isEmpty();
            assertThat(frame.tick() % SpectatorHub.EVERY_TICKS).isZero();
            // The player and the five NPCs (within 20 m of the centre on each axis) are inside 30 m.
            assertThat(frame.entities()).anySatisfy(e -> assertThat(e.id()).isEqualTo(playerId));
            assertThat(frame.entities()).filteredOn(e -> e.kind() == EntityKind.NPC).hasSize(5);
            assertThat(frame.entities()).allSatisfy(e ->
                assertThat(Math.hypot(e.x() - 500, e.y() - 500)).isLessThanOrEqualTo(30.0 + 1e-3));
            // The same tick's frame reaches the other spectator of the view with the same entities.
            Snapshot same = b.await(Snapshot.class, s -> s.tick() == frame.tick());
            assertThat(same.entities()).containsExactlyInAnyOrderElementsOf(frame.entities());

            double encoded = registry.get("ludus.spectator.frames.encoded").counter().count();
            double sent = registry.get("ludus.spectator.frames.sent").counter().count();
            for (WsClient spectator : new WsClient[] {a, b, wider}) {
                spectator.await(Snapshot.class, s -> s.tick() >= frame.tick() + 5 * SpectatorHub.EVERY_TICKS);
            }
            double encodedSince = registry.get("ludus.spectator.frames.encoded").counter().count() - encoded;
            double sentSince = registry.get("ludus.spectator.frames.sent").counter().count() - sent;
            // Two views, one format: each frame of each view is encoded once; the shared one is written twice.
            assertThat(encodedSince).isPositive();
            assertThat(sentSince).isEqualTo(1.5 * encodedSince, org.assertj.core.data.Offset.offset(3.0));
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> gauge("ludus.spectator.views") == 0);
    }

    @Test
    void shouldRefuseAreasOutsideTheWorldAbsurdRadiiAndReplaysOnALiveServerWithTheirCodes() throws Exception {
        try (WsClient spectator = WsClient.connect(port)) {
            spectator.sendText("{\"type\":\"spectate\",\"area\":{\"x\":1500,\"y\":500,\"radius\":50},\"delayMs\":0}");
            ErrorMessage outside = spectator.await(ErrorMessage.class);
            assertThat(outside.code()).isEqualTo(ErrorCode.INVALID_AREA);
            assertThat(outside.message()).contains("inside the world");
            send(spectator, new ClientMessage.Spectate(new SpectateArea(-0.5, 10, 50), 0), WireFormat.PROTOBUF);
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_AREA);
            spectator.sendText("{\"type\":\"spectate\",\"area\":{\"x\":500,\"y\":500,\"radius\":100000}}");
            assertThat(spectator.await(ErrorMessage.class, e -> e.message().contains("radius")).code())
                .isEqualTo(ErrorCode.INVALID_AREA);
            spectator.sendText("{\"type\":\"spectate\",\"area\":{\"x\":500,\"y\":500,\"radius\":0}}");
            assertThat(spectator.await(ErrorMessage.class, e -> e.message().contains("radius : 0")).code())
                .isEqualTo(ErrorCode.INVALID_AREA);
            spectator.sendText("{\"type\":\"spectate\",\"area\":{\"x\":500,\"y\":500,\"radius\":50},"
                + "\"replay\":{\"fromTick\":0}}");
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.REPLAY_UNAVAILABLE);
            // Refusals leave the connection free: a good area is accepted (corners of the world included).
            spectator.sendText("{\"type\":\"spectate\",\"area\":{\"x\":1000,\"y\":0,\"radius\":500},\"delayMs\":0}");
            assertThat(spectator.await(Spectating.class).area()).isEqualTo(new SpectateArea(1000, 0, 500));
            assertThat(gauge("ludus.spectator.views")).isEqualTo(1);
            send(spectator, new ClientMessage.Spectate(new SpectateArea(10, 10, 50), 0), WireFormat.JSON);
            assertThat(spectator.await(ErrorMessage.class).message()).isEqualTo("this connection already watches an area");
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldShowAKillInTheFeedAndOnTheScoreboardAndThePlayersOnTheHeatMap(WireFormat format) throws Exception {
        try (WsClient killer = WsClient.connect(port); WsClient victim = WsClient.connect(port);
             WsClient spectator = WsClient.connect(port)) {
            long killerId = join(killer, "hal");
            long victimId = join(victim, "ivy");
            send(spectator, new ClientMessage.Spectate(new SpectateArea(500, 500, 100), 0), format);
            spectator.await(Spectating.class);
            // The first state may predate the joins (up to a second old); a later one counts both players.
            SpectatorState before = spectator.await(SpectatorState.class,
                s -> s.heat().counts().stream().mapToInt(Integer::intValue).sum() == 2);
            // Both on the spawn point (500, 500): one cell holds them.
            assertThat(before.heat().counts()).contains(2);
            assertThat(before.heat().columns() * before.heat().rows()).isEqualTo(before.heat().counts().size());

            // Both stand on the spawn point: melee hits land; one every cooldown (10 ticks) until one kills.
            long seq = 1;
            for (int hit = 0; hit < 8; hit++) {
                send(killer, new ClientMessage.Attack(seq++, victimId, Weapon.MELEE, new Vec2(1, 0), -1), WireFormat.JSON);
                Thread.sleep(600);
                if (killer.awaitOptional(dev.ludus.protocol.ServerMessage.ActionResult.class, r -> r.detail().equals("killed"))) {
                    break;
                }
            }
            SpectatorState after = spectator.await(SpectatorState.class, s -> !s.kills().isEmpty());
            assertThat(after.kills()).singleElement().satisfies(kill -> {
                assertThat(kill.killer()).isEqualTo(killerId);
                assertThat(kill.victim()).isEqualTo(victimId);
                assertThat(kill.victimKind()).isEqualTo(EntityKind.PLAYER);
                assertThat(kill.tick()).isLessThanOrEqualTo(after.tick());
            });
            assertThat(after.scoreboard()).startsWith(new SpectatorState.Score(killerId, "hal", 1, 0),
                new SpectatorState.Score(victimId, "ivy", 0, 1));
            // The next state lists no kill again: the feed carries each kill once.
            SpectatorState next = spectator.await(SpectatorState.class, s -> s.tick() > after.tick());
            assertThat(next.kills()).isEmpty();
            assertThat(next.scoreboard()).isEqualTo(after.scoreboard());
            assertThat(registry.get("ludus.spectator.states.sent").counter().count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void shouldDelayTheAggregatedStateLikeTheFrames() throws Exception {
        try (WsClient player = WsClient.connect(port); WsClient spectator = WsClient.connect(port)) {
            long target = join(player, "jo");
            send(spectator, new ClientMessage.Spectate(target, 1_500), WireFormat.JSON);
            spectator.await(Spectating.class);
            SpectatorState state = spectator.await(SpectatorState.class);
            assertThat(System.currentTimeMillis() - state.serverTimeMs()).isGreaterThanOrEqualTo(1_500);
        }
    }
}
