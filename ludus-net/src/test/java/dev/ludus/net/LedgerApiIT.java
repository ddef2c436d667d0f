package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludus.platform.ledger.InMemoryLedgerStore;
import dev.ludus.platform.ledger.LedgerListener;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.LedgerStore;
import dev.ludus.platform.ledger.TestCatalogue;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's REST API on a real port, in front of the in-memory store. */
class LedgerApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-admin-key-0123456789";

    private final LedgerStore store = new InMemoryLedgerStore();
    private LedgerService ledger;
    private Gateway gateway;
    private Simulation simulation;
    private int port;

    @BeforeEach
    void start() throws Exception {
        simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 5, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        ledger = new LedgerService(store, new TestCatalogue(), LedgerService.Settings.DEFAULT, LedgerListener.NONE);
        ledger.start();
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 512, 100, 100, 5, 8), simulation, () -> true,
            () -> "", new SimpleMeterRegistry(), System::nanoTime);
        gateway.ledger(ledger, KEY);
        port = gateway.start().getPort();
        assertThat(send("PUT", "/v1/players/alice", null, null, KEY).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        gateway.close();
        ledger.close();
    }

    private HttpResponse<String> send(String method, String path, String idempotencyKey, String body, String adminKey)
        throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (adminKey != null) {
            request.header("Authorization", "Bearer " + adminKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send("POST", path, key, body, KEY);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(response).get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void shouldCommitAPurchaseOnceAndAnswerRepeatsWithTheSameReceipt() throws Exception {
        String body = "{\"player\":\"alice\",\"sku\":\"gems_100\"}";
        HttpResponse<String> first = post("/v1/purchases", "pay-1", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode receipt = json(first);
        assertThat(receipt.get("status").asText()).isEqualTo("committed");
        assertThat(receipt.get("replayed").asBoolean()).isFalse();
        assertThat(receipt.get("balanceChanges").get("GEM").asLong()).isEqualTo(100);
        JsonNode again = json(post("/v1/purchases", "pay-1", body));
        assertThat(again.get("transactionId").asText()).isEqualTo(receipt.get("transactionId").asText());
        assertThat(again.get("replayed").asBoolean()).isTrue();
        HttpResponse<String> balances = send("GET", "/v1/players/alice/balances", null, null, KEY);
        assertThat(JSON.readTree(balances.body())).isEqualTo(JSON.valueToTree(Map.of("GEM", 100)));
        assertError(post("/v1/purchases", "pay-1", "{\"player\":\"bob\",\"sku\":\"gems_100\"}"), 409, "idempotency_conflict");
    }

    @Test
    void shouldGrantRewards() throws Exception {
        HttpResponse<String> reward = post("/v1/rewards", "r-1",
            "{\"player\":\"alice\",\"reason\":\"quest:wolves\",\"grants\":[{\"asset\":\"GOLD\",\"amount\":50},{\"asset\":\"wood\",\"amount\":3}]}");
        assertThat(reward.statusCode()).as(reward.body()).isEqualTo(200);
        assertThat(json(reward).get("reason").asText()).isEqualTo("quest:wolves");
        assertThat(JSON.readTree(send("GET", "/v1/players/alice/balances", null, null, KEY).body()))
            .isEqualTo(JSON.valueToTree(Map.of("GOLD", 50, "wood", 3)));
    }

    @Test
    void shouldRefuseBadInputWithStableCodes() throws Exception {
        String gems = "{\"player\":\"alice\",\"sku\":\"gems_100\"}";
        assertError(send("POST", "/v1/purchases", "k", gems, null), 401, "unauthorized");
        assertError(send("POST", "/v1/purchases", "k", gems, "wrong-key"), 401, "unauthorized");
        assertError(post("/v1/purchases", null, gems), 400, "missing_idempotency_key");
        assertError(post("/v1/purchases", "bad key", gems), 400, "invalid_idempotency_key");
        assertError(post("/v1/purchases", "k", "{\"player\":\"alice\","), 400, "invalid_request");
        assertError(post("/v1/purchases", "k", "[1,2]"), 400, "invalid_request");
        assertError(post("/v1/purchases", "k", ""), 400, "invalid_request");
        assertError(post("/v1/purchases", "k", "{\"player\":\"alice\"}"), 400, "invalid_request");
        assertError(post("/v1/purchases", "k", "{\"player\":7,\"sku\":\"gems_100\"}"), 400, "invalid_request");
        assertError(post("/v1/purchases", "k", "{\"player\":\"alice\",\"sku\":\"gems_9\"}"), 404, "unknown_sku");
        assertError(post("/v1/purchases", "k", "{\"player\":\"carol\",\"sku\":\"gems_100\"}"), 404, "unknown_player");
        String reward = "{\"player\":\"alice\",\"reason\":\"r\",\"grants\":[{\"asset\":\"GOLD\",\"amount\":%s}]}";
        assertError(post("/v1/rewards", "k", reward.formatted("-5")), 400, "invalid_amount");
        assertError(post("/v1/rewards", "k", reward.formatted("0")), 400, "invalid_amount");
        assertError(post("/v1/rewards", "k", reward.formatted("1.5")), 400, "invalid_amount");
        assertError(post("/v1/rewards", "k", reward.formatted("\"5\"")), 400, "invalid_amount");
        assertError(post("/v1/rewards", "k", reward.formatted("99999999999999999999999")), 400, "amount_overflow");
        assertError(post("/v1/rewards", "k", reward.formatted("-99999999999999999999999")), 400, "invalid_amount");
        assertError(post("/v1/rewards", "k", reward.formatted("1000000000000001")), 400, "amount_overflow");
        assertError(post("/v1/rewards", "k", "{\"player\":\"alice\",\"reason\":\"r\",\"grants\":[{\"asset\":\"Dragon!\",\"amount\":1}]}"),
            400, "unknown_asset");
        assertError(post("/v1/rewards", "k", "{\"player\":\"alice\",\"reason\":\"r\",\"grants\":[{\"asset\":\"dragon\",\"amount\":1}]}"),
            400, "unknown_asset");
        assertError(post("/v1/rewards", "k", "{\"player\":\"alice\",\"reason\":\"r\",\"grants\":[7]}"), 400, "invalid_request");
        assertError(post("/v1/rewards", "k", "{\"player\":\"alice\",\"reason\":\"r\"}"), 400, "invalid_request");
        assertError(send("GET", "/v1/players/carol/balances", null, null, KEY), 404, "unknown_player");
        assertError(send("GET", "/v1/purchases", null, null, KEY), 405, "method_not_allowed");
        assertError(send("POST", "/v1/players/alice/balances", null, null, KEY), 405, "method_not_allowed");
        assertError(send("DELETE", "/v1/players/alice", null, null, KEY), 405, "method_not_allowed");
        assertError(send("GET", "/v1/nothing", null, null, KEY), 404, "not_found");
        assertThat(store.head().seq()).isZero();
        // The rest of the port is untouched.
        assertThat(send("GET", "/health/live", null, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503WhenTheLedgerIsDown() throws Exception {
        ledger.close();
        assertError(post("/v1/purchases", "k", "{\"player\":\"alice\",\"sku\":\"gems_100\"}"), 503, "store_unavailable");
    }

    @Test
    void shouldSellItemsForGemsOverTheWebSocketOncePerKey() throws Exception {
        var ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"buy\",\"key\":\"b0\",\"sku\":\"sword_skin\"}");
            assertThat(client.await(ServerMessage.ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
            client.sendText("{\"type\":\"login\",\"name\":\"buyer\"}");
            client.await(ServerMessage.Welcome.class);
            assertThat(send("PUT", "/v1/players/buyer", null, null, KEY).statusCode()).isEqualTo(200);
            assertThat(post("/v1/rewards", "seed", "{\"player\":\"buyer\",\"reason\":\"seed\",\"grants\":[{\"asset\":\"GEM\",\"amount\":60}]}")
                .statusCode()).isEqualTo(200);
            client.sendText("{\"type\":\"buy\",\"key\":\"b1\",\"sku\":\"sword_skin\"}");
            ServerMessage.PurchaseResult first = client.await(ServerMessage.PurchaseResult.class);
            assertThat(first.committed()).as(first.toString()).isTrue();
            assertThat(first.replayed()).isFalse();
            client.sendText("{\"type\":\"buy\",\"key\":\"b1\",\"sku\":\"sword_skin\"}");
            ServerMessage.PurchaseResult again = client.await(ServerMessage.PurchaseResult.class);
            assertThat(again.replayed()).isTrue();
            assertThat(again.transactionId()).isEqualTo(first.transactionId());
            client.sendText("{\"type\":\"buy\",\"key\":\"b2\",\"sku\":\"sword_skin\"}");
            assertThat(client.await(ServerMessage.PurchaseResult.class).error()).isEqualTo("insufficient_funds");
            client.sendText("{\"type\":\"buy\",\"key\":\"b3\",\"sku\":\"gems_100\"}");
            assertThat(client.await(ServerMessage.PurchaseResult.class).error()).isEqualTo("unknown_sku");
        } finally {
            ticker.shutdownNow();
        }
        assertThat(JSON.readTree(send("GET", "/v1/players/buyer/balances", null, null, KEY).body()))
            .isEqualTo(JSON.valueToTree(Map.of("GEM", 10, "sword_skin", 1)));
    }

    @Test
    void shouldRefuseAShortAdminKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.ledger(ledger, "short"))
            .hasMessageContaining("LUDUS_ADMIN_KEY : 5 characters (expected: at least 16)");
        assertThat(List.of(port)).isNotEmpty();
    }

    @Test
    void shouldRevokeAndTransferSessionsBehindTheAdminKey() throws Exception {
        assertError(send("DELETE", "/v1/sessions/alice", null, null, null), 401, "unauthorized");
        assertError(send("DELETE", "/v1/sessions/nobody", null, null, KEY), 404, "session_unknown");
        assertError(send("GET", "/v1/sessions/nobody", null, null, KEY), 405, "method_not_allowed");
        assertError(send("POST", "/v1/sessions/nobody/transfer", null, "{\"server\":\"b\",\"url\":\"ws://b/ws\"}", KEY), 404,
            "session_unknown");
        assertError(send("POST", "/v1/sessions/nobody/transfer", null, "{\"server\":\"b\"}", KEY), 400, "invalid_request");
        assertError(send("POST", "/v1/sessions/nobody/transfer", null, "not json", KEY), 400, "invalid_request");
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"login\",\"name\":\"carol\"}");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                simulation.tick(System.currentTimeMillis());
                return simulation.playerCount() == 1;
            });
            client.await(dev.ludus.protocol.ServerMessage.Welcome.class);

            assertThat(send("DELETE", "/v1/sessions/carol", null, null, KEY).statusCode()).isEqualTo(204);

            assertThat(client.awaitClose()).isEqualTo(4003);
            assertError(send("DELETE", "/v1/sessions/carol", null, null, KEY), 404, "session_unknown");
        }
    }

    /** One request written by hand (HttpClient refuses a malformed %-escape); returns the status line and the body. */
    private String[] raw(String method, String target, String adminKey) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (adminKey == null ? "" : "Authorization: Bearer " + adminKey + "\r\n") + "Content-Length: 0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int lineEnd = response.indexOf("\r\n");
            int bodyStart = response.indexOf("\r\n\r\n");
            return new String[] {lineEnd < 0 ? response : response.substring(0, lineEnd),
                bodyStart < 0 ? "" : response.substring(bodyStart + 4)};
        }
    }

    @Test
    void shouldAnswerMalformedPercentEscapesInPathsWithAStatusNotADroppedConnection() throws Exception {
        String[] balances = raw("GET", "/v1/players/%zz/balances", KEY);
        assertThat(balances[0]).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(json(balances[1]).get("error").asText()).isEqualTo("invalid_request");
        String[] revoke = raw("DELETE", "/v1/sessions/%zz", KEY);
        assertThat(revoke[0]).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(json(revoke[1]).get("error").asText()).isEqualTo("invalid_request");
        // Decoded once: "%25zz" names the player "%zz", which is not a player name (not "zz" after a second decoding).
        String[] twice = raw("GET", "/v1/players/%25zz/balances", KEY);
        assertThat(twice[0]).startsWith("HTTP/1.1 4");
        assertThat(raw("GET", "/%zz", null)[0]).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(raw("GET", "/v1/%zz", null)[0]).isEqualTo("HTTP/1.1 401 Unauthorized");
        // The server is unharmed.
        assertThat(send("GET", "/health/live", null, null, null).statusCode()).isEqualTo(200);
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void shouldAnswerPipelinedRequestsInTheOrderTheyCame() throws Exception {
        String body = "{\"player\":\"alice\",\"sku\":\"gems_100\"}";
        // A purchase (answered from the ledger's thread once durable), then a request refused at once, in one write.
        String pipelined = "POST /v1/purchases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\n"
            + "Idempotency-Key: pipelined-1\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
            + body
            + "GET /v1/players/alice/balances HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong-key\r\n"
            + "Connection: close\r\nContent-Length: 0\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(pipelined.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String responses = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int purchase = responses.indexOf("HTTP/1.1 200 OK");
            int refused = responses.indexOf("HTTP/1.1 401 Unauthorized");
            assertThat(purchase).as(responses).isNotNegative();
            assertThat(refused).as("the second answer comes second").isGreaterThan(purchase);
        }
    }
}
