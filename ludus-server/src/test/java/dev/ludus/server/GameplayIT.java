package dev.ludus.server;

import dev.ludus.net.WsClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real WebSocket clients (the JDK's) play on a running server, over JSON and over protobuf. */
class GameplayIT {
    private static LudusServer server;
    private static int port;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = TestServers.start(java.util.Map.of("arena.npc-count", 10_000, "server.status-interval-seconds", 1));
        port = server.address().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Optional<EntityState> find(Snapshot snapshot, long id) {
        return snapshot.entities().stream().filter(e -> e.id() == id).findFirst();
    }

    @Test
    void shouldLetOnePlayerSeeAnotherMoveOverJson() throws Exception {
        try (WsClient alice = WsClient.connect(port); WsClient bob = WsClient.connect(port)) {
            alice.sendText("{\"type\":\"login\",\"name\":\"alice\"}");
            bob.sendText("{\"type\":\"login\",\"name\":\"bob\"}");
            Welcome aliceWelcome = alice.await(Welcome.class);
            Welcome bobWelcome = bob.await(Welcome.class);
            assertThat(aliceWelcome.entityId()).isNotEqualTo(bobWelcome.entityId());
            assertThat(aliceWelcome.tickRate()).isEqualTo(20);
            assertThat(aliceWelcome.session()).isNotBlank().isNotEqualTo(bobWelcome.session());

            Snapshot before = bob.await(Snapshot.class, s -> find(s, aliceWelcome.entityId()).isPresent()
                && find(s, bobWelcome.entityId()).isPresent());
            EntityState aliceBefore = find(before, aliceWelcome.entityId()).orElseThrow();
            assertThat(aliceBefore.kind()).isEqualTo(EntityKind.PLAYER);
            assertThat(Math.hypot(aliceBefore.x() - 2000, aliceBefore.y() - 2000)).isLessThanOrEqualTo(5.0 + 1e-3);

            alice.sendText("{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1.0,\"y\":0.0}}");
            Snapshot acked = alice.await(Snapshot.class, s -> s.ackSeq() == 7);
            assertThat(find(acked, aliceWelcome.entityId())).isPresent();

            Snapshot after = bob.await(Snapshot.class, s -> find(s, aliceWelcome.entityId())
                .map(a -> a.x() > aliceBefore.x() + 3).orElse(false));
            EntityState aliceAfter = find(after, aliceWelcome.entityId()).orElseThrow();
            assertThat(aliceAfter.y()).isCloseTo(aliceBefore.y(), within(1e-3));
            assertThat(aliceAfter.vx()).isCloseTo(aliceWelcome.maxSpeed(), within(1e-3));
            assertThat(after.tick()).isGreaterThan(before.tick());
        }
    }

    @Test
    void shouldAnswerPingWithSameValueAndServerTick() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"ping\",\"t\":12345.5}");
            ServerMessage.Pong pong = client.await(ServerMessage.Pong.class);
            assertThat(pong.t()).isEqualTo(12345.5);
            assertThat(pong.tick()).isNotNegative();
            assertThat(pong.serverTimeMs()).isCloseTo(System.currentTimeMillis(), within(5_000L));
        }
    }

    @Test
    void shouldPlayTheSameGameOverProtobufBinaryFrames() throws Exception {
        ProtobufCodec codec = new ProtobufCodec();
        try (WsClient carol = WsClient.connect(port); WsClient dave = WsClient.connect(port)) {
            carol.sendBinary(codec.encode(new ClientMessage.Login("carol")));
            dave.sendBinary(codec.encode(new ClientMessage.Login("dave")));
            Welcome carolWelcome = carol.await(Welcome.class);
            Welcome daveWelcome = dave.await(Welcome.class);

            Snapshot before = dave.await(Snapshot.class, s -> find(s, carolWelcome.entityId()).isPresent());
            EntityState carolBefore = find(before, carolWelcome.entityId()).orElseThrow();
            carol.sendBinary(codec.encode(new ClientMessage.Input(1, new Vec2(0, 1))));
            assertThat(carol.await(Snapshot.class, s -> s.ackSeq() == 1).entities())
                .anyMatch(e -> e.id() == carolWelcome.entityId());
            Snapshot after = dave.await(Snapshot.class, s -> find(s, carolWelcome.entityId())
                .map(c -> c.y() > carolBefore.y() + 3).orElse(false));
            assertThat(find(after, carolWelcome.entityId()).orElseThrow().x()).isCloseTo(carolBefore.x(), within(1e-2));
            assertThat(find(after, daveWelcome.entityId())).isPresent();

            carol.sendBinary(codec.encode(new ClientMessage.Ping(3.0)));
            assertThat(carol.await(ServerMessage.Pong.class).t()).isEqualTo(3.0);
        }
    }

    @Test
    void shouldReportAPlayerWhoLeavesAsRemoved() throws Exception {
        try (WsClient erin = WsClient.connect(port)) {
            erin.sendText(new String(new JsonCodec().encode(new ClientMessage.Login("erin")), java.nio.charset.StandardCharsets.UTF_8));
            erin.await(Welcome.class);
            long frankId;
            try (WsClient frank = WsClient.connect(port)) {
                frank.sendText("{\"type\":\"login\",\"name\":\"frank\"}");
                frankId = frank.await(Welcome.class).entityId();
                erin.await(Snapshot.class, s -> find(s, frankId).isPresent());
            }
            Snapshot gone = erin.await(Snapshot.class, s -> s.removed().contains(frankId));
            assertThat(find(gone, frankId)).isEmpty();
        }
    }

    @Test
    void shouldShowNpcsAroundAPlayerWhoWalksIntoThem() throws Exception {
        try (WsClient gina = WsClient.connect(port)) {
            gina.sendText("{\"type\":\"login\",\"name\":\"gina\"}");
            long ginaId = gina.await(Welcome.class).entityId();
            Snapshot first = gina.await(Snapshot.class);
            assertThat(first.entities()).anyMatch(e -> e.id() == ginaId);
            // 10,000 NPCs over 16 km2 put about 20 inside a 100 m circle.
            assertThat(first.entities()).anyMatch(e -> e.kind() == EntityKind.NPC);
            // Every entity in a snapshot is inside the area of interest around the player's own entity.
            EntityState self = find(first, ginaId).orElseThrow();
            assertThat(first.entities()).allMatch(e -> Math.hypot(e.x() - self.x(), e.y() - self.y()) <= 100 + 1e-3);
        }
    }
}
