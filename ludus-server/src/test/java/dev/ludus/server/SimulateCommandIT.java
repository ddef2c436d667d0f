package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ludus simulate} end to end: a small world run twice, on one worker and on two. */
class SimulateCommandIT {
    private static final List<String> FIELDS = List.of("seed", "workers", "ticks", "warmupTicks", "measuredTicks",
        "players", "npcs", "scenario", "worldMetres", "tickMillis", "totalTickMillis", "ticksOverBudget", "stateHash",
        "regions", "activeCells", "awakeEntities", "largestRegion", "crossRegionMail", "mail", "handovers", "commands",
        "playerCommands", "phasesMillis", "heapAfterWarmupMiB", "heapMaxUsedMiB", "playersOnlineAtEnd", "entitiesAtEnd",
        "errors", "wallSeconds", "machine", "timeline", "worldEvents");

    private static String run(Path json, int workers) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Ludus.run("simulate", "--players", "50", "--npcs", "500", "--world", "2000", "--ticks", "100",
                "--warmup", "10", "--seed", "3", "--scenario", "hotspot", "--workers", Integer.toString(workers),
                "--deterministic-plan",
                "--json", json.toString(), "--audit-dir", json.resolveSibling("audit").toString());
            assertThat(exit).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReachTheSameStateOnOneWorkerAndOnTwoAndWriteBothReports(@TempDir Path dir) throws IOException {
        String progress = run(dir.resolve("one.json"), 1);
        run(dir.resolve("two.json"), 2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode one = mapper.readTree(dir.resolve("one.json").toFile());
        JsonNode two = mapper.readTree(dir.resolve("two.json").toFile());

        assertThat(one.get("stateHash").asText()).matches("[0-9a-f]{16}").isEqualTo(two.get("stateHash").asText());
        assertThat(one.get("workers").asInt()).isEqualTo(1);
        assertThat(two.get("workers").asInt()).isEqualTo(2);
        // Everything but time is the same whatever the number of workers.
        for (String field : List.of("regions", "activeCells", "awakeEntities", "mail", "crossRegionMail", "handovers",
            "commands", "playerCommands", "playersOnlineAtEnd", "entitiesAtEnd")) {
            assertThat(two.get(field)).as(field).isEqualTo(one.get(field));
        }

        for (JsonNode report : List.of(one, two)) {
            List<String> names = new java.util.ArrayList<>();
            report.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsAll(FIELDS);
            assertThat(report.get("seed").asLong()).isEqualTo(3);
            assertThat(report.get("ticks").asInt()).isEqualTo(100);
            assertThat(report.get("warmupTicks").asInt()).isEqualTo(10);
            assertThat(report.get("measuredTicks").asInt()).isEqualTo(90);
            assertThat(report.get("players").asInt()).isEqualTo(50);
            assertThat(report.get("npcs").asInt()).isEqualTo(500);
            assertThat(report.get("scenario").asText()).isEqualTo("hotspot");
            assertThat(report.get("worldMetres").asDouble()).isEqualTo(2000);
            JsonNode tick = report.get("tickMillis");
            assertThat(tick.get("p50").asDouble()).isPositive();
            assertThat(tick.get("p99").asDouble()).isGreaterThanOrEqualTo(tick.get("p50").asDouble());
            assertThat(tick.get("max").asDouble()).isGreaterThanOrEqualTo(tick.get("p99").asDouble());
            assertThat(tick.get("mean").asDouble()).isPositive().isLessThanOrEqualTo(tick.get("max").asDouble());
            assertThat(report.get("totalTickMillis").asDouble()).isGreaterThanOrEqualTo(tick.get("max").asDouble());
            assertThat(report.get("regions").get("max").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(report.get("regions").get("mean").asDouble()).isPositive();
            assertThat(report.get("awakeEntities").get("mean").asDouble()).isPositive();
            assertThat(report.get("commands").asLong()).isPositive();
            assertThat(report.get("mail").asLong()).isGreaterThanOrEqualTo(report.get("crossRegionMail").asLong());
            for (String phase : List.of("boundary", "regions", "merge", "replication")) {
                assertThat(report.get("phasesMillis").get(phase).asDouble()).as(phase).isGreaterThanOrEqualTo(0);
            }
            assertThat(report.get("heapAfterWarmupMiB").asDouble()).isPositive();
            assertThat(report.get("heapMaxUsedMiB").asDouble()).isGreaterThanOrEqualTo(report.get("heapAfterWarmupMiB").asDouble());
            assertThat(report.get("playersOnlineAtEnd").asInt()).isPositive().isLessThanOrEqualTo(50);
            // NPCs, 4 km2 x (20 resource nodes + 20 items + 50 boulders shown as props) of the reference
            // game, and the players.
            assertThat(report.get("entitiesAtEnd").asInt()).isEqualTo(500 + 160 + 200 + report.get("playersOnlineAtEnd").asInt());
            assertThat(report.get("errors").asLong()).isZero();
            // Every kind of the reference game's catalogue is listed, and the total is their sum.
            JsonNode events = report.get("worldEvents");
            assertThat(events.get("byKind").size()).isEqualTo(5);
            long sum = 0;
            for (JsonNode count : events.get("byKind")) {
                sum += count.asLong();
            }
            assertThat(events.get("spawned").asLong()).isEqualTo(sum);
            assertThat(report.get("wallSeconds").asDouble()).isPositive();
            JsonNode machine = report.get("machine");
            assertThat(machine.get("cores").asInt()).isPositive();
            assertThat(machine.get("maxHeapMiB").asDouble()).isPositive();
            assertThat(machine.get("javaVersion").asText()).startsWith(Integer.toString(Runtime.version().feature()));
            assertThat(machine.get("os").asText()).isNotBlank();
            JsonNode timeline = report.get("timeline");
            assertThat(timeline.size()).isEqualTo(100);
            assertThat(timeline.get(99).get("tick").asLong()).isEqualTo(99);
            assertThat(timeline.get(99).get("playersOnline").asInt()).isEqualTo(report.get("playersOnlineAtEnd").asInt());
            for (String field : List.of("tick", "tickMillis", "tickMaxMillis", "regions", "playersOnline", "awakeEntities")) {
                assertThat(timeline.get(50).has(field)).as(field).isTrue();
            }
        }

        String html = Files.readString(dir.resolve("one.html"));
        assertThat(html).contains("<svg").contains("Tick time").contains(one.get("stateHash").asText());
        assertThat(dir.resolve("two.html")).exists();
        assertThat(progress).contains("simulate: 50 players (hotspot), 500 NPCs, world 2000 x 2000 m, 100 ticks")
            .contains("tick 100/100 100%").contains("state hash    " + one.get("stateHash").asText())
            .contains("report: " + dir.resolve("one.json").toAbsolutePath());
    }
}
