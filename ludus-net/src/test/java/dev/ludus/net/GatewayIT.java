package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Pong;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway on a real port with the JDK's WebSocket client, in front of a simulation that the test
 * ticks itself. The rate limiter's clock is frozen so that floods are deterministic.
 */
class GatewayIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AtomicLong frozenNanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Simulation simulation;
    private Gateway gateway;
    private int port;

    private void start(int maxPlayers, int burst) throws InterruptedException {
        simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, maxPlayers, 500, 500, 5, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 512, 1, burst, 5, 8), simulation,
            () -> simulation.completedTicks() > 0, () -> "ludus_test_metric 1.0\n", registry, frozenNanos::get);
        port = gateway.start().getPort();
    }

    private void tickEvery20Millis() {
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReportNotReadyUntilTheFirstTick() throws Exception {
        start(10, 100);
        HttpResponse<String> before = get("/health/ready");
        assertThat(before.statusCode()).isEqualTo(503);
        simulation.tick(0);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).isEqualTo("ludus_test_metric 1.0\n");
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldJoinMoveAndAcknowledgeOverProtobuf() throws Exception {
        start(10, 100);
        tickEvery20Millis();
        ProtobufCodec codec = new ProtobufCodec();
        try (WsClient client = WsClient.connect(port)) {
            client.sendBinary(codec.encode(new ClientMessage.Login("proto")));
            Welcome welcome = client.await(Welcome.class);
            assertThat(welcome.aoiRadius()).isEqualTo(100);
            client.sendBinary(codec.encode(new ClientMessage.Input(3, new Vec2(-1, 0))));
            Snapshot snapshot = client.await(Snapshot.class, s -> s.ackSeq() == 3);
            assertThat(snapshot.entities()).singleElement().satisfies(e -> assertThat(e.vx()).isEqualTo(-6.0));
            client.sendText("{\"type\":\"ping\",\"t\":9}");
            assertThat(client.await(Pong.class).t()).isEqualTo(9);
        }
        assertThat(registry.get("ludus.messages.in").counter().count()).isGreaterThanOrEqualTo(3);
        assertThat(registry.get("ludus.bytes.out").counter().count()).isPositive();
    }

    @Test
    void shouldLetARefusedPlayerLogInAgain() throws Exception {
        start(1, 100);
        tickEvery20Millis();
        WsClient first = WsClient.connect(port);
        try (WsClient second = WsClient.connect(port)) {
            first.sendText("{\"type\":\"login\",\"name\":\"first\"}");
            first.await(Welcome.class);
            second.sendText("{\"type\":\"login\",\"name\":\"second\"}");
            assertThat(second.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SERVER_FULL);
            second.sendText("{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":1,\"y\":0}}");
            assertThat(second.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
            first.close();
            org.awaitility.Awaitility.await().until(() -> simulation.playerCount() == 0);
            second.sendText("{\"type\":\"login\",\"name\":\"second\"}");
            assertThat(second.await(Welcome.class).entityId()).isPositive();
        }
    }

    @Test
    void shouldAnswerTheFirstDropOfAFloodThenCloseWith1008() throws Exception {
        start(10, 3);
        try (WsClient client = WsClient.connect(port)) {
            for (int i = 0; i < 3; i++) {
                client.sendText("{\"type\":\"ping\",\"t\":" + i + "}");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(client.await(Pong.class).t()).isEqualTo(i);
            }
            for (int i = 0; i < 10 && !client.isClosed(); i++) {
                client.sendText("{\"type\":\"ping\",\"t\":1}");
            }
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
        assertThat(registry.get("ludus.protocol.errors").tag("code", "rate_limited").counter().count()).isGreaterThan(1);
    }

    @Test
    void shouldCloseAClientThatHidesFaultsBetweenGoodMessages() throws Exception {
        start(10, 100);
        try (WsClient client = WsClient.connect(port)) {
            // One bad message after every good one never makes 5 in a row, but the budget of 8 runs out.
            for (int i = 0; i < 8; i++) {
                client.sendText("{\"type\":\"ping\",\"t\":" + i + "}");
                client.sendText("garbage " + i);
                assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
            }
            assertThat(client.isClosed()).isFalse();
            client.sendText("{\"type\":\"ping\",\"t\":9}");
            client.sendText("garbage 9");
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void shouldCloseOversizedMessagesWith1009() throws Exception {
        start(10, 100);
        try (WsClient client = WsClient.connect(port)) {
            client.sendBinary(new byte[4096]);
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void shouldCloseWith1009WhenFragmentsAddUpToMoreThanTheLimit() throws Exception {
        start(10, 100);
        try (WsClient client = WsClient.connect(port)) {
            client.sendTextFragments("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(300), "y".repeat(300) + "\"}");
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void shouldAcceptAQueryStringOnTheWebSocketPath() throws Exception {
        start(10, 100);
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?client=web"))) {
            client.sendText("{\"type\":\"ping\",\"t\":5}");
            assertThat(client.await(Pong.class).t()).isEqualTo(5);
        }
        assertThat(get("/wsx").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAPortInUseWithAClearErrorAndKeepTheFirstServing() throws Exception {
        start(10, 100);
        Gateway second = new Gateway(new GatewayConfig("127.0.0.1", port, 512, 1, 10, 5, 8), simulation,
            () -> true, () -> "", registry, frozenNanos::get);
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
            .isInstanceOf(java.io.UncheckedIOException.class)
            .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
        second.close();
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"ping\",\"t\":1}");
            assertThat(client.await(Pong.class).t()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendEveryClientA1001CloseOnStop() throws Exception {
        start(10, 100);
        tickEvery20Millis();
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"login\",\"name\":\"stayer\"}");
            client.await(Welcome.class);
            assertThat(gateway.connectionCount()).isEqualTo(1);
            gateway.stop(2000);
            assertThat(client.awaitClose()).isEqualTo(1001);
        }
    }
}
