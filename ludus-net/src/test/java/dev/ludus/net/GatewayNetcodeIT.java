package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage.Delta;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deltas, acks, RTT probes and slow consumers through a real port. */
class GatewayNetcodeIT {
    private static final JsonCodec JSON = new JsonCodec();
    private static final ProtobufCodec PROTOBUF = new ProtobufCodec();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Simulation simulation;
    private Gateway gateway;
    private int port;

    /** NPCs crowded around the spawn point, so that snapshots are large. */
    private static GameRules crowd(int npcs) {
        return crowd(npcs, 0);
    }

    /** {@code npcs} NPCs around (500, 500), re-aimed at random every tick at {@code speed} m/s (0: they stand). */
    private static GameRules crowd(int npcs, double speed) {
        return new GameRules() {
            @Override
            public void populate(World world, RandomGenerator random) {
                for (int i = 0; i < npcs; i++) {
                    world.spawn(EntityKind.NPC, 500 + random.nextDouble(-40, 40), 500 + random.nextDouble(-40, 40));
                }
            }

            @Override
            public void onTick(dev.ludus.sim.world.RegionTick region) {
                if (speed == 0) {
                    return;
                }
                World world = region.world();
                for (int i = 0; i < region.entities().size(); i++) {
                    int slot = region.entities().get(i);
                    if (world.kind(slot) == EntityKind.NPC) {
                        double heading = region.random().nextDouble() * 2 * Math.PI;
                        world.setVelocity(slot, Math.cos(heading) * speed, Math.sin(heading) * speed);
                    }
                }
            }
        };
    }

    private void start(GameRules rules, NetcodeConfig netcode) throws InterruptedException {
        simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 5, 6, 1), rules,
            SimulationListener.NONE);
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 4096, 1000, 1000, 5, 60), netcode, simulation,
            () -> true, () -> "", registry, System::nanoTime);
        port = gateway.start().getPort();
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    private void tickEvery20Millis() {
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, TimeUnit.MILLISECONDS);
    }

    private static void send(WsClient client, ClientMessage message, WireFormat format) {
        switch (format) {
            case JSON -> client.sendText(new String(JSON.encode(message), StandardCharsets.UTF_8));
            case PROTOBUF -> client.sendBinary(PROTOBUF.encode(message));
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSendDeltasAgainstTheAcknowledgedFrame(WireFormat format) throws Exception {
        start(crowd(20), NetcodeConfig.defaults());
        tickEvery20Millis();
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Login("dana", true), format);
            client.await(Welcome.class);
            Delta full = client.await(Delta.class, d -> !d.entities().isEmpty());
            assertThat(full.isFull()).isTrue();
            send(client, new ClientMessage.Ack(full.tick()), format);
            send(client, new ClientMessage.Input(1, new Vec2(1, 0)), format);

            Delta delta = client.await(Delta.class, d -> d.baseTick() == full.tick() && d.ackSeq() == 1);
            // Only the moving player changed: the NPCs stand still.
            assertThat(delta.entities()).hasSize(1).allSatisfy(e -> assertThat(e.isNew()).isFalse());
            assertThat(delta.removed()).isEmpty();
            assertThat(delta.timeScale()).isEqualTo(1.0);
            assertThat(registry.get("ludus.acks").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerBadAcksWithTheirCodesAndKeepSendingDeltas() throws Exception {
        start(crowd(5), NetcodeConfig.defaults());
        tickEvery20Millis();
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Ack(3), WireFormat.JSON);
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
            send(client, new ClientMessage.Login("erin", true), WireFormat.JSON);
            client.await(Welcome.class);
            Delta first = client.await(Delta.class);
            Delta second = client.await(Delta.class, d -> d.tick() > first.tick());
            send(client, new ClientMessage.Ack(second.tick() + 1_000_000), WireFormat.JSON);
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.ACK_UNKNOWN_TICK);
            send(client, new ClientMessage.Ack(second.tick()), WireFormat.JSON);
            send(client, new ClientMessage.Ack(first.tick()), WireFormat.JSON);
            ErrorMessage backwards = client.await(ErrorMessage.class);
            assertThat(backwards.code()).isEqualTo(ErrorCode.ACK_NOT_INCREASING);
            assertThat(backwards.message()).contains("ack.tick : " + first.tick());
            // The state is as before the bad acks: deltas still build on the good one.
            assertThat(client.await(Delta.class, d -> d.baseTick() == second.tick())).isNotNull();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldKeepFullSnapshotsForClientsThatDidNotAskForDeltasAndIgnoreTheirAcks() throws Exception {
        start(crowd(5), NetcodeConfig.defaults());
        tickEvery20Millis();
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Login("fred"), WireFormat.PROTOBUF);
            client.await(Welcome.class);
            Snapshot snapshot = client.await(Snapshot.class);
            send(client, new ClientMessage.Ack(snapshot.tick() + 1_000), WireFormat.PROTOBUF);
            assertThat(client.await(Snapshot.class, s -> s.tick() > snapshot.tick() + 3)).isNotNull();
            assertThat(client.frameTypesReceived()).containsExactly("binary");
            assertThat(registry.get("ludus.protocol.errors").tag("code", "ack_unknown_tick").counter().count()).isZero();
        }
    }

    @Test
    void shouldDeferUpdatesAndLowerTheFrameRateWhenTheBudgetIsShort() throws Exception {
        // 1 KiB/s against 20 frames/s of 60 NPCs that turn every tick: every delta holds more changes than the budget.
        start(crowd(60, 2), NetcodeConfig.defaults().withBudget(1024));
        tickEvery20Millis();
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Login("gina", true), WireFormat.PROTOBUF);
            client.await(Welcome.class);
            send(client, new ClientMessage.Input(1, new Vec2(1, 0)), WireFormat.PROTOBUF);
            long lastTick = -1;
            int gaps = 0;
            for (int i = 0; i < 40; i++) {
                Delta delta = client.await(Delta.class);
                send(client, new ClientMessage.Ack(delta.tick()), WireFormat.PROTOBUF);
                if (lastTick >= 0 && delta.tick() - lastTick >= 2) {
                    gaps++;
                }
                lastTick = delta.tick();
            }
            assertThat(registry.get("ludus.entities.deferred").counter().count()).as("updates deferred").isPositive();
            assertThat(registry.get("ludus.snapshots.skipped").counter().count()).as("frames skipped").isPositive();
            assertThat(gaps).as("frames arrive further apart than one tick").isPositive();
            assertThat(registry.get("ludus.send.interval").summary().max()).isGreaterThanOrEqualTo(2);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldApplyABurstOfInputsOnePerTick() throws Exception {
        start(crowd(0), NetcodeConfig.defaults());
        java.util.List<long[]> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        simulation.journal((tick, serverTimeMs, commands, stateHash) -> {
            for (dev.ludus.sim.world.Command command : commands) {
                if (command instanceof dev.ludus.sim.world.Command.Move move) {
                    applied.add(new long[] {tick, move.seq()});
                }
            }
        });
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Login("hank", true), WireFormat.JSON);
            // Tick until the login has reached the world (the frame travels on the event loop).
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                simulation.tick(System.currentTimeMillis());
                return simulation.playerCount() == 1;
            });
            client.await(Welcome.class);
            simulation.tick(System.currentTimeMillis());
            long lastTick = simulation.completedTicks() - 1;
            // This tick's frame has reached the connection: its tick boundary is behind the burst.
            client.await(Delta.class, d -> d.tick() == lastTick);
            // Three inputs in one burst, between two ticks.
            send(client, new ClientMessage.Input(1, new Vec2(1, 0)), WireFormat.JSON);
            send(client, new ClientMessage.Input(2, new Vec2(0, 1)), WireFormat.JSON);
            send(client, new ClientMessage.Input(3, new Vec2(-1, 0)), WireFormat.JSON);
            await().atMost(10, TimeUnit.SECONDS).until(() -> registry.get("ludus.actions.in").tag("type", "input")
                .counter().count() == 3);
            for (int i = 0; i < 4; i++) {
                simulation.tick(System.currentTimeMillis());
                // Each tick's frame reaches the connection before the next tick, as at 20 Hz.
                long frameTick = simulation.completedTicks() - 1;
                client.await(Delta.class, d -> d.tick() == frameTick);
            }
            assertThat(applied).extracting(a -> a[1]).containsExactly(1L, 2L, 3L);
            String seen = applied.stream().map(java.util.Arrays::toString).toList().toString();
            assertThat(applied.get(1)[0]).as("tick, seq: %s", seen).isEqualTo(applied.get(0)[0] + 1);
            assertThat(applied.get(2)[0]).as("tick, seq: %s", seen).isEqualTo(applied.get(1)[0] + 1);
        }
    }

    @Test
    void shouldMeasureRoundTripsWithWebSocketPings() throws Exception {
        start(crowd(0), new NetcodeConfig(16384, 250, 4L << 20, 100, 4, 100, 4));
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Ping(1), WireFormat.JSON);
            await().atMost(10, TimeUnit.SECONDS).until(() -> registry.get("ludus.rtt").summary().count() >= 3);
            assertThat(registry.get("ludus.rtt").summary().max()).isLessThan(5_000);
            assertThat(registry.get("ludus.rtt.jitter").summary().count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void shouldDisconnectAClientThatNeverReadsAndOnlyThatClient() throws Exception {
        start(crowd(400), new NetcodeConfig(16384, 250, 1L << 20, 5, 4, 1000, 4));
        try (WsClient reader = WsClient.connect(port); Socket stalled = new Socket()) {
            send(reader, new ClientMessage.Login("reader"), WireFormat.JSON);
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = stalled.getInputStream();
            String response = readHeaders(in);
            assertThat(response).startsWith("HTTP/1.1 101");
            out.write(maskedText(JSON.encode(new ClientMessage.Login("sloth"))));
            out.flush();
            // From here on the stalled client reads nothing; ticks fill its buffers. They run about a
            // thousand a second, not as fast as they go: on an overloaded machine the reading client's
            // thread must still get the CPU to keep up, or it becomes a slow consumer too.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registry.get("ludus.connections.closed").tag("reason", "slow_consumer").counter().count() == 0
                && System.nanoTime() < deadline) {
                simulation.tick(System.currentTimeMillis());
                Thread.sleep(1);
            }
            assertThat(registry.get("ludus.connections.closed").tag("reason", "slow_consumer").counter().count())
                .isEqualTo(1);
            // The stalled client's socket is closed under it (it reads what the kernel buffered, then the end).
            stalled.setSoTimeout(10_000);
            byte[] sink = new byte[65_536];
            try {
                while (in.read(sink) >= 0) {
                    // drain
                }
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gateway.connectionCount()).isEqualTo(1));
            assertThat(reader.isClosed()).isFalse();
            simulation.tick(System.currentTimeMillis());
            assertThat(reader.await(Snapshot.class)).isNotNull();
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** One final text frame, masked with a zero key as RFC 6455 §5.3 requires of clients (any key will do). */
    private static byte[] maskedText(byte[] payload) {
        byte[] frame = new byte[payload.length + 6];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }
}
