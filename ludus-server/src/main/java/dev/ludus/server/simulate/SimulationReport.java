package dev.ludus.server.simulate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of a headless run, written as JSON (Jackson, field names as below) and as an HTML page
 * with SVG charts (no scripts, opens offline). Figures summarised over ticks cover the measured
 * ticks, those after the warm-up; {@code timeline}, {@code stateHash}, {@code errors},
 * {@code playerCommands} and the {@code AtEnd} counts cover the whole run. Times are wall-clock
 * times of this machine; everything else is the same on every machine for the same options.
 *
 * @param seed               the seed of the world and of the players
 * @param workers            threads that ticked regions and built snapshots
 * @param ticks              ticks run
 * @param warmupTicks        first ticks left out of the tick figures
 * @param measuredTicks      {@code ticks - warmupTicks}
 * @param players            synthetic players in the population
 * @param npcs               NPCs at start
 * @param scenario           {@code steady}, {@code hotspot} or {@code influx}
 * @param worldMetres        side of the square world, metres
 * @param tickMillis         the measured ticks' wall times, ms
 * @param totalTickMillis    their sum, ms: the figure to compare between worker counts
 * @param ticksOverBudget    measured ticks longer than the tick interval (50 ms at 20 Hz)
 * @param stateHash          {@code World.stateHash()} after the last tick, 16 hex digits; equal for equal
 *                           options whatever the number of workers
 * @param regions            regions per measured tick
 * @param activeCells        active cells per measured tick
 * @param awakeEntities      entities ticked by a region per measured tick
 * @param largestRegion      the largest region of each measured tick (it bounds the parallel phase)
 * @param crossRegionMail    mail between regions, measured ticks summed
 * @param mail               mail delivered, measured ticks summed
 * @param handovers          entities that moved to another region, measured ticks summed
 * @param commands           commands the simulation drained, measured ticks summed
 * @param playerCommands     commands the synthetic players issued, whole run
 * @param phasesMillis       mean time of each phase of a measured tick, ms
 * @param heapAfterWarmupMiB heap in use right after a full GC at the end of the warm-up, MiB
 * @param heapMaxUsedMiB     most heap in use seen (sampled at each progress line and at the end), MiB
 * @param playersOnlineAtEnd synthetic players online after the last tick
 * @param entitiesAtEnd      entities in the world after the last tick
 * @param errors             failed units of work the simulation reported (each skipped)
 * @param wallSeconds        the whole run, world building and report included, seconds
 * @param machine            where it ran
 * @param timeline           the whole run in at most {@value TickRecorder#MAX_POINTS} points
 * @param audit              the run's audit log, or null (left out of the JSON) when auditing was off
 */
public record SimulationReport(long seed, int workers, int ticks, int warmupTicks, int measuredTicks, int players,
                               int npcs, String scenario, double worldMetres, TickMillis tickMillis,
                               double totalTickMillis, int ticksOverBudget, String stateHash, Regions regions,
                               ActiveCells activeCells, AwakeEntities awakeEntities, LargestRegion largestRegion,
                               long crossRegionMail, long mail, long handovers, long commands,
                               PlayerCommands playerCommands, Phases phasesMillis, double heapAfterWarmupMiB,
                               double heapMaxUsedMiB, int playersOnlineAtEnd, int entitiesAtEnd, long errors,
                               double wallSeconds, Machine machine, List<Point> timeline,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Audit audit,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Anticheat anticheat,
                               WorldEvents worldEvents, boolean throttle, Ai ai, long criticalSkipped,
                               Physics physics, Dilation dilation, UpdateLatency updateLatencyMillis, Plan plan) {

    /**
     * How the load was planned (issue 4): the prices of the cost model's work units the last tick was
     * planned with, and how often the planner shed.
     *
     * @param costs              {@code learned} (priced from measured time) or {@code model} (the
     *                           deterministic cost model, {@code --deterministic-plan})
     * @param regionNanosPerUnit the price of a unit of region work at the end, nanoseconds (1.0 is the model's own)
     * @param playerNanosPerUnit the price of a unit of player work at the end, nanoseconds
     * @param ticksShedding      ticks in which the scheduler refused work for lack of budget, warm-up included
     */
    public record Plan(String costs, double regionNanosPerUnit, double playerNanosPerUnit, long ticksShedding) {
    }

    /**
     * NPC behaviour evaluations (issue 4): what level of detail and throttling saved.
     *
     * @param executed     evaluations run, critical ones included
     * @param deferred     non-critical evaluations skipped by level of detail or the scheduler
     * @param critical     critical evaluations (NPCs engaged with a player), all run
     * @param reductionPct share of the evaluations a run without throttling makes (every awake NPC every
     *                     tick) that this run skipped, percent
     * @param strikes      NPC strikes on players (a critical behaviour: predators attacking), whole run
     */
    public record Ai(long executed, long deferred, long critical, double reductionPct, Strikes strikes) {
    }

    /**
     * NPC strikes on players, whole run.
     *
     * @param landed strikes that took health
     * @param dodged strikes that found the player out of reach by the next tick, or a party gone
     */
    public record Strikes(long landed, long dodged) {
    }

    /**
     * Physics with level of detail.
     *
     * @param bodiesStepped   rigid bodies stepped, summed over the measured ticks
     * @param precisionLevels measured ticks spent at each precision level, 0 (full) to 3
     */
    public record Physics(long bodiesStepped, java.util.Map<String, Long> precisionLevels) {
    }

    /**
     * Time dilation, the last resort.
     *
     * @param minFactor    the slowest any region's time ran, in (0, 1]
     * @param ticksDilated ticks in which some region ran slow
     */
    public record Dilation(double minFactor, long ticksDilated) {
    }

    /**
     * Update latency over the measured ticks: from the start of the tick that applied a player's input to
     * the moment the snapshot showing its effect was handed to the player's link, milliseconds.
     *
     * @param p50      median over all players' inputs
     * @param p99      99th percentile
     * @param samples  inputs measured
     * @param premium  the same for premium players, or null when there were none
     * @param standard the same for standard players, or null when there were none
     */
    public record UpdateLatency(double p50, double p99, long samples,
                                @JsonInclude(JsonInclude.Include.NON_NULL) UpdateLatency premium,
                                @JsonInclude(JsonInclude.Include.NON_NULL) UpdateLatency standard) {
    }

    /**
     * World events the reference game started from player density (docs/architecture.md §4, step 7).
     *
     * @param spawned events started in the run
     * @param byKind  events started per kind of the catalogue, zeros included
     */
    public record WorldEvents(long spawned, java.util.Map<String, Long> byKind) {
    }

    /**
     * How the statistical detector's verdicts compare with the synthetic players' labels, in a run
     * with {@code --cheaters}. A player is flagged when any of its sessions got a sanction.
     *
     * @param cheaters                labelled cheaters in the population
     * @param flagged                 players flagged, cheaters or not
     * @param truePositives           cheaters flagged
     * @param falsePositives          honest players flagged
     * @param precision               true positives / flagged (1 when nobody is flagged)
     * @param recall                  true positives / cheaters (1 when there are none)
     * @param topSkillHonest          honest players with skill {@code >= 0.9}
     * @param topSkillHonestFlagged   of those, flagged (the target is 0)
     * @param byCheat                 per kind ({@code none} for honest players): players and flagged
     * @param wrongVerdicts           up to ten players the detector got wrong (honest flagged, cheaters
     *                                missed), each with the evidence of its most suspicious session
     */
    public record Anticheat(int cheaters, int flagged, int truePositives, int falsePositives, double precision,
                            double recall, int topSkillHonest, int topSkillHonestFlagged,
                            java.util.Map<String, CheatKind> byCheat, List<String> wrongVerdicts) {
    }

    /**
     * @param players players of this kind
     * @param flagged of those, flagged
     */
    public record CheatKind(int players, int flagged) {
    }

    /**
     * The run's audit log (docs/audit-log.md).
     *
     * @param path         the log file
     * @param leaves       leaf entries written (header, commands, ticks, end)
     * @param signedHeads  signed tree heads written
     * @param ticksDropped ticks not recorded because the writer fell behind (0 normally)
     */
    public record Audit(String path, long leaves, long signedHeads, long ticksDropped) {
    }

    /**
     * Tick wall times, milliseconds. Percentiles are nearest-rank over the sorted measured ticks: p99
     * is the tick time that 99 % of the ticks do not exceed, an actual tick time.
     *
     * @param p50  median
     * @param p99  99th percentile
     * @param max  longest
     * @param mean arithmetic mean
     */
    public record TickMillis(double p50, double p99, double max, double mean) {
    }

    /**
     * @param mean mean per tick
     * @param max  most in one tick
     */
    public record Regions(double mean, int max) {
    }

    /** @param mean mean per tick */
    public record ActiveCells(double mean) {
    }

    /**
     * @param mean mean per tick
     * @param max  most in one tick
     */
    public record AwakeEntities(double mean, int max) {
    }

    /**
     * @param entitiesMean mean entities of a tick's largest region
     * @param entitiesMax  most entities in one region
     * @param millisMean   mean time of a tick's slowest region on its worker, ms
     */
    public record LargestRegion(double entitiesMean, int entitiesMax, double millisMean) {
    }

    /**
     * @param joins        joins issued
     * @param moves        moves issued
     * @param leaves       leaves issued
     * @param refusedJoins joins the world refused
     */
    public record PlayerCommands(long joins, long moves, long leaves, long refusedJoins) {
    }

    /**
     * Mean time per measured tick of each phase of {@code Simulation.tick}, milliseconds.
     *
     * @param boundary    commands, joins, leaves and re-forming regions
     * @param regions     the parallel region phase
     * @param merge       handovers and mail
     * @param replication building the snapshots (parallel)
     */
    public record Phases(double boundary, double regions, double merge, double replication) {
    }

    /**
     * @param cores       available processors
     * @param maxHeapMiB  the JVM's maximum heap, MiB
     * @param javaVersion the runtime's version
     * @param os          name, version and architecture
     * @param gc          garbage collectors, comma-separated
     */
    public record Machine(int cores, double maxHeapMiB, String javaVersion, String os, String gc) {
    }

    /**
     * A stretch of consecutive ticks of the timeline (one tick when the run has at most
     * {@value TickRecorder#MAX_POINTS}).
     *
     * @param tick          its first tick
     * @param tickMillis    mean wall time of its ticks, ms
     * @param tickMaxMillis longest of its ticks, ms
     * @param regions       regions in its last tick
     * @param playersOnline players online after its last tick
     * @param awakeEntities awake entities in its last tick
     * @param updateP99Millis 99th percentile of the update latencies measured in its ticks, ms; 0 when none
     * @param aiDeferredPct share of its ticks' NPC behaviour evaluations that load management deferred, 0 to 100
     * @param minDilation   the smallest region time-dilation factor in its ticks, (0, 1]
     */
    public record Point(long tick, double tickMillis, double tickMaxMillis, int regions, int playersOnline,
                        int awakeEntities, double updateP99Millis, double aiDeferredPct, double minDilation) {
        /** A point of a run without load figures: no update latency, nothing deferred, no dilation. */
        public Point(long tick, double tickMillis, double tickMaxMillis, int regions, int playersOnline,
                     int awakeEntities) {
            this(tick, tickMillis, tickMaxMillis, regions, playersOnline, awakeEntities, 0, 0, 1);
        }
    }

    /** @return the tick budget, ms: the interval between ticks at {@value SimulateConfig#TICK_RATE_HZ} Hz */
    public static double budgetMillis() {
        return 1000.0 / SimulateConfig.TICK_RATE_HZ;
    }

    /** @return the tick time aimed for, ms: half the budget, leaving room for spikes and growth */
    public static double targetMillis() {
        return budgetMillis() / 2;
    }

    /** @return the summary as a few lines of text */
    public String summaryText() {
        return String.format(Locale.ROOT, """
            summary (%d measured ticks after %d of warm-up; workers %d):
              tick          p50 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms; total %.0f ms; %d over the %.0f ms budget
              phases        boundary %.2f ms, regions %.2f ms, merge %.2f ms, replication %.2f ms (means)
              regions       mean %.1f, max %d; largest %.0f entities on average; awake entities mean %.0f
              work          %d commands, %d mail (%d across regions), %d handovers
              players       %d online at the end of %d (%d joins refused); %d entities
              heap          %.1f MiB after warm-up, %.1f MiB max seen; %d errors
              world events  %d started %s
              scheduling    %s; AI %d evaluations run, %d deferred (%.1f %% fewer than without throttling), %d critical, %d critical skipped; NPC strikes %d landed, %d dodged
              dilation      min factor %.2f, %d ticks dilated; physics levels %s, %d bodies stepped
              plan          %s costs: %.3f ns per region unit, %.3f ns per player unit at the end; %d ticks shedding
              update        latency p50 %.2f ms, p99 %.2f ms over %d inputs%s
              state hash    %s%s""",
            measuredTicks, warmupTicks, workers, tickMillis.p50(), tickMillis.p99(), tickMillis.max(), tickMillis.mean(),
            totalTickMillis, ticksOverBudget, budgetMillis(), phasesMillis.boundary(), phasesMillis.regions(),
            phasesMillis.merge(), phasesMillis.replication(), regions.mean(), regions.max(),
            largestRegion.entitiesMean(), awakeEntities.mean(), commands, mail, crossRegionMail, handovers,
            playersOnlineAtEnd, players, playerCommands.refusedJoins(), entitiesAtEnd, heapAfterWarmupMiB,
            heapMaxUsedMiB, errors, worldEvents.spawned(), worldEvents.byKind(),
            throttle ? "throttling on" : "throttling off (--no-throttle)", ai.executed(), ai.deferred(), ai.reductionPct(),
            ai.critical(), criticalSkipped, ai.strikes().landed(), ai.strikes().dodged(), dilation.minFactor(), dilation.ticksDilated(), physics.precisionLevels(),
            physics.bodiesStepped(), plan.costs(), plan.regionNanosPerUnit(), plan.playerNanosPerUnit(),
            plan.ticksShedding(),
            updateLatencyMillis.p50(), updateLatencyMillis.p99(), updateLatencyMillis.samples(),
            updateLatencyMillis.premium() == null ? "" : String.format(Locale.ROOT,
                "; premium p99 %.2f ms, standard p99 %.2f ms", updateLatencyMillis.premium().p99(),
                updateLatencyMillis.standard() == null ? Double.NaN : updateLatencyMillis.standard().p99()),
            stateHash, anticheat == null ? "" : String.format(Locale.ROOT,
                "%n  anticheat     %d cheaters, %d flagged: %d true, %d false positives; precision %.3f, recall %.3f;"
                    + " top-skill honest flagged %d of %d%n  by kind      %s",
                anticheat.cheaters(), anticheat.flagged(), anticheat.truePositives(), anticheat.falsePositives(),
                anticheat.precision(), anticheat.recall(), anticheat.topSkillHonestFlagged(), anticheat.topSkillHonest(),
                anticheat.byCheat()));
    }

    /**
     * Writes the JSON report and the HTML page, creating their directory when missing.
     *
     * @param json where the JSON goes
     * @param html where the HTML goes
     * @throws IOException when a file cannot be written
     */
    public void write(Path json, Path html) throws IOException {
        Path dir = json.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(json, mapper.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        Files.writeString(html, html(), StandardCharsets.UTF_8);
    }

    /** @return the HTML page: summary table, then charts of tick time, regions and players online */
    String html() {
        StringBuilder page = new StringBuilder(65_536);
        page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Ludus simulate</title>")
            .append("<style>body{font-family:sans-serif;margin:2em;max-width:960px}")
            .append("table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}")
            .append("th{white-space:nowrap;font-weight:normal}td.n{text-align:right;font-variant-numeric:tabular-nums}svg{border:1px solid #ddd;margin:.5em 0}")
            .append("</style></head><body><h1>Ludus simulate</h1>");
        page.append(String.format(Locale.ROOT, "<p>%d players (%s) and %d NPCs in a %.0f m x %.0f m world, %d ticks "
                + "at %d Hz (%d of warm-up, shaded in the charts), workers %d, seed %d.</p>",
            players, SvgChart.escape(scenario), npcs, worldMetres, worldMetres, ticks, SimulateConfig.TICK_RATE_HZ,
            warmupTicks, workers, seed));
        page.append("<h2>Summary (measured ticks)</h2><table>");
        row(page, "tick p50 / p99 / max / mean", "%.2f / %.2f / %.2f / %.2f ms", tickMillis.p50(), tickMillis.p99(),
            tickMillis.max(), tickMillis.mean());
        row(page, "total tick time", "%.0f ms", totalTickMillis);
        row(page, "ticks over the budget", "%d of %d", ticksOverBudget, measuredTicks);
        row(page, "phases: boundary / regions / merge / replication", "%.2f / %.2f / %.2f / %.2f ms",
            phasesMillis.boundary(), phasesMillis.regions(), phasesMillis.merge(), phasesMillis.replication());
        row(page, "regions: mean / max", "%.1f / %d", regions.mean(), regions.max());
        row(page, "largest region: mean / max entities, mean time", "%.0f / %d, %.2f ms", largestRegion.entitiesMean(),
            largestRegion.entitiesMax(), largestRegion.millisMean());
        row(page, "active cells, awake entities (means)", "%.0f, %.0f", activeCells.mean(), awakeEntities.mean());
        row(page, "commands, mail (across regions), handovers", "%d, %d (%d), %d", commands, mail, crossRegionMail,
            handovers);
        row(page, "players online at the end, entities", "%d of %d, %d", playersOnlineAtEnd, players, entitiesAtEnd);
        row(page, "heap after warm-up / max seen", "%.1f / %.1f MiB", heapAfterWarmupMiB, heapMaxUsedMiB);
        row(page, "errors", "%d", errors);
        row(page, "state hash", "%s", stateHash);
        row(page, "wall time", "%.1f s", wallSeconds);
        row(page, "machine", "%d cores, %.0f MiB max heap, Java %s, %s, %s", machine.cores(), machine.maxHeapMiB(),
            machine.javaVersion(), machine.os(), machine.gc());
        page.append("</table>");

        page.append("<h2>Tick time (ms)</h2>");
        page.append(chart(List.of(
                series("mean", "#1f77b4", Point::tickMillis),
                series("max", "#d62728", Point::tickMaxMillis)),
            List.of(new SvgChart.Line(String.format(Locale.ROOT, "budget %.0f ms", budgetMillis()), "#d62728", budgetMillis()),
                new SvgChart.Line(String.format(Locale.ROOT, "target %.0f ms", targetMillis()), "#2ca02c", targetMillis()))));
        int ticksPerPoint = TickRecorder.ticksPerPoint(ticks);
        if (ticksPerPoint > 1) {
            page.append(String.format(Locale.ROOT, "<p>Each point covers %d consecutive ticks: their mean and their "
                + "longest.</p>", ticksPerPoint));
        }
        page.append("<h2>Load management</h2><table>");
        row(page, "throttling", "%s", throttle ? "on" : "off (--no-throttle)");
        row(page, "AI evaluations run / deferred / critical", "%d / %d / %d (%.1f %% fewer than without throttling)",
            ai.executed(), ai.deferred(), ai.critical(), ai.reductionPct());
        row(page, "critical work skipped", "%d", criticalSkipped);
        row(page, "NPC strikes on players: landed / dodged", "%d / %d", ai.strikes().landed(), ai.strikes().dodged());
        row(page, "plan: costs, ns per region / player unit at the end, ticks shedding", "%s, %.3f / %.3f, %d",
            plan.costs(), plan.regionNanosPerUnit(), plan.playerNanosPerUnit(), plan.ticksShedding());
        row(page, "time dilation: slowest factor, ticks dilated", "%.2f, %d", dilation.minFactor(),
            dilation.ticksDilated());
        row(page, "physics: bodies stepped, ticks per precision level", "%d, %s", physics.bodiesStepped(),
            physics.precisionLevels());
        row(page, "update latency p50 / p99 (inputs)", "%.2f / %.2f ms (%d)", updateLatencyMillis.p50(),
            updateLatencyMillis.p99(), updateLatencyMillis.samples());
        if (updateLatencyMillis.premium() != null && updateLatencyMillis.standard() != null) {
            row(page, "update latency p99: premium / standard", "%.2f / %.2f ms", updateLatencyMillis.premium().p99(),
                updateLatencyMillis.standard().p99());
        }
        page.append("</table>");
        page.append("<h2>Update latency p99 (ms)</h2>");
        page.append(chart(List.of(series("p99 of the point's inputs", "#1f77b4", Point::updateP99Millis)),
            List.of(new SvgChart.Line(String.format(Locale.ROOT, "target %.0f ms", budgetMillis()), "#d62728",
                budgetMillis()))));
        page.append("<p>From the start of the tick that applied a player's input to the moment the snapshot showing ")
            .append("its effect was encoded; the wait for the next tick is not counted.</p>");
        page.append("<h2>AI evaluations deferred (%)</h2>");
        page.append(chart(List.of(series("deferred", "#ff7f0e", Point::aiDeferredPct)), List.of()));
        page.append("<h2>Time dilation (slowest region)</h2>");
        page.append(chart(List.of(series("factor", "#9467bd", Point::minDilation)),
            List.of(new SvgChart.Line("real time", "#2ca02c", 1))));
        page.append("<h2>Regions</h2>");
        page.append(chart(List.of(series("regions", "#9467bd", Point::regions)), List.of()));
        page.append("<h2>Players online</h2>");
        page.append(chart(List.of(series("players online", "#2ca02c", Point::playersOnline)), List.of()));
        page.append("<h2>Awake entities</h2>");
        page.append(chart(List.of(series("awake entities", "#ff7f0e", Point::awakeEntities)), List.of()));
        page.append("<p>Tick time is the wall time of <code>Simulation.tick</code> on the driver thread; the synthetic ")
            .append("players' own work is outside it. Counts are those of each point's last tick.</p>");
        page.append("</body></html>\n");
        return page.toString();
    }

    private SvgChart.Series series(String label, String colour, ToDoubleFunction<Point> value) {
        double[] x = new double[timeline.size()];
        double[] y = new double[timeline.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = timeline.get(i).tick();
            y[i] = value.applyAsDouble(timeline.get(i));
        }
        return new SvgChart.Series(label, colour, x, y);
    }

    private String chart(List<SvgChart.Series> series, List<SvgChart.Line> lines) {
        return new SvgChart(series, lines, ticks, "ticks", warmupTicks, "warm-up").svg();
    }

    private static void row(StringBuilder page, String name, String format, Object... values) {
        page.append("<tr><th>").append(SvgChart.escape(name)).append("</th><td class=\"n\">")
            .append(SvgChart.escape(String.format(Locale.ROOT, format, values))).append("</td></tr>");
    }
}
