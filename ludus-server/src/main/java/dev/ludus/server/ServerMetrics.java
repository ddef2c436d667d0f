package dev.ludus.server;

import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.TickProfile;
import dev.ludus.sim.world.LoadStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Micrometer registry, scraped as Prometheus text on {@code /metrics}, and the
 * simulation's listener: tick duration and lateness, time per phase and per region, regions,
 * active cells and awake entities, mail and handovers, entity and player counts, failures, and what
 * load management did (AI evaluations run and deferred, critical work skipped, physics precision level
 * and bodies stepped, AI throttle level, time dilation, update latency by premium status).
 *
 * <p>Tick percentiles (p50, p90, p99) are computed over a sliding window of about
 * {@link #TICK_WINDOW} so that a scrape shows the present, not the whole run.
 */
final class ServerMetrics implements SimulationListener {
    /** Window of the tick-duration percentiles. */
    static final Duration TICK_WINDOW = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);
    /** The last plan's levels, for logging changes only; tick thread. */
    private int lastPhysicsLevel;
    private int lastAiThrottleLevel;
    private boolean lastDilated;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer tickDuration;
    private final Timer tickLateness;
    private final Counter tickErrors;
    private final Timer regionTick;
    private final Counter mail;
    private final Counter crossRegionMail;
    private final Counter handovers;
    /** Per (action, result): created on first use, on the tick thread. */
    private final java.util.Map<String, Counter> actions = new java.util.HashMap<>();
    /** Per sanction: created on first use, on the tick thread. */
    private final java.util.Map<String, Counter> sanctions = new java.util.HashMap<>();
    private final Timer[] phases = new Timer[4];
    /** Update latency, {@code [0]} standard players, {@code [1]} premium. */
    private final Timer[] updateLatency = new Timer[2];
    private volatile Simulation simulation;
    /** Load management's counters as of the last tick: written on the tick thread, read by scrapes. */
    private volatile LoadStats load = LoadStats.NONE;
    private volatile int activeCells;
    private volatile int awakeEntities;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    ServerMetrics() {
        tickDuration = Timer.builder("ludus.tick.duration")
            .description("Time to simulate one tick and hand out its snapshots")
            .publishPercentiles(0.5, 0.9, 0.99)
            .distributionStatisticExpiry(TICK_WINDOW)
            .distributionStatisticBufferLength(3)
            .register(registry);
        tickLateness = Timer.builder("ludus.tick.lateness")
            .description("How long after its scheduled start a tick began")
            .publishPercentiles(0.99)
            .distributionStatisticExpiry(TICK_WINDOW)
            .distributionStatisticBufferLength(3)
            .register(registry);
        tickErrors = Counter.builder("ludus.tick.errors")
            .description("Units of work (commands, behaviours, snapshots) that failed and were skipped")
            .register(registry);
        regionTick = Timer.builder("ludus.region.tick.duration")
            .description("Time one region's share of a tick took on its worker (one sample per region per tick)")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(TICK_WINDOW)
            .distributionStatisticBufferLength(3)
            .register(registry);
        mail = Counter.builder("ludus.mail").description("Mail delivered at tick boundaries").register(registry);
        crossRegionMail = Counter.builder("ludus.mail.cross.region")
            .description("Mail sent to an entity outside the sender's region").register(registry);
        handovers = Counter.builder("ludus.handovers")
            .description("Entities whose move left their region, applied at the tick boundary").register(registry);
        String[] names = {"boundary", "regions", "merge", "replication"};
        for (int i = 0; i < names.length; i++) {
            phases[i] = Timer.builder("ludus.tick.phase.duration").tag("phase", names[i])
                .description("Time of one phase of the tick")
                .publishPercentiles(0.99)
                .distributionStatisticExpiry(TICK_WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);
        }
        String[] tiers = {"standard", "premium"};
        for (int i = 0; i < tiers.length; i++) {
            updateLatency[i] = Timer.builder("ludus.update.latency").tag("tier", tiers[i])
                .description("From the start of the tick that applied a player's input to the moment the snapshot"
                    + " showing its effect was encoded for that player")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(TICK_WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);
        }
        registerLoadMeters();
        Gauge.builder("ludus.cells.active", this, m -> m.activeCells)
            .description("Grid cells inside regions at the last tick; the rest are dormant").register(registry);
        Gauge.builder("ludus.entities.awake", this, m -> m.awakeEntities)
            .description("Entities in active cells at the last tick").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private void registerLoadMeters() {
        String[] results = {"executed", "deferred", "critical"};
        for (String result : results) {
            FunctionCounter.builder("ludus.ai.evaluations", this, m -> switch (result) {
                case "executed" -> m.load.aiExecuted();
                case "deferred" -> m.load.aiDeferred();
                default -> m.load.aiCritical();
            }).tag("result", result)
                .description("NPC behaviour evaluations: executed (critical included), deferred by level of detail"
                    + " or throttling, critical (an NPC engaged with a player)")
                .register(registry);
        }
        FunctionCounter.builder("ludus.scheduler.critical.skipped", this, m -> m.load.criticalSkipped())
            .description("Critical work that was due and did not run; anything above 0 is a bug to report")
            .register(registry);
        FunctionCounter.builder("ludus.scheduler.deferred", this, m -> m.load.deferredTasks())
            .description("Non-critical region tasks (INTERACTIVE, AMBIENT) deferred for lack of budget")
            .register(registry);
        FunctionCounter.builder("ludus.scheduler.shedding.ticks", this, m -> m.load.ticksShedding())
            .description("Ticks in which the scheduler refused work for lack of budget").register(registry);
        Gauge.builder("ludus.physics.level", this, m -> m.load.physicsLevel())
            .description("Physics precision level, 0 (full) to 3 (coarsest)").register(registry);
        FunctionCounter.builder("ludus.physics.bodies.stepped", this, m -> m.load.bodiesStepped())
            .description("Rigid bodies stepped (near players every tick, two cells out less often; far ones sleep)")
            .register(registry);
        Gauge.builder("ludus.ai.throttle.level", this, m -> m.load.aiThrottleLevel())
            .description("AI throttle level, 0 (none) to 3").register(registry);
        Gauge.builder("ludus.dilation.factor", this, m -> m.load.dilationNow())
            .description("Smallest time dilation factor of any region at the last tick, (0, 1]; 1 = real time")
            .register(registry);
        FunctionCounter.builder("ludus.dilation.ticks", this, m -> m.load.ticksDilated())
            .description("Ticks in which some region's simulated time ran slower than wall time").register(registry);
    }

    /** Registers the gauges that read the running simulation. */
    void bind(Simulation simulation) {
        this.simulation = simulation;
        Gauge.builder("ludus.entities", simulation, Simulation::entityCount)
            .description("Live entities in the world").register(registry);
        Gauge.builder("ludus.players", simulation, Simulation::playerCount)
            .description("Players in the world").register(registry);
        Gauge.builder("ludus.tick", simulation, Simulation::completedTicks)
            .description("Ticks completed since start").register(registry);
        Gauge.builder("ludus.inbox.size", simulation, Simulation::inboxSize)
            .description("Commands waiting for the next tick").register(registry);
        Gauge.builder("ludus.regions", simulation, Simulation::regionCount)
            .description("Regions ticked in the last tick").register(registry);
        String strikes = "NPC strikes on players (the reference game's predators): landed took health, dodged found the"
            + " player out of reach or a party gone";
        FunctionCounter.builder("ludus.npc.strikes", simulation, s -> s.actions().strikesLanded()).tag("result", "landed")
            .description(strikes).register(registry);
        FunctionCounter.builder("ludus.npc.strikes", simulation, s -> s.actions().strikesDodged()).tag("result", "dodged")
            .description(strikes).register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    Timer tickDuration() {
        return tickDuration;
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void onTick(long tick, long durationNanos, long lateNanos) {
        tickDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        tickLateness.record(lateNanos, TimeUnit.NANOSECONDS);
        Simulation bound = simulation;
        if (bound != null) {
            load = bound.loadStats();
        }
    }

    @Override
    public void onUpdateLatency(long playerEntityId, boolean premium, long nanos) {
        updateLatency[premium ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onRegionTick(long tick, int regionId, int cells, int entities, long durationNanos) {
        regionTick.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onTickProfile(TickProfile profile) {
        mail.increment(profile.mail());
        crossRegionMail.increment(profile.crossRegionMail());
        handovers.increment(profile.handovers());
        phases[0].record(profile.boundaryNanos(), TimeUnit.NANOSECONDS);
        phases[1].record(profile.regionNanos(), TimeUnit.NANOSECONDS);
        phases[2].record(profile.mergeNanos(), TimeUnit.NANOSECONDS);
        phases[3].record(profile.replicationNanos(), TimeUnit.NANOSECONDS);
        activeCells = profile.activeCells();
        awakeEntities = profile.awakeEntities();
    }

    /**
     * Logs the load planner's decisions at debug when a level changes, or time dilation starts or ends:
     * a line per change rather than per tick (20 a second).
     */
    @Override
    public void onPlan(long tick, dev.ludus.sim.world.PlanInputs inputs, int physicsLevel, int aiThrottleLevel,
                       double slowestDilation) {
        boolean dilated = slowestDilation < 1;
        if (physicsLevel == lastPhysicsLevel && aiThrottleLevel == lastAiThrottleLevel && dilated == lastDilated) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("load plan at tick {}: physics level {} -> {}, AI throttle level {} -> {}, slowest region time {}"
                    + " (budget {} ms; {} / {} ns per region / player work unit)", tick, lastPhysicsLevel, physicsLevel,
                lastAiThrottleLevel, aiThrottleLevel, String.format(java.util.Locale.ROOT, "%.2f", slowestDilation),
                inputs.budgetNanos() / 1_000_000.0, inputs.regionPicosPerUnit() / 1000.0,
                inputs.playerPicosPerUnit() / 1000.0);
        }
        lastPhysicsLevel = physicsLevel;
        lastAiThrottleLevel = aiThrottleLevel;
        lastDilated = dilated;
    }

    /** Counts an anti-cheat sanction carried out. Tick thread. */
    void sanction(dev.ludus.sim.anticheat.Sanction sanction) {
        String name = sanction.name().toLowerCase(java.util.Locale.ROOT);
        sanctions.computeIfAbsent(name, key -> Counter.builder("ludus.anticheat.sanctions")
            .description("Anti-cheat sanctions carried out (flag, kick, shadow_ban)").tag("sanction", name)
            .register(registry)).increment();
    }

    @Override
    public void onActionResult(long playerId, String action, dev.ludus.protocol.ActionReason reason) {
        String result = reason == null ? "accepted" : reason.code();
        if (reason != null && reason.isViolation()) {
            LOG.debug("player {}: {} rejected ({}), counted by the cheat detector", playerId, action, result);
        }
        actions.computeIfAbsent(action + ' ' + result, key -> Counter.builder("ludus.actions")
            .description("Player actions answered, by action and result (accepted or the rejection's reason)")
            .tag("action", action).tag("result", result).register(registry)).increment();
    }

    @Override
    public void onError(String context, Exception error) {
        tickErrors.increment();
        LOG.warn("{} failed; skipped", context, error);
    }

    void close() {
        gcMetrics.close();
        registry.close();
    }
}
