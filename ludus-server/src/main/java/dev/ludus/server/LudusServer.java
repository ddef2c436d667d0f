package dev.ludus.server;

import dev.ludus.arena.ArenaRules;
import dev.ludus.net.Gateway;
import dev.ludus.server.audit.AuditLogException;
import dev.ludus.server.audit.AuditLogWriter;
import dev.ludus.sim.anticheat.DetectorSettings;
import dev.ludus.sim.anticheat.SanctionEnforcer;
import dev.ludus.sim.anticheat.StatisticalDetector;
import dev.ludus.sim.anticheat.Verdict;
import dev.ludus.sim.tick.TickLoop;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.Simulation;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Ludus server: the reference world ticking on its own thread, and the gateway on its
 * port. {@link #start()} once, {@link #close()} once; both from any thread.
 */
public final class LudusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LudusServer.class);
    private static final long STOP_TIMEOUT_MILLIS = 3000;

    private final LudusConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Simulation simulation;
    private final TickLoop tickLoop;
    private final Gateway gateway;
    /** The world's audit log, or null when auditing is off. */
    private final AuditLogWriter audit;
    /** The ledger, or null for a server without one. */
    private final ServerLedger ledger;
    /** Idle activities, or null for a server without a ledger. */
    private final ServerActivities activities;
    /** Session wiring (the parked-player store). */
    private final ServerSessions sessions;
    private Thread tickThread;
    private ScheduledExecutorService statusReporter;
    private InetSocketAddress address;

    /**
     * Builds and populates the world (this takes a moment for large NPC counts) without starting it.
     *
     * @param config the validated configuration
     * @throws ConfigException when the audit log is on and its directory cannot be written (nothing is started)
     */
    public LudusServer(LudusConfig config) {
        this(config, null, Map.of());
    }

    /**
     * Builds the server with its ledger (DESIGN.md §6): the database in {@code dataDir} (H2) or at
     * {@code LUDUS_DB_URL}, the REST API under {@code /v1/} and the players' {@code buy}; and its idle
     * activities on the same database ({@code activity.*} messages, {@code LUDUS_ACTIVITY_TIME_SCALE}).
     *
     * @param config  the validated configuration
     * @param dataDir the data directory for the ledger, or null for a server without a ledger
     * @param env     the environment ({@code LUDUS_DB_*}, {@code LUDUS_ADMIN_KEY}, {@code LUDUS_ACTIVITY_TIME_SCALE})
     * @throws ConfigException when the audit log or the ledger's database cannot be opened (nothing is started)
     */
    public LudusServer(LudusConfig config, Path dataDir, Map<String, String> env) {
        this.config = Objects.requireNonNull(config, "config");
        this.audit = openAudit(config, metrics);
        try {
            this.ledger = dataDir == null ? null : ServerLedger.open(dataDir, env, metrics.registry());
        } catch (ConfigException e) {
            if (audit != null) {
                audit.close();
            }
            throw e;
        }
        try {
            this.activities = ledger == null ? null : ServerActivities.open(dataDir, env, ledger.service(), metrics.registry());
        } catch (ConfigException e) {
            ledger.close();
            if (audit != null) {
                audit.close();
            }
            throw e;
        }
        ArenaRules rules = new ArenaRules(config.arena());
        for (String kind : ArenaRules.worldEventKinds()) {
            FunctionCounter.builder("ludus.world.events", rules, r -> r.worldEventsStarted(kind))
                .description("World events started from player density, by kind").tag("kind", kind)
                .register(metrics.registry());
        }
        this.simulation = new Simulation(config.world(), rules, metrics, config.workers(),
            System::nanoTime);
        // Live mode: the load plan is priced from measured time (load.learn-costs); the audit log records each tick's plan.
        simulation.loadConfig(dev.ludus.sim.world.LoadConfig.defaults(config.world(), config.workers())
            .withLearnedCosts(config.learnCosts()));
        simulation.physicsConfig(config.physics());
        if (audit != null) {
            simulation.journal(audit);
        }
        simulation.actionObserver(new SanctionEnforcer(new StatisticalDetector(DetectorSettings.defaults()
            .withRankBuckets(1)), config.world().tickRateHz(), this::sanction));
        metrics.bind(simulation);
        this.tickLoop = new TickLoop(simulation, new SystemTimeSource(), metrics);
        this.gateway = new Gateway(config.gateway(), config.netcode(), simulation, () -> simulation.completedTicks() > 0,
            metrics::scrape, metrics.registry(), System::nanoTime);
        if (ledger != null) {
            gateway.ledger(ledger.service(), ledger.adminKey());
        }
        if (activities != null) {
            gateway.activities(activities.service());
        }
        try {
            this.sessions = ServerSessions.configure(gateway, env, dataDir);
        } catch (ConfigException e) {
            if (activities != null) {
                activities.close();
            }
            if (ledger != null) {
                ledger.close();
            }
            if (audit != null) {
                audit.close();
            }
            simulation.close();
            throw e;
        }
    }

    /**
     * Carries out the anti-cheat policy (DESIGN.md §4 step 2, docs/operations.md): a flag is logged
     * with its evidence, a kick closes the connection (1008) and removes the player, a shadow-ban
     * leaves the player in the game with attacks that deal no damage. Tick thread. Until a rating
     * service exists every player is in one rank bucket.
     */
    private void sanction(long playerId, Verdict verdict) {
        metrics.sanction(verdict.sanction());
        String evidence = verdict.evidence().stream().filter(e -> e.score() >= 0.01)
            .map(e -> e.feature() + ": " + e.detail()).collect(java.util.stream.Collectors.joining("; "));
        LOG.warn("anti-cheat: player {} {} (score {}): {}", playerId, verdict.sanction().name().toLowerCase(java.util.Locale.ROOT),
            String.format(java.util.Locale.ROOT, "%.4f", verdict.score()), evidence);
        switch (verdict.sanction()) {
            case KICK -> simulation.kick(playerId, "removed by anti-cheat");
            case SHADOW_BAN -> simulation.submit(new Command.ShadowBan(playerId, true));
            default -> { }
        }
    }

    /** Opens the audit log before the world exists, so an unwritable directory stops nothing. */
    private static AuditLogWriter openAudit(LudusConfig config, ServerMetrics metrics) {
        if (!config.audit().enabled()) {
            return null;
        }
        AuditLogWriter writer;
        try {
            writer = AuditLogWriter.open(config.audit(), "serve", config.world(), config.arena(), System.currentTimeMillis());
        } catch (AuditLogException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        FunctionCounter.builder("ludus.audit.entries", writer, AuditLogWriter::entries)
            .description("Entries written to the audit log").register(metrics.registry());
        FunctionCounter.builder("ludus.audit.signed.heads", writer, AuditLogWriter::signedHeads)
            .description("Signed tree heads written to the audit log").register(metrics.registry());
        FunctionCounter.builder("ludus.audit.ticks.dropped", writer, AuditLogWriter::ticksDropped)
            .description("Ticks not in the audit log (its writer fell behind or failed)").register(metrics.registry());
        FunctionCounter.builder("ludus.audit.write.errors", writer, AuditLogWriter::writeErrors)
            .description("Audit log writes that failed (each stops recording)").register(metrics.registry());
        LOG.info("Audit log: {}", writer.path());
        return writer;
    }

    /** @return the audit log's writer, or null when auditing is off */
    public AuditLogWriter audit() {
        return audit;
    }

    /**
     * Starts the tick thread and binds the port.
     *
     * @return the bound address
     * @throws InterruptedException when interrupted while binding
     */
    public InetSocketAddress start() throws InterruptedException {
        tickThread = Thread.ofPlatform().name("ludus-tick").unstarted(tickLoop);
        tickThread.setPriority(Thread.MAX_PRIORITY);
        tickThread.start();
        address = gateway.start();
        if (config.statusIntervalSeconds() > 0) {
            statusReporter = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ludus-status").factory());
            statusReporter.scheduleAtFixedRate(this::logStatus, config.statusIntervalSeconds(),
                config.statusIntervalSeconds(), TimeUnit.SECONDS);
        }
        LOG.info("Ludus listening on ws://{}:{}/ws ({} NPCs, {} Hz, world {} x {} m, AOI {} m)",
            address.getHostString(), address.getPort(), config.arena().npcCount(), config.world().tickRateHz(),
            (long) config.world().widthMetres(), (long) config.world().heightMetres(),
            (long) config.world().aoiRadiusMetres());
        return address;
    }

    /** @return the simulation, for tests and wiring */
    public Simulation simulation() {
        return simulation;
    }

    /** @return the bound address, or null before {@link #start()} */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the Prometheus text that {@code /metrics} serves */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    private void logStatus() {
        var snapshot = metrics.tickDuration().takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile value : snapshot.percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(TimeUnit.MILLISECONDS);
            } else if (value.percentile() == 0.99) {
                p99 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        LOG.info(String.format(java.util.Locale.ROOT,
            "tick %d | players %d | entities %d | connections %d | tick p50 %.2f ms, p99 %.2f ms, max %.2f ms",
            simulation.completedTicks(), simulation.playerCount(), simulation.entityCount(),
            gateway.connectionCount(), p50, p99, snapshot.max(TimeUnit.MILLISECONDS)));
    }

    /** Closes every connection with 1001, stops the tick after its current tick, releases threads. */
    @Override
    public void close() {
        if (statusReporter != null) {
            statusReporter.shutdownNow();
        }
        gateway.stop(STOP_TIMEOUT_MILLIS);
        tickLoop.stop();
        if (tickThread != null) {
            try {
                tickThread.join(STOP_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (audit != null) {
            audit.close();
        }
        if (activities != null) {
            activities.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        sessions.close();
        simulation.close();
        metrics.close();
    }
}
