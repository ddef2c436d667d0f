package dev.ludus.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.net.ReplaySource;
import dev.ludus.protocol.EntityState;
import dev.ludus.server.simulate.SimulateConfig;
import dev.ludus.server.simulate.SimulationReport;
import dev.ludus.server.simulate.SimulationRun;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.spectate.WorldReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of a real headless run as a replay source: every replayed tick's state hash is checked against
 * the recorded one, a seek lands on exactly the recorded state, and the world a spectator is shown after a
 * seek is the one a replay from the start shows at the same ticks.
 */
class AuditLogReplaySourceTest {
    @TempDir
    static Path shared;
    private static Path log;

    @TempDir
    Path dir;

    @BeforeAll
    static void recordARun() throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        SimulationReport report = new SimulationRun(SimulateConfig.of(40, 400, 90, 0, 7, 1, "hotspot", 1500,
            shared.resolve("report.json")), AuditSettings.in(shared.resolve("audit")), quiet, quiet).run();
        log = Path.of(report.audit().path());
    }

    /** Keeps, per tick, the entities of a disc around the world's centre. */
    private static final class AreaFeed implements SpectatorFeed {
        final Map<Long, List<EntityState>> frames = new TreeMap<>();
        double x;
        double y;

        @Override
        public void onTickEnd(long tick, long serverTimeMs, WorldReader world) {
            x = world.widthMetres() / 2;
            y = world.heightMetres() / 2;
            frames.put(tick, world.area(x, y, 500));
        }
    }

    private static List<Long> stepToEnd(ReplaySource.Cursor cursor) throws IOException {
        List<Long> times = new ArrayList<>();
        for (long time = cursor.step(); time >= 0; time = cursor.step()) {
            times.add(time);
        }
        return times;
    }

    @Test
    void shouldShowAfterASeekTheSameWorldAsAReplayFromTheStartAtEveryLaterTick() throws IOException {
        AuditLogReplaySource source = new AuditLogReplaySource(log);
        assertThat(source.ticks()).isEqualTo(90);

        AreaFeed whole = new AreaFeed();
        List<Long> allTimes;
        try (ReplaySource.Cursor cursor = source.open(0, whole)) {
            allTimes = stepToEnd(cursor);
        }
        AreaFeed sought = new AreaFeed();
        List<Long> laterTimes;
        try (ReplaySource.Cursor cursor = source.open(60, sought)) {
            laterTimes = stepToEnd(cursor);
        }
        assertThat(allTimes).hasSize(90);
        assertThat(laterTimes).isEqualTo(allTimes.subList(60, 90));
        // The seek ran ticks 0 to 59 with the feed attached (scoreboards count what came before), then 60 on.
        assertThat(sought.frames.keySet()).hasSize(90);
        for (long tick = 60; tick < 90; tick++) {
            assertThat(new HashSet<>(sought.frames.get(tick))).as("tick %d", tick)
                .isEqualTo(new HashSet<>(whole.frames.get(tick)));
        }
        assertThat(whole.frames.get(89L)).as("the area holds entities, players among them")
            .anySatisfy(e -> assertThat(e.kind()).isEqualTo(dev.ludus.protocol.EntityKind.PLAYER));
    }

    /** Hears the names of the players the replay re-joins. */
    private static final class NameFeed implements SpectatorFeed {
        final Map<Long, String> names = new TreeMap<>();

        @Override
        public void onPlayerJoined(long entityId, String name) {
            names.put(entityId, name);
        }
    }

    @Test
    void shouldNameEveryRecordedPlayerToTheFeedEvenBeforeASeekPoint() throws IOException {
        List<String> recordedNames = new ArrayList<>();
        for (String line : LogForger.lines(log)) {
            java.util.regex.Matcher join = java.util.regex.Pattern.compile("\"kind\":\"join\".*?\"name\":\"([^\"]*)\"")
                .matcher(line);
            if (join.find()) {
                recordedNames.add(join.group(1));
            }
        }
        assertThat(recordedNames).as("the run's players joined over its first ticks").hasSizeGreaterThan(10);

        NameFeed feed = new NameFeed();
        try (ReplaySource.Cursor cursor = new AuditLogReplaySource(log).open(60, feed)) {
            assertThat(feed.names).as("the players that joined before the seek point, named while seeking").isNotEmpty();
            stepToEnd(cursor);
        }
        assertThat(feed.names.values()).containsExactlyInAnyOrderElementsOf(recordedNames);
        AreaFeed area = new AreaFeed();
        try (ReplaySource.Cursor cursor = new AuditLogReplaySource(log).open(0, area)) {
            stepToEnd(cursor);
        }
        // Each name went with the entity id the world gave that player.
        assertThat(area.frames.get(89L).stream().filter(e -> e.kind() == dev.ludus.protocol.EntityKind.PLAYER)
            .map(EntityState::id).toList()).isSubsetOf(feed.names.keySet());
    }

    @Test
    void shouldStopAtATickWhoseReplayedStateDiffersFromTheRecordedOne() throws IOException {
        List<String> lines = LogForger.lines(log);
        List<String> edited = new ArrayList<>(lines);
        for (int i = 0; i < edited.size(); i++) {
            if (edited.get(i).contains("\"type\":\"tick\"") && edited.get(i).contains("\"tick\":30,")) {
                String line = edited.get(i);
                int at = line.indexOf("\"stateHash\":\"") + 13;
                edited.set(i, line.substring(0, at) + (line.charAt(at) == '0' ? '1' : '0') + line.substring(at + 1));
                break;
            }
        }
        AuditLogReplaySource source = new AuditLogReplaySource(LogForger.write(dir.resolve("forged.ludlog"), edited));
        assertThatThrownBy(() -> source.open(40, SpectatorFeed.NONE))
            .isInstanceOf(IOException.class).hasMessageContaining("tick 30: the log records state hash");
    }

    @Test
    void shouldRefuseTicksOutsideTheLogAndFilesWithoutAHeader() throws IOException {
        AuditLogReplaySource source = new AuditLogReplaySource(log);
        assertThatThrownBy(() -> source.open(90, SpectatorFeed.NONE)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("fromTick : 90 (expected: 0 to 89)");
        assertThatThrownBy(() -> new AuditLogReplaySource(LogForger.write(dir.resolve("empty.ludlog"), List.of())))
            .isInstanceOf(IOException.class).hasMessageContaining("empty.ludlog");
    }
}
