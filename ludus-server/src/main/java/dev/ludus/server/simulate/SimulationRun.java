package dev.ludus.server.simulate;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.sim.anticheat.DetectorSettings;
import dev.ludus.sim.anticheat.SanctionEnforcer;
import dev.ludus.sim.anticheat.StatisticalDetector;
import dev.ludus.arena.ArenaRules;
import dev.ludus.server.audit.AuditLogException;
import dev.ludus.server.audit.AuditLogWriter;
import dev.ludus.server.audit.AuditSettings;
import dev.ludus.sim.world.LoadConfig;
import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.SyntheticPlayers;
import dev.ludus.testkit.VirtualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs a world headless: the reference game ({@link ArenaRules}) with synthetic players
 * ({@link SyntheticPlayers}), no network, as fast as the machine goes, then writes the JSON and
 * HTML reports.
 *
 * <p>Each tick: the players submit their commands, then {@link Simulation#tick} runs with the time
 * of a {@link VirtualClock} that advances one tick interval (50 ms) per tick. Only the measurements
 * read the system clock ({@link System#nanoTime()} around each tick, and the simulation's own phase
 * timings, from which the planner learns the price of work when {@link SimulateConfig#learnCosts()}), so
 * with the deterministic cost model the world's state after N ticks is the same for the same
 * configuration whatever the number of workers or the speed of the machine; with learned costs the
 * load plan depends on the machine, and the audit log records each tick's plan so that a replay
 * reproduces the run.
 *
 * <p>Heap: at the end of the warm-up the run calls {@link System#gc()} once and reads the heap in use
 * from the {@link MemoryMXBean}; it reads it again at every progress line and at the end for the
 * largest figure. A progress line goes to {@code out} about every {@value #PROGRESS_INTERVAL_SECONDS} s
 * of wall time and after the last tick; the first few failures the simulation reports go to {@code err}.
 *
 * <p>Not thread-safe; each instance runs once.
 */
public final class SimulationRun {
    /** Seconds of wall time between progress lines. */
    public static final int PROGRESS_INTERVAL_SECONDS = 2;
    private static final double MIB = 1024.0 * 1024.0;

    private final SimulateConfig config;
    private final AuditSettings audit;
    private final PrintStream out;
    private final PrintStream err;
    private final long progressIntervalNanos;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /**
     * @param config what to run
     * @param out    where progress lines and the summary go (standard output for the CLI)
     * @param err    where failures go (standard error for the CLI)
     */
    public SimulationRun(SimulateConfig config, PrintStream out, PrintStream err) {
        this(config, AuditSettings.DISABLED, out, err);
    }

    /**
     * @param config what to run
     * @param audit  where the run's audit log goes (docs/audit-log.md), or {@link AuditSettings#DISABLED}
     * @param out    where progress lines and the summary go (standard output for the CLI)
     * @param err    where failures go (standard error for the CLI)
     */
    public SimulationRun(SimulateConfig config, AuditSettings audit, PrintStream out, PrintStream err) {
        this(config, audit, out, err, PROGRESS_INTERVAL_SECONDS * 1_000_000_000L);
    }

    SimulationRun(SimulateConfig config, PrintStream out, PrintStream err, long progressIntervalNanos) {
        this(config, AuditSettings.DISABLED, out, err, progressIntervalNanos);
    }

    SimulationRun(SimulateConfig config, AuditSettings audit, PrintStream out, PrintStream err,
                  long progressIntervalNanos) {
        this.config = Objects.requireNonNull(config, "config");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.progressIntervalNanos = progressIntervalNanos;
    }

    /**
     * Builds the world, runs every tick, and writes the reports to {@link SimulateConfig#jsonReport()}
     * and {@link SimulateConfig#htmlReport()}.
     *
     * @return the report
     * @throws IOException when the report's directory cannot be created (checked before the world is
     *     built) or a report cannot be written
     * @throws AuditLogException when auditing is on and the audit directory cannot be written (checked
     *     before the world is built)
     */
    public SimulationReport run() throws IOException {
        long startNanos = System.nanoTime();
        Path dir = config.jsonReport().toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        WorldConfig world = config.world();
        out.printf(Locale.ROOT, "simulate: %d players (%s), %d NPCs, world %.0f x %.0f m, %d ticks at %d Hz "
                + "(warm-up %d), workers %d, seed %d%n", config.players(), config.scenario().cliName(), config.npcs(),
            config.worldMetres(), config.worldMetres(), config.ticks(), world.tickRateHz(), config.warmupTicks(),
            config.workers(), config.seed());
        ArenaConfig arena = ArenaConfig.DEFAULTS.withNpcCount(config.npcs());
        AuditLogWriter writer = audit.enabled()
            ? AuditLogWriter.open(audit, "simulate", world, arena, System.currentTimeMillis()) : null;
        TickRecorder recorder = new TickRecorder(config.ticks(), config.warmupTicks(), world.tickIntervalNanos(), err);
        VirtualClock clock = new VirtualClock();
        double heapAfterWarmup = Double.NaN;
        double heapMax = 0;
        SyntheticPlayers players;
        CheaterTally tally = null;
        SanctionEnforcer enforcer = null;
        long stateHash;
        int entitiesAtEnd;
        SimulationReport.Strikes strikes;
        ArenaRules rules = new ArenaRules(arena);
        java.util.Map<String, Long> worldEvents;
        LoadStats load;
        try (writer; Simulation simulation = new Simulation(world, rules, recorder, config.workers(),
                System::nanoTime)) {
            if (writer != null) {
                simulation.journal(writer);
            }
            simulation.loadConfig(LoadConfig.defaults(world, config.workers()).withThrottle(config.throttle())
                .withLearnedCosts(config.learnCosts()));
            players = new SyntheticPlayers(world, config.scenario(), config.players(), config.seed(),
                config.combat() ? config.cheaterPercent() / 100 : -1).premium(config.premiumPercent() / 100);
            if (config.combat()) {
                players.map(simulation.world().obstacles());
                StatisticalDetector detector = new StatisticalDetector(DetectorSettings.defaults()
                    .withRankBuckets(SyntheticPlayers.RANK_BUCKETS));
                tally = new CheaterTally(detector);
                enforcer = new SanctionEnforcer(detector, world.tickRateHz(), tally);
                simulation.actionObserver(enforcer);
            }
            long runStartNanos = System.nanoTime();
            long nextProgress = runStartNanos + progressIntervalNanos;
            for (int tick = 0; tick < config.ticks(); tick++) {
                if (tick == config.warmupTicks()) {
                    System.gc();
                    heapAfterWarmup = usedHeapMiB();
                    heapMax = Math.max(heapMax, heapAfterWarmup);
                }
                players.tick(simulation);
                long begin = System.nanoTime();
                simulation.tick(clock.epochMillis());
                long took = System.nanoTime() - begin;
                clock.advanceNanos(world.tickIntervalNanos());
                recorder.recordLoad(simulation.loadStats());
                recorder.record(took, players.online());
                long now = System.nanoTime();
                if (now >= nextProgress && tick + 1 < config.ticks()) {
                    heapMax = Math.max(heapMax, usedHeapMiB());
                    progress(recorder, players, simulation, now - runStartNanos);
                    nextProgress = now + progressIntervalNanos;
                }
            }
            heapMax = Math.max(heapMax, usedHeapMiB());
            progress(recorder, players, simulation, System.nanoTime() - runStartNanos);
            if (enforcer != null) {
                enforcer.reviewAll();
            }
            stateHash = simulation.stateHash();
            load = simulation.loadStats();
            worldEvents = rules.worldEventsSpawned();
            entitiesAtEnd = simulation.entityCount();
            strikes = new SimulationReport.Strikes(simulation.actions().strikesLanded(), simulation.actions().strikesDodged());
        }
        TickRecorder.Summary summary = recorder.summary();
        SyntheticPlayers.Counts counts = players.counts();
        SimulationReport report = new SimulationReport(config.seed(), config.workers(), config.ticks(),
            config.warmupTicks(), summary.measuredTicks(), config.players(), config.npcs(), config.scenario().cliName(),
            config.worldMetres(), summary.tickMillis(), summary.totalMillis(), summary.overBudget(),
            String.format("%016x", stateHash), summary.regions(), summary.activeCells(), summary.awake(),
            summary.largestRegion(), summary.crossRegionMail(), summary.mail(), summary.handovers(), summary.commands(),
            new SimulationReport.PlayerCommands(counts.joins(), counts.moves(), counts.leaves(), counts.refusedJoins()),
            summary.phases(), heapAfterWarmup, heapMax, players.online(), entitiesAtEnd, recorder.errors(),
            TickRecorder.round((System.nanoTime() - startNanos) / 1e9), machine(), summary.timeline(),
            writer == null ? null : new SimulationReport.Audit(writer.path().toString(), writer.entries(),
                writer.signedHeads(), writer.ticksDropped()),
            tally == null ? null : tally.score(players.labels()),
            new SimulationReport.WorldEvents(worldEvents.values().stream().mapToLong(Long::longValue).sum(), worldEvents),
            config.throttle(), ai(load, strikes), load.criticalSkipped(),
            new SimulationReport.Physics(recorder.bodiesStepped(), recorder.precisionLevels()),
            new SimulationReport.Dilation(load.minDilation(), load.ticksDilated()), recorder.updateLatency(),
            new SimulationReport.Plan(config.learnCosts() ? "learned" : "model", load.regionPicosPerUnit() / 1000.0,
                load.playerPicosPerUnit() / 1000.0, load.ticksShedding()));
        report.write(config.jsonReport(), config.htmlReport());
        out.println(report.summaryText());
        out.println("report: " + config.jsonReport().toAbsolutePath() + " and " + config.htmlReport().getFileName());
        if (writer != null) {
            out.println("audit log: " + writer.path() + " (" + writer.entries() + " entries, " + writer.signedHeads()
                + " signed heads" + (writer.ticksDropped() > 0 ? ", " + writer.ticksDropped() + " ticks not recorded" : "")
                + "); check it with ./ludus verify, re-run it with ./ludus replay");
        }
        return report;
    }

    private void progress(TickRecorder recorder, SyntheticPlayers players, Simulation simulation, long elapsedNanos) {
        int done = recorder.recorded();
        double[] percentiles = recorder.percentilesSoFarMillis();
        out.printf(Locale.ROOT, "  tick %d/%d %3.0f%%  online %d  regions %d  tick p50 %.2f ms p99 %.2f ms%s  %.0f ticks/s%n",
            done, config.ticks(), 100.0 * done / config.ticks(), players.online(), simulation.regionCount(),
            percentiles[0], percentiles[1], done <= config.warmupTicks() ? " (warm-up)" : "",
            done / Math.max(1e-9, elapsedNanos / 1e9));
    }

    private static SimulationReport.Ai ai(LoadStats load, SimulationReport.Strikes strikes) {
        long all = load.aiExecuted() + load.aiDeferred();
        return new SimulationReport.Ai(load.aiExecuted(), load.aiDeferred(), load.aiCritical(),
            all == 0 ? 0 : TickRecorder.round(100.0 * load.aiDeferred() / all), strikes);
    }

    private double usedHeapMiB() {
        return Math.round(memory.getHeapMemoryUsage().getUsed() / MIB * 10) / 10.0;
    }

    private static SimulationReport.Machine machine() {
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
        return new SimulationReport.Machine(Runtime.getRuntime().availableProcessors(),
            Math.round(Runtime.getRuntime().maxMemory() / MIB), Runtime.version().toString(),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            gc);
    }
}
