package dev.ludus.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small headless runs: each takes well under a second. */
class SimulationRunTest {

    private static SimulateConfig config(String scenario, int ticks, int warmup, Path json) {
        return SimulateConfig.of(40, 400, ticks, warmup, 7, 1, scenario, 1500, json);
    }

    @Test
    void shouldPrintAProgressLineEachIntervalAndTheSummary(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulationReport report = new SimulationRun(config("steady", 12, 4, dir.resolve("r.json")),
            new PrintStream(out, true, StandardCharsets.UTF_8), System.err, 0).run();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("simulate: 40 players (steady), 400 NPCs, world 1500 x 1500 m, 12 ticks at 20 Hz "
            + "(warm-up 4), workers 1, seed 7");
        // One line after each of the first 11 ticks (interval 0) and one after the last.
        assertThat(printed.lines().filter(line -> line.matches("  tick \\d+/12 .*"))).hasSize(12);
        assertThat(printed).contains("  tick 3/12  25%").contains("(warm-up)").contains("  tick 12/12 100%")
            .contains("summary (8 measured ticks after 4 of warm-up; workers 1)").contains("state hash    " + report.stateHash())
            .contains("report: " + dir.resolve("r.json").toAbsolutePath() + " and r.html");
        assertThat(report.measuredTicks()).isEqualTo(8);
        assertThat(report.heapMaxUsedMiB()).isGreaterThanOrEqualTo(report.heapAfterWarmupMiB()).isPositive();
    }

    @Test
    void shouldRunEveryScenarioAndAWarmUpOfZero(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        for (String scenario : new String[] {"steady", "hotspot", "influx"}) {
            SimulationReport report = new SimulationRun(config(scenario, 30, 0, dir.resolve(scenario + ".json")), quiet,
                quiet).run();
            assertThat(report.scenario()).isEqualTo(scenario);
            assertThat(report.measuredTicks()).isEqualTo(30);
            assertThat(report.timeline()).hasSize(30);
            assertThat(report.errors()).isZero();
            assertThat(report.stateHash()).hasSize(16);
            assertThat(dir.resolve(scenario + ".html")).exists();
        }
    }

    @Test
    void shouldGiveTheSameStateForTheSameSeedAndAnotherForAnother(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        String first = new SimulationRun(config("hotspot", 40, 5, dir.resolve("a.json")), quiet, quiet).run().stateHash();
        String again = new SimulationRun(config("hotspot", 40, 5, dir.resolve("b.json")), quiet, quiet).run().stateHash();
        String other = new SimulationRun(SimulateConfig.of(40, 400, 40, 5, 8, 1, "hotspot", 1500, dir.resolve("c.json")),
            quiet, quiet).run().stateHash();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldRunAWorldWithoutPlayersAndGroupALongRunIntoPoints(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        SimulationReport report = new SimulationRun(SimulateConfig.of(0, 20, 1201, 1, 1, 1, "steady", 200,
            dir.resolve("r.json")), quiet, quiet).run();
        assertThat(report.timeline()).hasSize(401);
        assertThat(report.regions()).isEqualTo(new SimulationReport.Regions(0, 0));
        assertThat(report.playersOnlineAtEnd()).isZero();
        // 20 NPCs; at the reference game's 20 per km2 one resource node and one item in 0.04 km2; and at
        // 50 rocks per km2, two rocks with a boulder (a prop entity) beside each.
        assertThat(report.entitiesAtEnd()).isEqualTo(24);
        assertThat(report.tickMillis().p50()).isPositive();
        assertThat(Files.readString(dir.resolve("r.html"))).contains("Each point covers 3 consecutive ticks");
    }

    @Test
    void shouldReportThePredatorsStrikesInACrowdedWorld(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        // 100 players and 2,000 NPCs (250 of them predators) in 0.25 km2 for 30 s: players meet predators.
        SimulationReport report = new SimulationRun(SimulateConfig.of(100, 2000, 600, 100, 7, 1, "hotspot", 500,
            dir.resolve("r.json")), quiet, quiet).run();
        assertThat(report.ai().strikes().landed()).isPositive();
        assertThat(report.ai().critical()).as("a striking predator is an engaged NPC").isPositive();
        assertThat(report.criticalSkipped()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("r.json").toFile());
        assertThat(json.get("ai").get("strikes").get("landed").asLong()).isEqualTo(report.ai().strikes().landed());
        assertThat(Files.readString(dir.resolve("r.html"))).contains("NPC strikes on players");
    }

    @Test
    void shouldFailBeforeBuildingTheWorldWhenTheReportDirectoryCannotBeMade(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulationRun run = new SimulationRun(config("steady", 10, 0, file.resolve("report.json")),
            new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThatThrownBy(run::run).isInstanceOf(IOException.class);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldWriteAPageWithASummaryTableAndChartsAndNoScripts(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        SimulationReport report = new SimulationRun(config("steady", 20, 5, dir.resolve("r.json")), quiet, quiet).run();
        String html = Files.readString(dir.resolve("r.html"));
        assertThat(html).startsWith("<!doctype html>").contains("<table>").contains("tick p50 / p99 / max / mean")
            .contains(report.stateHash()).contains("Tick time (ms)").contains("budget 50 ms").contains("target 25 ms")
            .contains("Regions").contains("Players online").contains("warm-up")
            .contains("Load management").contains("critical work skipped").contains("Update latency p99 (ms)")
            .contains("AI evaluations deferred (%)").contains("Time dilation (slowest region)").doesNotContain("<script")
            .doesNotContain("src=").doesNotContain("href=");
        // Tick time, update latency, AI deferred, dilation, regions, players, awake entities.
        assertThat(html.split("<svg", -1)).hasSize(8);
        assertThat(report.summaryText()).contains("0 over the 50 ms budget");
    }
}
