package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ludus.platform.activity.ActivityRules;
import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.activity.InMemoryActivityStore;
import dev.ludus.platform.activity.PlayerProfile;
import dev.ludus.platform.activity.TaskDefinition;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.ledger.RetryPolicy;
import dev.ludus.platform.session.InMemoryParkedPlayerStore;
import dev.ludus.platform.session.SessionConfig;
import dev.ludus.platform.session.SessionTokens;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.ServerMessage.ActionResult;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.OptimisticUpdate;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions through the gateway on a real port (docs/protocol.md §19): a connection killed mid-fight
 * resumes with no reliable event lost or repeated, the grace window parks the player and its next login
 * restores it, refresh, revocation, a half-open connection superseded, a transfer to a second server in
 * the same process, stale connections closed, and bad resumes refused with stable codes.
 */
class GatewaySessionIT {
    private static final JsonCodec JSON = new JsonCodec();
    private static final ProtobufCodec PROTOBUF = new ProtobufCodec();
    private static final SessionTokens SHARED_KEY = new SessionTokens("cluster-secret-cluster-secret-32".getBytes(StandardCharsets.US_ASCII));

    private final List<Server> servers = new ArrayList<>();
    private final List<ActivityService> lanes = new ArrayList<>();

    /** One world, its ticker and its gateway. */
    private record Server(Simulation simulation, Gateway gateway, int port, SimpleMeterRegistry registry,
                          InMemoryParkedPlayerStore parked, ScheduledExecutorService ticker) {
    }

    private Server start(String serverId, long graceMillis, long staleMillis) throws InterruptedException {
        return start(serverId, graceMillis, staleMillis, 3, null);
    }

    /** A server whose players spawn within {@code spawnRadiusMetres} of (500, 500), with activities when given. */
    private Server start(String serverId, long graceMillis, long staleMillis, double spawnRadiusMetres,
                         ActivityService activities) throws InterruptedException {
        Simulation simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, spawnRadiusMetres, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Gateway gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 64 * 1024, 1000, 1000, 50, 600),
            new NetcodeConfig(16_384, 1000, 4 << 20, 100, 8, 100, 4), simulation, () -> true, () -> "", registry, System::nanoTime);
        InMemoryParkedPlayerStore parked = new InMemoryParkedPlayerStore();
        gateway.sessions(new SessionConfig(serverId, graceMillis, 60_000, 10_000, 1024), SHARED_KEY, parked, staleMillis);
        if (activities != null) {
            gateway.activities(activities);
        }
        int port = gateway.start().getPort();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, TimeUnit.MILLISECONDS);
        Server server = new Server(simulation, gateway, port, registry, parked, ticker);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        for (Server server : servers) {
            server.ticker().shutdownNow();
            server.gateway().close();
        }
        lanes.forEach(ActivityService::close);
    }

    private static void send(WsClient client, ClientMessage message, WireFormat format) {
        switch (format) {
            case JSON -> client.sendText(new String(JSON.encode(message), StandardCharsets.UTF_8));
            case PROTOBUF -> client.sendBinary(PROTOBUF.encode(message));
        }
    }

    private static long lastEventSeq(WsClient client) {
        List<ServerMessage.Numbered> events = client.numbered();
        return events.isEmpty() ? 0 : events.getLast().eventSeq();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldResumeAConnectionKilledMidFightWithNoReliableEventLostOrRepeated(WireFormat format) throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient fighter = WsClient.connect(server.port()); WsClient victim = WsClient.connect(server.port())) {
            send(fighter, new ClientMessage.Login("fighter"), format);
            Welcome fighterWelcome = fighter.await(Welcome.class);
            send(victim, new ClientMessage.Login("victim"), format);
            Welcome victimWelcome = victim.await(Welcome.class);
            String token = victim.await(ServerMessage.SessionToken.class).session();
            // Both attack each other; every attack is answered (hit, miss or refusal) with a numbered action result.
            for (int seq = 1; seq <= 30; seq++) {
                send(fighter, new ClientMessage.Attack(seq, victimWelcome.entityId(), Weapon.MELEE, new Vec2(1, 0), -1), format);
                send(victim, new ClientMessage.Attack(seq, fighterWelcome.entityId(), Weapon.MELEE, new Vec2(-1, 0), -1), format);
                if (seq == 15) {
                    // Mid-fight, the victim's network drops: no close handshake. It drops once the server has
                    // applied attack 15 (a snapshot acknowledges it), so the resume must continue after 15;
                    // the answer to 15 itself may be lost with the connection and come back on resume.
                    victim.await(ServerMessage.Snapshot.class, s -> s.ackSeq() >= 15);
                    victim.abort();
                }
                Thread.sleep(20);
            }
            fighter.await(ActionResult.class, r -> r.seq() == 30);
            long seenBeforeDrop = lastEventSeq(victim);
            List<ServerMessage.Numbered> beforeDrop = victim.numbered();

            try (WsClient resumed = WsClient.connect(server.port())) {
                send(resumed, new ClientMessage.Resume(token, seenBeforeDrop), format);
                ServerMessage.Resumed answer = resumed.await(ServerMessage.Resumed.class);
                resumed.await(ServerMessage.Snapshot.class, s -> s.tick() > 0);
                // Play goes on from the same entity and the same input sequence.
                send(resumed, new ClientMessage.Attack(answer.lastSeq() + 1, fighterWelcome.entityId(), Weapon.MELEE,
                    new Vec2(-1, 0), -1), format);
                resumed.await(ActionResult.class, r -> r.seq() == answer.lastSeq() + 1);

                assertThat(answer.entityId()).isEqualTo(victimWelcome.entityId());
                assertThat(answer.lastSeq()).isEqualTo(15);
                List<Long> numbers = new ArrayList<>();
                beforeDrop.forEach(e -> numbers.add(e.eventSeq()));
                resumed.numbered().forEach(e -> numbers.add(e.eventSeq()));
                // 1, 2, ..., n exactly once each across the two connections.
                assertThat(numbers).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates()
                    .hasSize((int) (long) numbers.getLast()).startsWith(1L);
                Set<Long> answered = new TreeSet<>();
                for (ServerMessage.Numbered event : beforeDrop) {
                    if (event.event() instanceof ActionResult result) {
                        assertThat(answered.add(result.seq())).as("attack %d answered once", result.seq()).isTrue();
                    }
                }
                for (ServerMessage.Numbered event : resumed.numbered()) {
                    if (event.event() instanceof ActionResult result) {
                        assertThat(answered.add(result.seq())).as("attack %d answered once", result.seq()).isTrue();
                    }
                }
                assertThat(answered).containsAll(java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
                assertThat(server.simulation().playerCount()).isEqualTo(2);
                assertThat(server.registry().get("ludus.session.resumes").tag("result", "ok").counter().count()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldParkThePlayerWhenTheGraceWindowPassesAndRestoreItAtItsNextLogin() throws Exception {
        Server server = start("a", 300, 0);
        String token;
        long entity;
        try (WsClient client = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"Parker\"}");
            entity = client.await(Welcome.class).entityId();
            token = client.await(ServerMessage.SessionToken.class).session();
            OptimisticUpdate.apply(server.simulation()::submit, entity, 0, "wood", 7, 8).join();
            client.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("wood", 0) == 7);
            client.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.parked().load("parker").isPresent());
        assertThat(server.simulation().playerCount()).isZero();
        assertThat(server.parked().load("parker").orElseThrow().inventory()).containsEntry("wood", 7);
        assertThat(server.registry().get("ludus.sessions.parked").counter().count()).isEqualTo(1);

        try (WsClient late = WsClient.connect(server.port()); WsClient again = WsClient.connect(server.port())) {
            late.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\",\"lastEventSeq\":0}");
            assertThat(late.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SESSION_UNKNOWN);

            again.sendText("{\"type\":\"login\",\"name\":\"parker\"}");
            again.await(Welcome.class);
            assertThat(again.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("wood", 0) == 7)).isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.parked().load("parker").isEmpty());
        }
    }

    @Test
    void shouldSupersedeOlderTokensOnRefreshAndRefuseBadResumesWithStableCodes() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient client = WsClient.connect(server.port()); WsClient other = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"refresher\"}");
            client.await(Welcome.class);
            String first = client.await(ServerMessage.SessionToken.class).session();
            client.sendText("{\"type\":\"refresh\"}");
            String second = client.await(ServerMessage.SessionToken.class, t -> !t.session().equals(first)).session();

            for (String[] bad : new String[][] {{"garbage", "0", "token_malformed"}, {first, "0", "token_superseded"},
                {second, "99", "resume_ahead"}, {second.substring(0, second.length() - 2) + "AA", "0", "token_invalid"}}) {
                other.sendText("{\"type\":\"resume\",\"session\":\"" + bad[0] + "\",\"lastEventSeq\":" + bad[1] + "}");
                assertThat(other.await(ErrorMessage.class).code().code()).as(bad[2]).isEqualTo(bad[2]);
            }
            client.sendText("{\"type\":\"resume\",\"session\":\"" + second + "\"}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
            assertThat(server.simulation().playerCount()).isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldCloseTheOldConnectionWhenAHalfOpenSessionIsResumedElsewhere() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient old = WsClient.connect(server.port()); WsClient fresh = WsClient.connect(server.port())) {
            old.sendText("{\"type\":\"login\",\"name\":\"halfopen\"}");
            long entity = old.await(Welcome.class).entityId();
            String token = old.await(ServerMessage.SessionToken.class).session();

            fresh.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\",\"lastEventSeq\":0}");

            assertThat(fresh.await(ServerMessage.Resumed.class).entityId()).isEqualTo(entity);
            assertThat(old.awaitClose()).isEqualTo(GatewaySessions.CLOSE_SUPERSEDED);
            fresh.await(ServerMessage.Snapshot.class, s -> s.entities().stream().anyMatch(e -> e.id() == entity));
            assertThat(server.simulation().playerCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldStopARevokedSessionOnItsConnectionAndForItsTokensAtOnce() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient client = WsClient.connect(server.port()); WsClient thief = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"revokee\"}");
            client.await(Welcome.class);
            String token = client.await(ServerMessage.SessionToken.class).session();

            assertThat(server.gateway().revoke("REVOKEE")).isTrue();

            assertThat(client.awaitClose()).isEqualTo(GatewaySessions.CLOSE_REVOKED);
            thief.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\"}");
            assertThat(thief.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SESSION_REVOKED);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.simulation().playerCount() == 0);
            assertThat(server.gateway().revoke("revokee")).isFalse();
        }
    }

    @Test
    void shouldTransferAPlayerToAnotherServerWithItsPositionAndInventoryWithoutALogin() throws Exception {
        Server a = start("a", 30_000, 0);
        Server b = start("b", 30_000, 0);
        try (WsClient client = WsClient.connect(a.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"traveller\"}");
            long entity = client.await(Welcome.class).entityId();
            OptimisticUpdate.apply(a.simulation()::submit, entity, 0, "gold", 12, 8).join();
            client.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("gold", 0) == 12);
            org.junit.jupiter.api.Assertions.assertThrows(dev.ludus.platform.session.SessionException.class,
                () -> a.gateway().transfer("nobody", "b", "ws://127.0.0.1:" + b.port() + "/ws"));

            a.gateway().transfer("traveller", "b", "ws://127.0.0.1:" + b.port() + "/ws");

            ServerMessage.Transfer transfer = client.await(ServerMessage.Transfer.class);
            assertThat(transfer.server()).isEqualTo("b");
            assertThat(client.awaitClose()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.simulation().playerCount() == 0);
            try (WsClient arriving = WsClient.connect(java.net.URI.create(transfer.url()));
                 WsClient replay = WsClient.connect(b.port()); WsClient wrong = WsClient.connect(a.port())) {
                // The name is taken on b: the join is refused, and the token works again once the name is free.
                try (WsClient namesake = WsClient.connect(b.port())) {
                    namesake.sendText("{\"type\":\"login\",\"name\":\"Traveller\"}");
                    namesake.await(Welcome.class);
                    arriving.sendBinary(PROTOBUF.encode(new ClientMessage.Handoff(transfer.token())));
                    assertThat(arriving.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NAME_TAKEN);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> b.simulation().playerCount() == 0);
                arriving.sendBinary(PROTOBUF.encode(new ClientMessage.Handoff(transfer.token())));
                arriving.await(Welcome.class);
                assertThat(arriving.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("gold", 0) == 12))
                    .isNotNull();
                assertThat(b.simulation().playerCount()).isEqualTo(1);

                replay.sendText("{\"type\":\"handoff\",\"token\":\"" + transfer.token() + "\"}");
                assertThat(replay.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.HANDOFF_USED);
                wrong.sendText("{\"type\":\"handoff\",\"token\":\"" + transfer.token() + "\"}");
                assertThat(wrong.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.HANDOFF_WRONG_SERVER);
            }
            assertThat(a.registry().get("ludus.session.transfers").tag("direction", "out").counter().count()).isEqualTo(1);
            assertThat(b.registry().get("ludus.session.transfers").tag("direction", "in").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldLeaveAtOnceOnLogout() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient client = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"leaver\"}");
            client.await(Welcome.class);
            String token = client.await(ServerMessage.SessionToken.class).session();

            client.sendText("{\"type\":\"logout\"}");

            assertThat(client.awaitClose()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.simulation().playerCount() == 0);
            try (WsClient late = WsClient.connect(server.port())) {
                late.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\"}");
                assertThat(late.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SESSION_UNKNOWN);
            }
            assertThat(server.parked().load("leaver")).isEmpty();
        }
    }

    @Test
    void shouldCloseAStaleConnectionThatAnswersNoProbeAndCountIt() throws Exception {
        Server server = start("a", 30_000, 300);
        try (Socket silent = new Socket("127.0.0.1", server.port())) {
            OutputStream out = silent.getOutputStream();
            // A WebSocket handshake (RFC 6455 §4.1), then silence: no pong, no data, nothing read.
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (WsClient lively = WsClient.connect(server.port())) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.registry().get("ludus.connections.closed").tag("reason", "stale").counter().count() == 1);
                Thread.sleep(500);
                // The JDK client answers every probe: it stays.
                assertThat(lively.isClosed()).isFalse();
                assertThat(server.gateway().connectionCount()).isEqualTo(1);
            }
        }
    }

    /** The fighter hits the victim once in melee (both stand on the spawn point); the victim sees its health drop to 75. */
    private static void hitOnce(WsClient fighter, long victimEntity, WsClient victim) throws InterruptedException {
        fighter.sendText("{\"type\":\"attack\",\"seq\":1,\"target\":" + victimEntity + ",\"weapon\":\"melee\",\"aim\":{\"x\":1,\"y\":0}}");
        victim.await(ServerMessage.Status.class, s -> s.health() == 75);
    }

    @Test
    void shouldGiveAParkedPlayerItsStoredHealthBackAtItsNextLogin() throws Exception {
        Server server = start("a", 300, 0, 0, null);
        try (WsClient fighter = WsClient.connect(server.port()); WsClient victim = WsClient.connect(server.port())) {
            fighter.sendText("{\"type\":\"login\",\"name\":\"fighter\"}");
            fighter.await(Welcome.class);
            victim.sendText("{\"type\":\"login\",\"name\":\"Wounded\"}");
            long entity = victim.await(Welcome.class).entityId();
            hitOnce(fighter, entity, victim);
            victim.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.parked().load("wounded").isPresent());
        }
        assertThat(server.parked().load("wounded").orElseThrow().health()).isEqualTo(75);

        try (WsClient again = WsClient.connect(server.port())) {
            again.sendText("{\"type\":\"login\",\"name\":\"wounded\"}");
            long entity = again.await(Welcome.class).entityId();

            assertThat(again.await(ServerMessage.Status.class).health()).isEqualTo(75);
            assertThat(server.simulation().actions().health(entity)).isEqualTo(75);
        }
    }

    @Test
    void shouldCarryAPlayersHealthToAnotherServerInAHandoff() throws Exception {
        Server a = start("a", 30_000, 0, 0, null);
        Server b = start("b", 30_000, 0, 0, null);
        try (WsClient fighter = WsClient.connect(a.port()); WsClient traveller = WsClient.connect(a.port())) {
            fighter.sendText("{\"type\":\"login\",\"name\":\"fighter\"}");
            fighter.await(Welcome.class);
            traveller.sendText("{\"type\":\"login\",\"name\":\"traveller\"}");
            hitOnce(fighter, traveller.await(Welcome.class).entityId(), traveller);

            a.gateway().transfer("traveller", "b", "ws://127.0.0.1:" + b.port() + "/ws");

            ServerMessage.Transfer transfer = traveller.await(ServerMessage.Transfer.class);
            try (WsClient arriving = WsClient.connect(java.net.URI.create(transfer.url()))) {
                arriving.sendText("{\"type\":\"handoff\",\"token\":\"" + transfer.token() + "\"}");
                long entity = arriving.await(Welcome.class).entityId();

                assertThat(arriving.await(ServerMessage.Status.class).health()).isEqualTo(75);
                assertThat(b.simulation().actions().health(entity)).isEqualTo(75);
            }
        }
    }

    @Test
    void shouldStandADetachedPlayerStillUntilItResumesAndMovesAgain() throws Exception {
        Server server = start("a", 30_000, 0, 0, null);
        try (WsClient walker = WsClient.connect(server.port()); WsClient watcher = WsClient.connect(server.port())) {
            walker.sendText("{\"type\":\"login\",\"name\":\"walker\"}");
            long entity = walker.await(Welcome.class).entityId();
            String token = walker.await(ServerMessage.SessionToken.class).session();
            watcher.sendText("{\"type\":\"login\",\"name\":\"watcher\"}");
            watcher.await(Welcome.class);
            // Slowly, so the walker stays in the watcher's area of interest (100 m) for a while.
            walker.sendText("{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":0.1,\"y\":0}}");
            watcher.await(ServerMessage.Snapshot.class, s -> velocityOf(s, entity) > 0);

            walker.abort();

            ServerMessage.Snapshot stopped = watcher.await(ServerMessage.Snapshot.class, s -> velocityOf(s, entity) == 0);
            double x = positionOf(stopped, entity);
            ServerMessage.Snapshot later = watcher.await(ServerMessage.Snapshot.class, s -> s.tick() >= stopped.tick() + 20);
            assertThat(positionOf(later, entity)).isEqualTo(x);
            assertThat(velocityOf(later, entity)).isZero();

            try (WsClient resumed = WsClient.connect(server.port())) {
                resumed.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\",\"lastEventSeq\":0}");
                long lastSeq = resumed.await(ServerMessage.Resumed.class).lastSeq();
                resumed.sendText("{\"type\":\"input\",\"seq\":" + (lastSeq + 1) + ",\"move\":{\"x\":-0.1,\"y\":0}}");

                watcher.await(ServerMessage.Snapshot.class, s -> velocityOf(s, entity) < 0);
            }
        }
    }

    private static double velocityOf(ServerMessage.Snapshot snapshot, long entity) {
        return snapshot.entities().stream().filter(e -> e.id() == entity).mapToDouble(e -> e.vx()).findFirst().orElse(Double.NaN);
    }

    private static double positionOf(ServerMessage.Snapshot snapshot, long entity) {
        return snapshot.entities().stream().filter(e -> e.id() == entity).mapToDouble(e -> e.x()).findFirst().orElseThrow();
    }

    /** One harvesting task of an hour: starting it sends notices at once, and nothing ends during the test. */
    private static ActivityService activities() {
        TaskDefinition chop = TaskDefinition.harvesting("chop_wood", 3_600_000, 1, java.util.Map.of("wood", 1), null, 0, "axe",
            "forest", 0);
        ActivityRules rules = new ActivityRules() {
            @Override
            public java.util.Optional<TaskDefinition> task(String taskId) {
                return chop.id().equals(taskId) ? java.util.Optional.of(chop) : java.util.Optional.empty();
            }

            @Override
            public java.util.Collection<TaskDefinition> tasks() {
                return List.of(chop);
            }

            @Override
            public PlayerProfile profile(String player) {
                PlayerProfile.Gear gear = new PlayerProfile.Gear(1, 100);
                return new PlayerProfile(1, java.util.Map.of(), java.util.Map.of("axe", gear), gear, "forest", Set.of(),
                    java.util.Map.of());
            }
        };
        // No task ends during the test: the ledger only learns the player (a task's start registers it).
        Ledger ledger = (Ledger) java.lang.reflect.Proxy.newProxyInstance(Ledger.class.getClassLoader(),
            new Class<?>[] {Ledger.class}, (proxy, method, args) -> switch (method.getName()) {
                case "registerPlayer" -> java.util.concurrent.CompletableFuture.completedFuture(null);
                case "toString" -> "ledger";
                case "hashCode" -> 0;
                case "equals" -> proxy == args[0];
                default -> new java.util.concurrent.CompletableFuture<>();
            });
        RetryPolicy fast = new RetryPolicy(1, 1_000_000L, 8_000_000L);
        return new ActivityService(new InMemoryActivityStore(), rules, ledger,
            new ActivityService.Settings(1.0, 10, 1000, fast, fast, fast, 2026));
    }

    @Test
    void shouldDeliverAnActivityNoticeSentWhileDetachedAfterTheResumeExactlyOnceAndInOrder() throws Exception {
        ActivityService lane = activities();
        lanes.add(lane);
        lane.start();
        Server server = start("a", 30_000, 0, 3, lane);
        try (WsClient idler = WsClient.connect(server.port())) {
            idler.sendText("{\"type\":\"login\",\"name\":\"idler\"}");
            idler.await(Welcome.class);
            String token = idler.await(ServerMessage.SessionToken.class).session();
            lane.start("idler", "chop_wood", 1).get(10, TimeUnit.SECONDS);
            // Its task_started, then its queue_updated: both numbered while the connection is up.
            idler.await(ServerMessage.ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 1);
            List<ServerMessage.Numbered> beforeDrop = idler.numbered();
            long seen = lastEventSeq(idler);
            var session = server.gateway().sessions().registry().find("idler").orElseThrow();

            idler.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == dev.ludus.platform.session.Session.State.DETACHED);
            long numberedBefore = session.lastEventSeq();
            // A second task while nobody is connected: queued behind the first, announced by a queue_updated.
            lane.start("idler", "chop_wood", 1).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> session.lastEventSeq() > numberedBefore);

            try (WsClient resumed = WsClient.connect(server.port())) {
                resumed.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\",\"lastEventSeq\":" + seen + "}");
                resumed.await(ServerMessage.Resumed.class);
                resumed.await(ServerMessage.ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 2);
                // Live again: a third task's notices follow on the same numbering.
                lane.start("idler", "chop_wood", 1).get(10, TimeUnit.SECONDS);
                resumed.await(ServerMessage.ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 3);

                List<ServerMessage.Numbered> all = new ArrayList<>(beforeDrop);
                all.addAll(resumed.numbered());
                List<Long> eventSeqs = all.stream().map(ServerMessage.Numbered::eventSeq).toList();
                assertThat(eventSeqs).doesNotHaveDuplicates().isSortedAccordingTo(Long::compare);
                List<Long> noticeIds = all.stream().map(ServerMessage.Numbered::event)
                    .filter(ServerMessage.ActivityNotice.class::isInstance).map(e -> ((ServerMessage.ActivityNotice) e).seq())
                    .toList();
                // Every stored notice exactly once, in the order the lane stored them.
                assertThat(noticeIds).doesNotHaveDuplicates().isSortedAccordingTo(Long::compare);
                assertThat(noticeIds.getLast()).isEqualTo(noticeIds.size());
                assertThat(resumed.numbered()).anySatisfy(e -> assertThat(e.eventSeq()).isGreaterThan(seen));
            }
        }
    }

    @Test
    void shouldKeepDeliveringActivityNoticesAfterAHalfOpenSessionIsResumedElsewhere() throws Exception {
        ActivityService lane = activities();
        lanes.add(lane);
        lane.start();
        Server server = start("a", 30_000, 0, 3, lane);
        try (WsClient old = WsClient.connect(server.port()); WsClient fresh = WsClient.connect(server.port())) {
            old.sendText("{\"type\":\"login\",\"name\":\"switcher\"}");
            old.await(Welcome.class);
            String token = old.await(ServerMessage.SessionToken.class).session();
            lane.start("switcher", "chop_wood", 1).get(10, TimeUnit.SECONDS);
            old.await(ServerMessage.ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 1);

            // The phone moved to another network: a new socket resumes while the old one is still open.
            fresh.sendText("{\"type\":\"resume\",\"session\":\"" + token + "\",\"lastEventSeq\":" + lastEventSeq(old) + "}");
            fresh.await(ServerMessage.Resumed.class);
            assertThat(old.awaitClose()).isEqualTo(GatewaySessions.CLOSE_SUPERSEDED);

            // The old connection's end must not take the session's notices offline: the next task is announced on the new one.
            lane.start("switcher", "chop_wood", 1).get(10, TimeUnit.SECONDS);
            fresh.await(ServerMessage.ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 2);
        }
    }

    @Test
    void shouldTellAndCloseTheSpectatorsOfAPlayerTheWorldKicks() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient player = WsClient.connect(server.port()); WsClient spectator = WsClient.connect(server.port())) {
            player.sendText("{\"type\":\"login\",\"name\":\"cheat\"}");
            long target = player.await(Welcome.class).entityId();
            spectator.sendText("{\"type\":\"spectate\",\"target\":" + target + "}");
            spectator.await(ServerMessage.Spectating.class);
            // Removed by the world (anti-cheat): its session ends and its connection closes with 1008, so that close finds
            // nothing to detach; the spectators must still hear that the player left, not watch a frozen view.
            assertThat(server.simulation().kick(target, "removed by anti-cheat")).isTrue();
            assertThat(player.awaitClose()).isEqualTo(1008);
            assertThat(spectator.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.TARGET_LEFT);
            assertThat(spectator.awaitClose()).isEqualTo(SpectatorHub.CLOSE_TARGET_LEFT);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().get("ludus.spectator.views").gauge().value() == 0);
        }
    }

    @Test
    void shouldParkAPlayerWhoseConnectionDropsWhileItsTransferWaitsForTheTick() throws Exception {
        Server a = start("a", 30_000, 0);
        try (WsClient client = WsClient.connect(a.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"dropper\"}");
            long entity = client.await(Welcome.class).entityId();
            OptimisticUpdate.apply(a.simulation()::submit, entity, 0, "gold", 5, 8).join();
            client.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("gold", 0) == 5);
            var session = a.gateway().sessions().registry().find("dropper").orElseThrow();
            // The world stands still, so the transfer's leave waits for a tick this test gives.
            a.ticker().shutdownNow();
            assertThat(a.ticker().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            a.gateway().transfer("dropper", "b", "ws://127.0.0.1:1/ws");
            client.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == dev.ludus.platform.session.Session.State.DETACHED);

            a.simulation().tick(System.currentTimeMillis());

            // Nobody could take the handoff token: the player is parked here, not lost with it.
            await().atMost(Duration.ofSeconds(10)).until(() -> a.parked().load("dropper").isPresent());
            assertThat(a.parked().load("dropper").orElseThrow().inventory()).containsEntry("gold", 5);
            assertThat(session.state()).isEqualTo(dev.ludus.platform.session.Session.State.ENDED);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {30_000, 0})
    void shouldParkEveryPlayerInTheWorldWhenTheServerStops(long graceMillis) throws Exception {
        Server server = start("a", graceMillis, 0);
        try (WsClient client = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"stayer\"}");
            long entity = client.await(Welcome.class).entityId();
            OptimisticUpdate.apply(server.simulation()::submit, entity, 0, "gold", 9, 8).join();
            client.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("gold", 0) == 9);

            // A deploy: the server stops normally. The player's inventory must survive it, with or without resumable sessions.
            server.gateway().stop(2000);

            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(server.parked().load("stayer")).isPresent().get()
                .satisfies(parked -> assertThat(parked.inventory()).containsEntry("gold", 9));
            assertThat(server.simulation().playerCount()).isZero();
        }
    }

    @Test
    void shouldStillParkAPlayerWhoseLeaveTheWorldAppliesOnlyAfterTheGatewayStopped() throws Exception {
        Server server = start("a", 30_000, 0);
        try (WsClient client = WsClient.connect(server.port())) {
            client.sendText("{\"type\":\"login\",\"name\":\"latecomer\"}");
            long entity = client.await(Welcome.class).entityId();
            OptimisticUpdate.apply(server.simulation()::submit, entity, 0, "gold", 4, 8).join();
            client.await(ServerMessage.Status.class, s -> s.inventory().getOrDefault("gold", 0) == 4);
            // A stuck tick: the stop's wait for the leaves runs out and the storage thread stops before the world moves.
            server.ticker().shutdownNow();
            assertThat(server.ticker().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            server.gateway().stop(200);
            assertThat(server.parked().load("latecomer")).isEmpty();

            server.simulation().tick(System.currentTimeMillis());

            assertThat(server.parked().load("latecomer")).isPresent().get()
                .satisfies(parked -> assertThat(parked.inventory()).containsEntry("gold", 4));
        }
    }

    @Test
    void shouldLetAHandoffTokenBeUsedAgainWhenItsConnectionClosedBeforeThePlayerWasLetIn() throws Exception {
        Server b = start("b", 30_000, 0);
        String token = b.gateway().sessions().registry().handoff(new dev.ludus.platform.session.ParkedPlayer("wanderer", 510, 490,
            80, new java.util.TreeMap<>(java.util.Map.of("gold", 3))), "b", System.currentTimeMillis());
        // The world stands still, so the arriving connection closes before its join applies.
        b.ticker().shutdownNow();
        assertThat(b.ticker().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        try (WsClient first = WsClient.connect(b.port())) {
            first.sendText("{\"type\":\"handoff\",\"token\":\"" + token + "\"}");
            // Frames are handled in order: once the ping is answered, the handoff was accepted and the join waits for a tick.
            first.sendText("{\"type\":\"ping\",\"t\":1}");
            first.await(ServerMessage.Pong.class);
            first.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.registry().get("ludus.connections").gauge().value() == 0);
        b.simulation().tick(System.currentTimeMillis());

        // The player's data was not lost with the first connection: the same token lets it in on the next.
        try (WsClient second = WsClient.connect(b.port())) {
            second.sendText("{\"type\":\"handoff\",\"token\":\"" + token + "\"}");
            second.sendText("{\"type\":\"ping\",\"t\":2}");
            second.await(ServerMessage.Pong.class);
            b.simulation().tick(System.currentTimeMillis());
            second.await(Welcome.class);
            assertThat(b.simulation().playerCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseALoginWhoseParkedDataCannotBeReadAndLetItInWithItOnceItCan() throws Exception {
        InMemoryParkedPlayerStore data = new InMemoryParkedPlayerStore();
        data.save(new dev.ludus.platform.session.ParkedPlayer("keeper", 510, 490, 70, new java.util.TreeMap<>(java.util.Map.of("gold", 6))));
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        dev.ludus.platform.session.ParkedPlayerStore flaky = new dev.ludus.platform.session.ParkedPlayerStore() {
            @Override
            public void save(dev.ludus.platform.session.ParkedPlayer player) {
                data.save(player);
            }

            @Override
            public java.util.Optional<dev.ludus.platform.session.ParkedPlayer> load(String player) {
                if (down.get()) {
                    throw new IllegalStateException("database unreachable");
                }
                return data.load(player);
            }

            @Override
            public void remove(String player) {
                data.remove(player);
            }
        };
        Simulation simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 3, 6, 1), TestWorld.EMPTY,
            SimulationListener.NONE);
        Gateway gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 64 * 1024, 1000, 1000, 50, 600),
            new NetcodeConfig(16_384, 1000, 4 << 20, 100, 8, 100, 4), simulation, () -> true, () -> "", new SimpleMeterRegistry(),
            System::nanoTime);
        gateway.sessions(new SessionConfig("a", 30_000, 60_000, 10_000, 1024), SHARED_KEY, flaky, 0);
        int port = gateway.start().getPort();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, TimeUnit.MILLISECONDS);
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"login\",\"name\":\"keeper\"}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.PLAYER_DATA_UNAVAILABLE);
            assertThat(simulation.playerCount()).as("not let in empty-handed").isZero();
            assertThat(data.load("keeper")).as("its data untouched").isPresent();

            down.set(false);
            client.sendText("{\"type\":\"login\",\"name\":\"keeper\"}");
            client.await(Welcome.class);
            assertThat(client.await(ServerMessage.Status.class, st -> st.inventory().getOrDefault("gold", 0) == 6)).isNotNull();
        } finally {
            ticker.shutdownNow();
            gateway.close();
        }
    }
}
