package dev.ludus.server;

import dev.ludus.server.audit.AuditLogException;
import dev.ludus.server.audit.AuditSettings;
import dev.ludus.server.simulate.SimulateConfig;
import dev.ludus.server.simulate.SimulationReport;
import dev.ludus.server.simulate.SimulationRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus simulate}: a world run headless with synthetic players, no network, and its report. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Runs a world headless: the reference game with synthetic players, no network.",
        "Ticks run back to back on a virtual clock. The load is planned from costs learned",
        "from measured time, so under load the plan depends on the machine (the audit log",
        "records it, and replay reproduces it); with --deterministic-plan the same options",
        "give the same final state hash whatever --workers is. Progress is printed every 2 s; then the",
        "JSON report (--json) and an HTML report with charts beside it are written, and the",
        "world's audit log goes to --audit-dir (check it with verify, re-run it with replay).",
        "Exit status: 0 done; 1 the simulation reported errors, or a report could not be",
        "written; 2 bad options, or the audit directory cannot be written."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--players", defaultValue = "1000", description = "synthetic players (default ${DEFAULT-VALUE})")
    int players;

    @Option(names = "--npcs", defaultValue = "10000", description = "NPCs of the reference game (default ${DEFAULT-VALUE})")
    int npcs;

    @Option(names = "--ticks", defaultValue = "1200", description = "ticks to run, 20 per simulated second (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--warmup", paramLabel = "TICKS", defaultValue = "400",
        description = "first ticks left out of the tick figures (the login ramp and the JIT's first compilations); "
            + "heap is measured after them (default ${DEFAULT-VALUE})")
    int warmupTicks;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the world and the players (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--workers", description = "threads that tick regions, 1 to 256 (default: one per available processor)")
    Integer workers;

    @Option(names = "--scenario", defaultValue = "steady", description = "steady, hotspot, influx or peak (default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--world", paramLabel = "METRES", defaultValue = "16000",
        description = "side of the square world, metres (default ${DEFAULT-VALUE})")
    double worldMetres;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "target/simulate/report.json",
        description = "JSON report; the HTML report goes beside it as .html (default ${DEFAULT-VALUE})")
    Path json;

    @Option(names = "--audit-dir", paramLabel = "DIR", defaultValue = "./data/audit",
        description = "where the world's audit log and the signing key go (default ${DEFAULT-VALUE})")
    Path auditDir;

    @Option(names = "--no-audit", description = "write no audit log")
    boolean noAudit;

    @Option(names = "--cheaters", paramLabel = "PCT",
        description = "players fight, and this percentage of them cheat in labelled ways; the report scores the "
            + "cheat detector against the labels (default: no combat)")
    Double cheaters;

    @Option(names = "--no-throttle",
        description = "run every NPC behaviour every tick at full precision and shed nothing, for comparison")
    boolean noThrottle;

    @Option(names = "--deterministic-plan",
        description = "plan the load from the deterministic cost model alone, not from measured costs: decisions "
            + "then depend on the world only, the same on any machine and for any --workers")
    boolean deterministicPlan;

    @Option(names = "--premium", paramLabel = "PCT", defaultValue = "0",
        description = "percentage of players with premium status (default ${DEFAULT-VALUE})")
    double premium;

    @Override
    public Integer call() throws Exception {
        SimulateConfig config;
        try {
            config = SimulateConfig.of(players, npcs, ticks, warmupTicks, seed,
                workers == null ? defaultWorkers() : workers, scenario, worldMetres, json, cheaters == null ? -1 : cheaters)
                .withLoad(!noThrottle, premium).withLearnedCosts(!deterministicPlan);
            if (cheaters != null && cheaters < 0) {
                throw new IllegalArgumentException("--cheaters : " + cheaters + " (expected: a percentage from 0 to 100)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage().split("\n")));
        }
        AuditSettings audit = noAudit ? AuditSettings.DISABLED : AuditSettings.in(auditDir);
        SimulationReport report;
        try {
            report = new SimulationRun(config, audit, System.out, System.err).run();
        } catch (AuditLogException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        return report.errors() == 0 ? 0 : 1;
    }

    /** One worker per core, within the simulation's limit. */
    static int defaultWorkers() {
        return Math.min(SimulateConfig.MAX_WORKERS, Runtime.getRuntime().availableProcessors());
    }
}
