package dev.ludus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ludus.net.Gateway;
import dev.ludus.net.GatewayConfig;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bots against a real gateway and a ticking world; the report reflects what happened. */
class LoadTestIT {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws InterruptedException {
        Simulation simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 100, 500, 500, 5, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        Timer tick = Timer.builder("ludus.tick.duration").publishPercentiles(0.5, 0.99).register(registry);
        ticker.scheduleAtFixedRate(() -> tick.record(() -> simulation.tick(System.currentTimeMillis())),
            0, 50, TimeUnit.MILLISECONDS);
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 65536, 100, 200, 20, 60), simulation,
            () -> true, registry::scrape, registry, System::nanoTime);
        port = gateway.start().getPort();
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        gateway.close();
    }

    @Test
    void shouldPlayWithBotsAndReportTheServersTickAndSnapshotLatency(@TempDir Path reports) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadTestConfig config = new LoadTestConfig(URI.create("ws://127.0.0.1:" + port + "/ws"), 5, 1, 0, 6, true, 10, 3,
            reports);
        LoadReport report = new LoadTest(config, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.botsPlaying()).isEqualTo(5);
        assertThat(report.closedByServer()).isZero();
        assertThat(report.errors()).isZero();
        assertThat(report.snapshotsPerSecond()).isBetween(50.0, 150.0);
        assertThat(report.tickMeanMillis()).isPositive();
        assertThat(report.propagationP50Millis()).isGreaterThanOrEqualTo(0.1);
        assertThat(report.meanEntitiesPerSnapshot()).as("bots spawn together and see each other").isGreaterThan(1);
        assertThat(report.timeline()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(report.inputToAckP50Millis()).as("inputs are acknowledged by later frames").isPositive();
        assertThat(report.inputToAckMaxMillis()).isGreaterThanOrEqualTo(report.inputToAckP99Millis());
        assertThat(report.bytesPerClientPerSecond()).isPositive();
        assertThat(report.summary().deltas()).isTrue();
        assertThat(report.summary().clientsPlaying()).isEqualTo(5);
        double acks = registry.get("ludus.acks").counter().count();
        double deltaFrames = registry.get("ludus.frames.sent").tag("kind", "delta").counter().count();
        assertThat(acks).as("bots acknowledge frames").isPositive();
        assertThat(deltaFrames).isPositive();
        // Each timer tick writes an input or an attack, with the ack when a newer frame came in.
        double commands = registry.get("ludus.actions.in").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(acks).as("at most one ack with each command (10 Hz), not one per frame (20 Hz)")
            .isLessThanOrEqualTo(commands);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("load test: 5 bots").contains("summary");
        assertThat(Files.readString(reports.resolve("report.json"))).contains("\"timeline\"");
        assertThat(Files.readString(reports.resolve("report.html"))).contains("<polyline");
    }

    @Test
    void shouldSpeakJsonWithFullSnapshotsToo(@TempDir Path reports) throws Exception {
        LoadTestConfig config = new LoadTestConfig(URI.create("ws://127.0.0.1:" + port + "/ws"), 2, 0, 0, 2, false, 20, 4,
            reports, false, reports.resolve("summary.json"));
        LoadReport report = new LoadTest(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertThat(report.botsPlaying()).isEqualTo(2);
        assertThat(report.meanSnapshotBytes()).isPositive();
        assertThat(Files.readString(reports.resolve("summary.json"))).contains("\"format\" : \"json\"", "\"deltas\" : false");
    }

    @Test
    void shouldMeasureSpectatorsOfOneViewWhileTheBotsPlay(@TempDir Path reports) throws Exception {
        LoadTestConfig config = new LoadTestConfig(URI.create("ws://127.0.0.1:" + port + "/ws"), 3, 1, 2, 4, true, 10, 5,
            reports, true, reports.resolve("summary.json"), 4, null, 200);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadReport report = new LoadTest(config, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        LoadReport.Spectators spectators = report.spectators();
        assertThat(spectators.watching()).isEqualTo(4);
        assertThat(spectators.closedByServer()).isZero();
        assertThat(spectators.errors()).isZero();
        // 4 spectators of one view at 5 Hz (every 4th tick of 20).
        assertThat(spectators.framesPerSecond()).isBetween(10.0, 30.0);
        assertThat(spectators.states()).as("about one aggregated state per second each").isPositive();
        assertThat(spectators.latenessP50Millis()).isGreaterThanOrEqualTo(0);
        assertThat(spectators.bytesPerSpectatorPerSecond()).isPositive();
        // The spectators' close frames reach the server after run() returns: their views go soon, not at once.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(registry.get("ludus.spectator.views").gauge().value()).as("views once the spectators left").isZero());
        assertThat(report.botsPlaying()).isEqualTo(3);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("4 spectators of the first bot delayed 200 ms")
            .contains("spectators          4 watching of 4");
        assertThat(Files.readString(reports.resolve("summary.json"))).contains("\"spectators\"", "\"watching\" : 4");
        assertThat(Files.readString(reports.resolve("report.html"))).contains("Spectators: frame lateness");
    }

    @Test
    void shouldWatchAnAreaWithJsonSpectators(@TempDir Path reports) throws Exception {
        LoadTestConfig config = new LoadTestConfig(URI.create("ws://127.0.0.1:" + port + "/ws"), 1, 0, 1, 3, false, 10, 6,
            reports, false, null, 2, new dev.ludus.protocol.SpectateArea(500, 500, 50), 0);
        LoadReport report = new LoadTest(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertThat(report.spectators().watching()).isEqualTo(2);
        assertThat(report.spectators().framesPerSecond()).isBetween(5.0, 15.0);
    }

    @Test
    void shouldRefuseToStartWithoutAServer(@TempDir Path reports) {
        LoadTestConfig config = new LoadTestConfig(URI.create("ws://127.0.0.1:1/ws"), 1, 0, 0, 1, true, 10, 1, reports);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new LoadTest(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run())
            .isInstanceOf(IOException.class).hasMessageContaining("no server answers");
    }
}
