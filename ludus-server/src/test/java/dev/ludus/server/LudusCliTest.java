package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LudusCliTest {

    private static String captureOut(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String captureErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListEverySubcommandInHelp() {
        String help = captureOut(() -> assertThat(Ludus.run("help")).isZero());
        assertThat(help).contains("serve").contains("loadtest").contains("simulate").contains("test").contains("bench");
    }

    @Test
    void shouldRefuseBadServeOptionsWithExitTwoAndTheKey() {
        String err = captureErr(() -> assertThat(Ludus.run("serve", "--port", "70000")).isEqualTo(2));
        assertThat(err).contains("server.port : 70000 (expected: 0 to 65535)");
        String square = captureErr(() -> assertThat(Ludus.run("serve", "--spawn-square", "-5")).isEqualTo(2));
        assertThat(square).contains("world.spawn.square-metres : -5 (expected: >= 0)");
    }

    @Test
    void shouldRefuseBadLoadTestOptionsWithExitTwo() {
        String err = captureErr(() -> assertThat(Ludus.run("loadtest", "--format", "xml")).isEqualTo(2));
        assertThat(err).contains("--format : xml (expected: protobuf or json)");
        String negative = captureErr(() -> assertThat(Ludus.run("loadtest", "--bots", "-1")).isEqualTo(2));
        assertThat(negative).contains("--bots : -1 (expected: >= 0)");
    }

    @Test
    void shouldRefuseBadSimulateOptionsWithExitTwoListingEveryProblem() {
        String err = captureErr(() -> assertThat(Ludus.run("simulate", "--players", "-5", "--ticks", "100",
            "--warmup", "100", "--workers", "300", "--scenario", "foo", "--world", "150")).isEqualTo(2));
        assertThat(err).contains("invalid configuration:")
            .contains("--players : -5 (expected: >= 0)")
            .contains("--warmup : 100 (expected: >= 0 and < --ticks 100)")
            .contains("--workers : 300 (expected: 1 to 256)")
            .contains("--scenario : \"foo\" (expected: steady, hotspot, influx or peak)")
            .contains("--world : 150 (expected: 200 to 100000 metres");
    }

    @Test
    void shouldExitOneWhenTheSimulateReportCannotBeWritten(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String err = captureErr(() -> assertThat(Ludus.run("simulate", "--ticks", "2", "--warmup", "0",
            "--json", file.resolve("report.json").toString())).isEqualTo(1));
        assertThat(err).startsWith("ludus: ");
    }

    @Test
    void shouldDefaultSimulateWorkersToOnePerCoreWithinTheLimit() {
        assertThat(SimulateCommand.defaultWorkers()).isBetween(1, 256)
            .isEqualTo(Math.min(256, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void shouldExitOneWhenThePortIsInUse() throws Exception {
        try (LudusServer running = TestServers.start()) {
            int port = running.address().getPort();
            assertThat(Ludus.run("serve", "--port", Integer.toString(port), "--npcs", "10", "--audit-dir", "target/test-audit", "--data-dir", "target/test-data"))
                .isEqualTo(1);
        }
    }

    @Test
    void shouldFailClearlyWhenNoServerAnswersTheLoadTest() {
        String err = captureErr(() -> assertThat(Ludus.run("loadtest", "--url", "ws://127.0.0.1:1/ws", "--bots", "1",
            "--duration", "1", "--warmup", "0", "--ramp", "0")).isEqualTo(1));
        assertThat(err).contains("no server answers");
    }
}
