package dev.ludus.server;

import dev.ludus.net.WsClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain HTTP endpoints on the game port. */
class HttpEndpointsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LudusServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReportLiveAndReadyOnceTheWorldTicks() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().until(() -> server.simulation().completedTicks() > 0);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("ready");
    }

    @Test
    void shouldExposePrometheusMetricsForTicksConnectionsMessagesAndEntities() throws Exception {
        try (WsClient client = WsClient.connect(server.address().getPort())) {
            client.sendText("{\"type\":\"ping\",\"t\":1}");
            client.await(dev.ludus.protocol.ServerMessage.Pong.class);
            HttpResponse<String> metrics = get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(metrics.body())
                .contains("ludus_tick_duration_seconds_count")
                .contains("ludus_tick_duration_seconds{quantile=\"0.99\"}")
                .contains("ludus_connections 1.0")
                .contains("ludus_messages_in_total")
                .contains("ludus_messages_out_total")
                // 500 NPCs and, over 16 km2, 20 resource nodes and 20 items per km2, and a boulder (a prop) by
                // each of 50 rocks per km2.
                .contains("ludus_entities 1940.0")
                .contains("ludus_players")
                .contains("ludus_world_events_total{kind=\"skirmish\"}");
        }
    }

    @Test
    void shouldExposeRegionMetricsOnceAPlayerWakesItsSurroundings() throws Exception {
        try (WsClient client = WsClient.connect(server.address().getPort())) {
            client.sendText("{\"type\":\"login\",\"name\":\"metrics\"}");
            client.await(dev.ludus.protocol.ServerMessage.Snapshot.class);
            client.await(dev.ludus.protocol.ServerMessage.Snapshot.class);
            String body = get("/metrics").body();
            assertThat(body)
                .contains("ludus_regions 1.0")
                .contains("ludus_region_tick_duration_seconds_count")
                .contains("ludus_tick_phase_duration_seconds_count{phase=\"replication\"}")
                .contains("ludus_tick_phase_duration_seconds_count{phase=\"boundary\"}")
                .contains("ludus_mail_total")
                .contains("ludus_mail_cross_region_total")
                .contains("ludus_handovers_total");
            assertThat(gauge(body, "ludus_cells_active")).as("cells around the player").isGreaterThan(1);
            assertThat(gauge(body, "ludus_entities_awake")).as("at least the player").isGreaterThanOrEqualTo(1);
        }
        // The shared server's other tests count its entities: wait until this player has left.
        org.awaitility.Awaitility.await().until(() -> server.simulation().playerCount() == 0);
    }

    @Test
    void shouldExposeLoadManagementMetricsAndTheUpdateLatencyOfAnAppliedInput() throws Exception {
        try (WsClient client = WsClient.connect(server.address().getPort())) {
            client.sendText("{\"type\":\"login\",\"name\":\"loadmetrics\"}");
            client.await(dev.ludus.protocol.ServerMessage.Snapshot.class);
            client.sendText("{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":1.0,\"y\":0.0}}");
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                gauge(get("/metrics").body(), "ludus_update_latency_seconds_count{tier=\"standard\"}")).isPositive());
            String body = get("/metrics").body();
            assertThat(body).contains("ludus_ai_evaluations_total{result=\"executed\"}")
                .contains("ludus_ai_evaluations_total{result=\"deferred\"}")
                .contains("ludus_ai_evaluations_total{result=\"critical\"}")
                .contains("ludus_physics_bodies_stepped_total")
                .contains("ludus_update_latency_seconds{tier=\"standard\",quantile=\"0.99\"}")
                .contains("ludus_scheduler_deferred_total")
                .contains("ludus_dilation_ticks_total")
                .contains("ludus_npc_strikes_total{result=\"landed\"}")
                .contains("ludus_npc_strikes_total{result=\"dodged\"}");
            assertThat(gauge(body, "ludus_scheduler_critical_skipped_total")).isZero();
            assertThat(gauge(body, "ludus_update_latency_seconds_count{tier=\"premium\"}")).isZero();
            assertThat(gauge(body, "ludus_dilation_factor")).as("one player: nothing to dilate").isEqualTo(1.0);
            assertThat(gauge(body, "ludus_physics_level")).isZero();
            assertThat(gauge(body, "ludus_ai_throttle_level")).isZero();
        }
        org.awaitility.Awaitility.await().until(() -> server.simulation().playerCount() == 0);
    }

    private static double gauge(String body, String name) {
        return body.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line -> Double.parseDouble(
            line.substring(name.length() + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/ws").statusCode()).isEqualTo(400);
    }
}
