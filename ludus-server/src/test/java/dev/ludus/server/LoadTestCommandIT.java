package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ludus loadtest} against a running server: bots play, figures and charts are written. */
class LoadTestCommandIT {

    @Test
    void shouldRunBotsAndWriteJsonAndHtmlReports(@TempDir Path reports) throws Exception {
        try (LudusServer server = TestServers.start()) {
            int exit = Ludus.run("loadtest", "--url", "ws://127.0.0.1:" + server.address().getPort() + "/ws",
                "--bots", "4", "--ramp", "0", "--warmup", "1", "--duration", "2", "--format", "json",
                "--report", reports.toString());
            assertThat(exit).isZero();
            String json = Files.readString(reports.resolve("report.json"));
            assertThat(json).contains("\"botsPlaying\" : 4").contains("\"tickMeanMillis\"");
            assertThat(Files.readString(reports.resolve("report.html"))).contains("<svg").contains("Server tick duration");
        }
    }

    @Test
    void shouldWriteTheShortSummaryWithTheIssuesFieldNames(@TempDir Path reports) throws Exception {
        Path summary = reports.resolve("out/summary.json");
        try (LudusServer server = TestServers.start()) {
            int exit = Ludus.run("loadtest", "--url", "ws://127.0.0.1:" + server.address().getPort() + "/ws",
                "--clients", "3", "--ramp", "0", "--warmup", "1", "--seconds", "2", "--json", summary.toString(),
                "--report", reports.toString());
            assertThat(exit).isZero();
            assertThat(Files.readString(summary)).contains("\"clients\" : 3", "\"disconnects\" : 0", "\"tickRate\"",
                "\"propagationMillis\"", "\"inputToAckMillis\"", "\"p50\"", "\"p99\"", "\"max\"",
                "\"bytesPerClientPerSecond\"", "\"snapshotsPerSecond\"", "\"deltas\" : true");
            assertThat(Files.readString(reports.resolve("report.html"))).contains("Input to acknowledgement");
        }
    }
}
