package dev.ludus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.net.Gateway;
import dev.ludus.net.GatewayConfig;
import dev.ludus.platform.session.InMemoryParkedPlayerStore;
import dev.ludus.platform.session.SessionConfig;
import dev.ludus.platform.session.SessionTokens;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume benchmark against a real gateway with a grace window: every drop resumes, no event is lost or repeated. */
class ResumeBenchIT {
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Gateway gateway;

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    private int start(long graceMillis) throws InterruptedException {
        Simulation simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 100, 500, 500, 5, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 50, TimeUnit.MILLISECONDS);
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 65536, 100, 200, 20, 60), simulation,
            () -> true, () -> "", new SimpleMeterRegistry(), System::nanoTime);
        gateway.sessions(new SessionConfig("bench", graceMillis, 60_000, 30_000, 1024), SessionTokens.random(new SecureRandom()),
            new InMemoryParkedPlayerStore(), 0);
        return gateway.start().getPort();
    }

    @Test
    void shouldResumeEveryDroppedPlayerAndReportTheLatencyAndTheEventCheck(@TempDir Path reports) throws Exception {
        int port = start(30_000);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path summary = reports.resolve("summary.json");

        Map<String, Object> fields = new ResumeBench(URI.create("ws://127.0.0.1:" + port + "/ws"), 4, 2,
            new PrintStream(progress, true, StandardCharsets.UTF_8)).run(summary);

        assertThat(fields.get("resumes")).isEqualTo(8L);
        assertThat(fields.get("eventsOutOfOrder")).isEqualTo(0L);
        assertThat((Map<?, ?>) fields.get("errors")).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Double> latency = (Map<String, Double>) fields.get("resumeToSnapshotMillis");
        assertThat(latency.get("p50")).isPositive().isLessThanOrEqualTo(latency.get("p99"));
        assertThat(Files.readString(summary)).contains("\"resumes\":8").contains("\"eventsOutOfOrder\":0");
        assertThat(Files.readString(reports.resolve("resume-report.html"))).contains("<svg").contains("Resume");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("4 of 4 players in");
    }

    @Test
    void shouldCountRefusedResumesOnAServerWithoutAGraceWindow(@TempDir Path reports) throws Exception {
        int port = start(0);

        Map<String, Object> fields = new ResumeBench(URI.create("ws://127.0.0.1:" + port + "/ws"), 2, 1,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(reports.resolve("summary.json"));

        assertThat(fields.get("resumes")).isEqualTo(0L);
        assertThat(fields.get("errors")).isEqualTo(Map.of("session_unknown", 2L));
        assertThatThrownBy(() -> new ResumeBench(URI.create("ws://127.0.0.1:1/ws"), 1, 1, System.out))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
