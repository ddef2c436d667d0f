package dev.ludus.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.TickProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TickRecorderTest {
    private static final long MS = 1_000_000;
    private static final PrintStream NOWHERE = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    private static TickProfile profile(long tick, int regions, int awake, int commands, int mail, int crossRegionMail,
                                       int handovers) {
        return new TickProfile(tick, regions, 10 * regions, awake, commands, mail, crossRegionMail, handovers,
            1 * MS, 2 * MS, 3 * MS, 4 * MS);
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        // The worked example of the nearest-rank method (Wikipedia, "Percentile"): of 15, 20, 35, 40, 50
        // the 30th percentile is 20, the 40th 20, the 50th 35 and the 100th 50.
        long[] sorted = {15 * MS, 20 * MS, 35 * MS, 40 * MS, 50 * MS};
        assertThat(TickRecorder.percentileMillis(sorted, 30)).isEqualTo(20);
        assertThat(TickRecorder.percentileMillis(sorted, 40)).isEqualTo(20);
        assertThat(TickRecorder.percentileMillis(sorted, 50)).isEqualTo(35);
        assertThat(TickRecorder.percentileMillis(sorted, 100)).isEqualTo(50);
        assertThat(TickRecorder.percentileMillis(new long[0], 50)).isNaN();
    }

    @Test
    void shouldTakeTheNinetyNinthOfAHundredTicksNotTheHundredth() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (i + 1) * MS;
        }
        assertThat(TickRecorder.percentileMillis(sorted, 99)).isEqualTo(99);
        assertThat(TickRecorder.percentileMillis(sorted, 50)).isEqualTo(50);
        assertThat(TickRecorder.percentileMillis(new long[] {7 * MS}, 99)).isEqualTo(7);
    }

    @Test
    void shouldSummariseOnlyTheTicksAfterTheWarmUp() {
        TickRecorder recorder = new TickRecorder(5, 2, 50 * MS, NOWHERE);
        long[] wall = {100 * MS, 90 * MS, 3 * MS, 60 * MS, 1 * MS};
        for (int tick = 0; tick < wall.length; tick++) {
            recorder.onRegionTick(tick, 0, 4, tick * 10, tick * MS);
            recorder.onRegionTick(tick, 7, 2, 5, 0);
            recorder.onTickProfile(profile(tick, tick + 1, 100 + tick, 10, 4, 1, 2));
            recorder.record(wall[tick], tick * 3);
        }
        TickRecorder.Summary summary = recorder.summary();
        assertThat(summary.measuredTicks()).isEqualTo(3);
        assertThat(summary.tickMillis()).isEqualTo(new SimulationReport.TickMillis(3, 60, 60, 21.333));
        assertThat(summary.totalMillis()).isEqualTo(64);
        assertThat(summary.overBudget()).isEqualTo(1);
        assertThat(summary.regions()).isEqualTo(new SimulationReport.Regions(4, 5));
        assertThat(summary.activeCells()).isEqualTo(new SimulationReport.ActiveCells(40));
        assertThat(summary.awake()).isEqualTo(new SimulationReport.AwakeEntities(103, 104));
        assertThat(summary.largestRegion()).isEqualTo(new SimulationReport.LargestRegion(30, 40, 3));
        assertThat(summary.phases()).isEqualTo(new SimulationReport.Phases(1, 2, 3, 4));
        assertThat(summary.commands()).isEqualTo(30);
        assertThat(summary.mail()).isEqualTo(12);
        assertThat(summary.crossRegionMail()).isEqualTo(3);
        assertThat(summary.handovers()).isEqualTo(6);
        assertThat(summary.timeline()).hasSize(5);
        assertThat(summary.timeline().get(3)).isEqualTo(new SimulationReport.Point(3, 60, 60, 4, 9, 103));
    }

    @Test
    void shouldGroupLongRunsIntoAtMostSixHundredPoints() {
        int ticks = 1201;
        TickRecorder recorder = new TickRecorder(ticks, 0, 50 * MS, NOWHERE);
        for (int tick = 0; tick < ticks; tick++) {
            recorder.onTickProfile(profile(tick, 1, 1, 0, 0, 0, 0));
            recorder.record((tick % 3 + 1) * MS, tick);
        }
        var timeline = recorder.summary().timeline();
        assertThat(timeline).hasSizeLessThanOrEqualTo(TickRecorder.MAX_POINTS);
        // 1201 ticks in points of 3: 400 full points and one of the last tick alone.
        assertThat(timeline).hasSize(401);
        assertThat(timeline.getFirst()).isEqualTo(new SimulationReport.Point(0, 2, 3, 1, 2, 1));
        assertThat(timeline.getLast()).isEqualTo(new SimulationReport.Point(1200, 1, 1, 1, 1200, 1));
    }

    @Test
    void shouldSplitUpdateLatenciesByPremiumStatusAndChartLoadPerPoint() {
        TickRecorder recorder = new TickRecorder(4, 1, 50 * MS, NOWHERE);
        // Tick 0 is warm-up: its latency shows in the timeline but not in the summary.
        recorder.onUpdateLatency(1, true, 500 * MS);
        recorder.recordLoad(new LoadStats(90, 10, 0, 0, 0, 0, 0, 1, 1, 0, 0, 500, 0, 1000, 1000));
        recorder.record(MS, 2);
        for (int i = 1; i <= 100; i++) {
            recorder.onUpdateLatency(2, false, i * MS);
        }
        recorder.onUpdateLatency(1, true, 7 * MS);
        recorder.recordLoad(new LoadStats(120, 40, 0, 0, 0, 2, 1, 0.5, 0.5, 1, 1, 530, 0, 1000, 1000));
        recorder.record(MS, 2);
        recorder.recordLoad(new LoadStats(150, 70, 0, 0, 0, 3, 1, 0.8, 0.5, 2, 2, 540, 0, 1000, 1000));
        recorder.record(MS, 2);
        recorder.recordLoad(new LoadStats(160, 70, 0, 0, 0, 3, 1, 1, 0.5, 2, 2, 560, 0, 1000, 1000));
        recorder.record(MS, 2);

        SimulationReport.UpdateLatency latency = recorder.updateLatency();
        assertThat(latency.samples()).isEqualTo(101);
        assertThat(latency.p99()).isEqualTo(99);
        assertThat(latency.premium().p99()).isEqualTo(7);
        assertThat(latency.standard().p99()).isEqualTo(99);
        assertThat(recorder.precisionLevels()).containsEntry("0", 0L).containsEntry("2", 1L).containsEntry("3", 2L);
        // Bodies stepped in the three measured ticks, not the 500 of the warm-up tick.
        assertThat(recorder.bodiesStepped()).isEqualTo(60);
        var timeline = recorder.summary().timeline();
        assertThat(timeline.get(0).updateP99Millis()).isEqualTo(500);
        assertThat(timeline.get(0).aiDeferredPct()).isEqualTo(10);
        assertThat(timeline.get(1).updateP99Millis()).isEqualTo(99);
        // 30 of the 60 evaluations since the last point were deferred.
        assertThat(timeline.get(1).aiDeferredPct()).isEqualTo(50);
        assertThat(timeline.get(1).minDilation()).isEqualTo(0.5);
        assertThat(timeline.get(2).updateP99Millis()).isZero();
        assertThat(timeline.get(3).aiDeferredPct()).isZero();
        assertThat(timeline.get(3).minDilation()).isEqualTo(1);
    }

    @Test
    void shouldGivePercentilesSoFarOfTheWarmUpUntilTicksAreMeasured() {
        TickRecorder recorder = new TickRecorder(4, 2, 50 * MS, NOWHERE);
        assertThat(recorder.percentilesSoFarMillis()[0]).isNaN();
        recorder.record(10 * MS, 0);
        recorder.record(20 * MS, 0);
        assertThat(recorder.percentilesSoFarMillis()).containsExactly(10, 20);
        recorder.record(1 * MS, 0);
        assertThat(recorder.percentilesSoFarMillis()).containsExactly(1, 1);
        assertThat(recorder.recorded()).isEqualTo(3);
    }

    @Test
    void shouldCountEveryErrorButPrintOnlyTheFirstFew() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        TickRecorder recorder = new TickRecorder(1, 0, 50 * MS, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        for (int i = 0; i < 8; i++) {
            recorder.onError("region " + i, new IllegalStateException("boom " + i));
        }
        assertThat(recorder.errors()).isEqualTo(8);
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("simulate: error in region 0: java.lang.IllegalStateException: boom 0")
            .contains("boom 4").doesNotContain("boom 5").contains("more errors; only their count is reported");
        assertThat(printed.lines()).hasSize(TickRecorder.PRINTED_ERRORS + 1);
    }

    @Test
    void shouldRecordATickWithoutAProfileAsIdle() {
        TickRecorder recorder = new TickRecorder(1, 0, 50 * MS, NOWHERE);
        recorder.record(2 * MS, 0);
        TickRecorder.Summary summary = recorder.summary();
        assertThat(summary.regions()).isEqualTo(new SimulationReport.Regions(0, 0));
        assertThat(summary.tickMillis().p50()).isEqualTo(2);
    }
}
