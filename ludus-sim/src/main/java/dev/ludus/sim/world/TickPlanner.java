package dev.ludus.sim.world;

import dev.ludus.sim.schedule.Activity;
import dev.ludus.sim.schedule.Priority;
import dev.ludus.sim.schedule.Scheduler;
import dev.ludus.sim.schedule.SchedulerConfig;
import dev.ludus.sim.schedule.WorkClass;
import dev.ludus.sim.space.RegionMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans each tick's work under its budget (DESIGN.md §5), on the tick thread, between forming the
 * regions and ticking them.
 *
 * <p><b>Tasks.</b> Every region has three kinds of task: CRITICAL (its players' commands, movement and
 * snapshots, the NPCs engaged with them, the movement of its entities), submitted every tick;
 * INTERACTIVE (behaviours of the entities within two cells of a player) and AMBIENT (behaviours of the
 * rest), submitted when the region has none queued. The {@link Scheduler} hands them out in class
 * order, then by priority from the region's session factors (players, activity, premium, waiting age)
 * while the budget lasts; a task it does not hand out stays queued and ages, so the region's
 * INTERACTIVE or AMBIENT behaviours skip this tick and run when the task's turn comes: under load the
 * regions with combat and premium players keep their behaviours and idle regions wait, and nothing
 * waits forever. Each task's cost is predicted in nanoseconds: the work units of the cost model below
 * times the tick's prices per unit ({@link PlanInputs}), and the scheduler learns each region's costs
 * from what its tasks did, priced the same way. The budget, nanoseconds of capacity, is thus compared
 * with predicted time. The prices are the model's own (a unit is a nanosecond) or, with
 * {@link LoadConfig#learnCosts()}, learned by the simulation from the measured phases of past ticks
 * ({@link LearnedCost}); either way every decision follows from the world's state and the tick's
 * {@link PlanInputs}, which the journal records, so a replay makes the same decisions.
 *
 * <p><b>Shedding, in order.</b> Work the scheduler refused is the signal: BACKGROUND goes first (the
 * scheduler serves it last), then the physics precision level rises one step a tick up to 3, then
 * the AI throttle level (non-critical behaviours {@code 2^level} times rarer) up to 3; both fall one
 * step after {@value #CALM_TICKS} ticks in a row with no refusal and a fifth of the budget spare.
 * <b>Time dilation</b> comes last, only when the CRITICAL work alone exceeds the budget: the regions
 * with the most critical work get a factor that brings the total back inside the budget (never below
 * {@link LoadConfig#minDilation()}), which falls at once and recovers by
 * {@link LoadConfig#recoveryPerTick()} a tick. The test counts the critical work in the cost model's
 * units at the prior price (a unit a nanosecond), never at learned prices: dilation does not make a
 * tick cheaper (ticks keep their rate and their work; only simulated time per tick shrinks), so a
 * measured cost cannot fall in answer to it, and priced from measurements it stayed at its floor. Worse,
 * slowed players stay crowded and crowds cost more: at the 5,000-player peak on a busy machine, learned
 * prices kept every tick dilated to 0.1, the largest region grew from 12,100 to 16,800 entities on
 * average and the mean tick from 100 to 115 ms (docs/benchmarks.md §17). Shedding, which does make
 * the tick cheaper, follows the learned prices.
 *
 * <p><b>Cost model</b> (work units, about nanoseconds of one core of the reference machine, from the
 * tick profiles of docs/benchmarks.md §6: replication is 85-90 % of a 5,000-player tick, about 7 µs of
 * CPU per player at ~200 entities in view, and the region phase about 100 ns per awake entity): a player
 * {@value #PLAYER_UNITS} plus {@value #VIEWED_ENTITY_UNITS} per entity in its last snapshot; moving an
 * entity {@value #ENTITY_UNITS}; a behaviour {@value #BEHAVIOUR_UNITS}, an engaged NPC's
 * {@value #CRITICAL_BEHAVIOUR_UNITS} (it queries its neighbours). Player units are priced by the
 * player price, everything else by the region price. Once prices are learned the unit counts are only
 * relative weights within each of the two kinds (docs/benchmarks.md §17 gives the prices measured at a
 * peak).
 *
 * <p>Not thread-safe: the tick thread.
 */
final class TickPlanner {
    static final long PLAYER_UNITS = 2_000;
    static final long VIEWED_ENTITY_UNITS = 25;
    static final long ENTITY_UNITS = 30;
    static final long BEHAVIOUR_UNITS = 100;
    static final long CRITICAL_BEHAVIOUR_UNITS = 500;
    /** Ticks without pressure before a shedding level falls by one. */
    static final int CALM_TICKS = 20;
    static final int MAX_LEVEL = 3;
    private static final int KINDS_PER_REGION = 3;

    private final LoadConfig config;
    private final Scheduler scheduler;
    /** Per kind: the queued task's handle, or -1. */
    private final int[] queued;
    /** Tasks handed out this tick, completed after the region phase. */
    private int[] running = new int[64];
    private int runningCount;
    /** Per region id: its dilation factor, below 1 only. */
    private final Map<Integer, Double> dilation = new HashMap<>();
    private final Map<Integer, Double> nextDilation = new HashMap<>();
    /** The inputs of the tick planned last. */
    private PlanInputs inputs;
    /** The work units the last completed tick did, in the regions and for its players. */
    private long lastRegionUnits;
    private long lastPlayerUnits;
    private int physicsLevel;
    private int aiLevel;
    private int calmTicks;

    // Cumulative statistics.
    private long aiExecuted;
    private long aiDeferred;
    private long aiCritical;
    private long aiCriticalSkipped;
    private long bodiesStepped;
    private long physicsNanos;
    private long ticksDilated;
    private double minFactor = 1;
    private long ticksShedding;
    private double lastMinFactor = 1;

    TickPlanner(LoadConfig config, int cellCount) {
        this.config = config;
        this.inputs = new PlanInputs(config.throttle(), config.budgetUnitsPerTick(), PlanInputs.PRIOR_PICOS_PER_UNIT,
            PlanInputs.PRIOR_PICOS_PER_UNIT);
        int kinds = Math.max(1, cellCount) * KINDS_PER_REGION;
        this.scheduler = Scheduler.create(new SchedulerConfig(Math.min(SchedulerConfig.MAX_SIZE, Math.max(1024, kinds)),
            kinds, SchedulerConfig.DEFAULT_AGING_TICKS, 1_000));
        this.queued = new int[kinds];
        Arrays.fill(queued, -1);
    }

    /**
     * Decides this tick's plan and writes it into the regions' ticks: which of their INTERACTIVE and
     * AMBIENT work runs, the AI throttle level, and the dilation factor (their {@code dtSeconds}).
     *
     * @param playerUnits per region ordinal, the cost of its players this tick
     * @param players     per region ordinal, its players
     * @param activity    per region ordinal, what its players do
     * @param premium     per region ordinal, whether one of them is premium
     * @param inputs      the switch, budget and prices this tick is planned with
     */
    void plan(long tick, RegionMap regions, List<RegionTick> ticks, int regionCount, long[] playerUnits,
              int[] players, Activity[] activity, boolean[] premium, PlanInputs inputs) {
        this.inputs = inputs;
        if (!inputs.throttle()) {
            for (int k = 0; k < regionCount; k++) {
                ticks.get(k).levelOfDetail = false;
            }
            lastMinFactor = 1;
            return;
        }
        scheduler.begin(tick, inputs.budgetNanos());
        long critical = 0;
        long[] criticalOf = new long[regionCount];
        for (int k = 0; k < regionCount; k++) {
            RegionTick region = ticks.get(k);
            region.levelOfDetail = true;
            region.interactiveGranted = false;
            region.ambientGranted = false;
            region.aiThrottleLevel = aiLevel;
            int id = regions.regionId(k);
            int level = Priority.level(players[k], activity[k], premium[k]);
            // Model units at the prior price, whatever the learned prices: see "Time dilation" above.
            criticalOf[k] = playerUnits[k] + (long) region.entities.size() * ENTITY_UNITS;
            critical += criticalOf[k];
            submit(id * KINDS_PER_REGION, WorkClass.CRITICAL, level);
            submit(id * KINDS_PER_REGION + 1, WorkClass.INTERACTIVE, level);
            submit(id * KINDS_PER_REGION + 2, WorkClass.AMBIENT, level);
        }
        runningCount = 0;
        boolean refused = false;
        for (int task; (task = scheduler.next()) != Scheduler.NONE; ) {
            int kind = scheduler.kindOf(task);
            queued[kind] = -1;
            if (runningCount == running.length) {
                running = Arrays.copyOf(running, runningCount * 2);
            }
            running[runningCount++] = task;
            int ordinal = regions.regionOfCell(kind / KINDS_PER_REGION);
            if (ordinal < 0 || regions.regionId(ordinal) != kind / KINDS_PER_REGION) {
                continue;   // the region has changed since the task was queued: nothing to run
            }
            switch (kind % KINDS_PER_REGION) {
                case 1 -> ticks.get(ordinal).interactiveGranted = true;
                case 2 -> ticks.get(ordinal).ambientGranted = true;
                default -> { }
            }
        }
        refused = scheduler.budgetExhausted()
            || scheduler.readyCount(WorkClass.INTERACTIVE) + scheduler.readyCount(WorkClass.AMBIENT) > 0;
        shed(refused);
        dilate(regions, ticks, regionCount, critical, criticalOf);
    }

    private void submit(int kind, WorkClass workClass, int level) {
        if (workClass != WorkClass.CRITICAL && queued[kind] >= 0) {
            return;
        }
        queued[kind] = scheduler.submit(kind, workClass, level);
    }

    private void shed(boolean refused) {
        if (refused) {
            calmTicks = 0;
            ticksShedding++;
            if (physicsLevel < MAX_LEVEL) {
                physicsLevel++;
            } else if (aiLevel < MAX_LEVEL) {
                aiLevel++;
            }
        } else if (scheduler.remainingNanos() > inputs.budgetNanos() / 5 && ++calmTicks >= CALM_TICKS) {
            calmTicks = 0;
            if (aiLevel > 0) {
                aiLevel--;
            } else if (physicsLevel > 0) {
                physicsLevel--;
            }
        }
    }

    /** Dilates the heaviest regions when the critical work alone does not fit; recovers the others. */
    private void dilate(RegionMap regions, List<RegionTick> ticks, int regionCount, long critical, long[] criticalOf) {
        nextDilation.clear();
        double[] target = new double[regionCount];
        Arrays.fill(target, 1.0);
        long excess = critical - inputs.budgetNanos();
        if (excess > 0) {
            // Heaviest first: each takes as much of the excess as its floor allows.
            Integer[] order = new Integer[regionCount];
            for (int k = 0; k < regionCount; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> a.equals(b) ? 0
                : criticalOf[b] != criticalOf[a] ? Long.compare(criticalOf[b], criticalOf[a]) : Integer.compare(a, b));
            for (int i = 0; i < regionCount && excess > 0; i++) {
                int k = order[i];
                double most = criticalOf[k] * (1 - config.minDilation());
                double cut = Math.min(most, excess);
                target[k] = criticalOf[k] == 0 ? 1 : 1 - cut / criticalOf[k];
                excess -= (long) Math.ceil(cut);
            }
        }
        double tickMin = 1;
        for (int k = 0; k < regionCount; k++) {
            int id = regions.regionId(k);
            double current = dilation.getOrDefault(id, 1.0);
            double factor = target[k] < current ? target[k] : Math.min(target[k], current + config.recoveryPerTick());
            factor = Math.max(config.minDilation(), factor);
            if (factor < 1) {
                nextDilation.put(id, factor);
            }
            RegionTick region = ticks.get(k);
            region.dilation = factor;
            tickMin = Math.min(tickMin, factor);
        }
        dilation.clear();
        dilation.putAll(nextDilation);
        lastMinFactor = tickMin;
        if (tickMin < 1) {
            ticksDilated++;
            minFactor = Math.min(minFactor, tickMin);
        }
    }

    /**
     * Completes this tick's tasks with the work their regions did, and adds the regions' behaviour
     * counts to the statistics. After the region phase, on the tick thread.
     */
    void complete(RegionMap regions, List<RegionTick> ticks, int regionCount, long[] playerUnits) {
        lastRegionUnits = 0;
        lastPlayerUnits = 0;
        for (int k = 0; k < regionCount; k++) {
            RegionTick region = ticks.get(k);
            lastPlayerUnits += playerUnits[k];
            lastRegionUnits += (long) region.entities.size() * ENTITY_UNITS + (long) region.aiCritical * CRITICAL_BEHAVIOUR_UNITS
                + (long) region.aiExecuted * BEHAVIOUR_UNITS + region.physicsUnitsNear + region.physicsUnitsFar;
            aiExecuted += region.aiExecuted + region.aiCritical;
            aiDeferred += region.aiDeferred;
            aiCritical += region.aiCritical;
            aiCriticalSkipped += region.aiCriticalSkipped;
            bodiesStepped += region.bodiesStepped;
            physicsNanos += region.physicsNanos;
        }
        if (!inputs.throttle()) {
            return;
        }
        long regionPicos = inputs.regionPicosPerUnit();
        for (int i = 0; i < runningCount; i++) {
            int task = running[i];
            int kind = scheduler.kindOf(task);
            int id = kind / KINDS_PER_REGION;
            int ordinal = regions.regionOfCell(id);
            long nanos = 0;
            if (ordinal >= 0 && regions.regionId(ordinal) == id) {
                RegionTick region = ticks.get(ordinal);
                nanos = switch (kind % KINDS_PER_REGION) {
                    case 0 -> LearnedCost.nanos(playerUnits[ordinal], inputs.playerPicosPerUnit())
                        + LearnedCost.nanos((long) region.entities.size() * ENTITY_UNITS
                        + (long) region.aiCritical * CRITICAL_BEHAVIOUR_UNITS, regionPicos);
                    case 1 -> LearnedCost.nanos((long) region.aiExecutedNear * BEHAVIOUR_UNITS + region.physicsUnitsNear,
                        regionPicos);
                    default -> LearnedCost.nanos((long) (region.aiExecuted - region.aiExecutedNear) * BEHAVIOUR_UNITS
                        + region.physicsUnitsFar, regionPicos);
                };
            }
            scheduler.complete(task, nanos);
        }
        runningCount = 0;
    }

    /** @return the work units of the regions (movement, behaviours, physics) in the last completed tick */
    long lastRegionUnits() {
        return lastRegionUnits;
    }

    /** @return the work units of the players (commands, snapshots) in the last completed tick */
    long lastPlayerUnits() {
        return lastPlayerUnits;
    }

    /** @return the AI throttle level of this tick, 0 (none) to 3 */
    int aiThrottleLevel() {
        return inputs.throttle() ? aiLevel : 0;
    }

    /** @return the smallest region dilation factor of this tick, in (0, 1] */
    double slowestDilation() {
        return lastMinFactor;
    }

    /** @return the physics precision level to step at this tick, 0 (full) to 3 */
    int physicsLevel() {
        return inputs.throttle() ? physicsLevel : 0;
    }

    /** @return the statistics so far */
    LoadStats stats() {
        long deferredTasks = 0;
        for (WorkClass c : WorkClass.values()) {
            if (c != WorkClass.CRITICAL) {
                deferredTasks += scheduler.deferred(c);
            }
        }
        return new LoadStats(aiExecuted, aiDeferred, aiCritical, aiCriticalSkipped + scheduler.criticalSkipped(),
            deferredTasks, physicsLevel(), inputs.throttle() ? aiLevel : 0, lastMinFactor, minFactor, ticksDilated,
            ticksShedding, bodiesStepped, physicsNanos, inputs.regionPicosPerUnit(), inputs.playerPicosPerUnit());
    }
}
