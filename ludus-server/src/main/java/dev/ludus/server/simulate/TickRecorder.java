package dev.ludus.server.simulate;

import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.TickProfile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what each tick of a run did: the driver's wall time for the tick, the simulation's
 * {@link TickProfile}, its largest region, and the players online. Sums and maxima cover the
 * measured ticks (those from {@code warmupTicks} on); the timeline covers the whole run in at most
 * {@value #MAX_POINTS} points.
 *
 * <p>Not thread-safe: the simulation calls it on the tick thread, and the driver calls
 * {@link #record} on the same thread after each tick.
 */
final class TickRecorder implements SimulationListener {
    /** Most points in the timeline; longer runs group consecutive ticks into one point. */
    static final int MAX_POINTS = 600;
    /** Failures printed in full; the rest are only counted. */
    static final int PRINTED_ERRORS = 5;

    private final int warmupTicks;
    private final long budgetNanos;
    private final PrintStream err;
    private final long[] tickNanos;
    private final int ticksPerPoint;
    private final List<SimulationReport.Point> timeline = new ArrayList<>();

    private TickProfile profile;
    private int largestRegionEntities;
    private long largestRegionNanos;
    private int recorded;
    private long errors;
    /** Update latencies of the measured ticks, nanoseconds: premium players' and standard players'. */
    private long[] premiumLatencies = new long[1024];
    private int premiumCount;
    private long[] standardLatencies = new long[1024];
    private int standardCount;
    /** Rigid bodies stepped in the measured ticks, and since the start as of the last tick recorded. */
    private long measuredBodiesStepped;
    private long lastBodiesStepped;
    /** Measured ticks at each physics precision level. */
    private final long[] precisionTicks = new long[4];
    /** Load counters after the tick being recorded, and as of the last point's end. */
    private LoadStats load = LoadStats.NONE;
    private LoadStats pointStartLoad = LoadStats.NONE;
    private double pointMinDilation = 1;
    /** Update latencies of the current point's ticks. */
    private long[] pointLatencies = new long[256];
    private int pointLatencyCount;

    private long pointNanos;
    private long pointMaxNanos;

    private long measuredNanos;
    private long maxNanos;
    private int overBudget;
    private long regions;
    private int maxRegions;
    private long activeCells;
    private long awake;
    private int maxAwake;
    private long commands;
    private long mail;
    private long crossRegionMail;
    private long handovers;
    private long boundaryNanos;
    private long regionNanos;
    private long mergeNanos;
    private long replicationNanos;
    private long largestEntities;
    private int maxLargestEntities;
    private long largestNanos;

    /**
     * @param ticks       ticks the run will record, {@code >= 1}
     * @param warmupTicks ticks left out of the sums, {@code < ticks}
     * @param budgetNanos a tick's budget (its interval), nanoseconds
     * @param err         where the first failures are printed
     */
    TickRecorder(int ticks, int warmupTicks, long budgetNanos, PrintStream err) {
        this.warmupTicks = warmupTicks;
        this.budgetNanos = budgetNanos;
        this.err = err;
        this.tickNanos = new long[ticks];
        this.ticksPerPoint = ticksPerPoint(ticks);
    }

    /**
     * @param ticks ticks in the run, {@code >= 1}
     * @return consecutive ticks grouped into one timeline point: 1 up to {@value #MAX_POINTS} ticks
     */
    static int ticksPerPoint(int ticks) {
        return (ticks + MAX_POINTS - 1) / MAX_POINTS;
    }

    @Override
    public void onRegionTick(long tick, int regionId, int cells, int entities, long durationNanos) {
        largestRegionEntities = Math.max(largestRegionEntities, entities);
        largestRegionNanos = Math.max(largestRegionNanos, durationNanos);
    }

    @Override
    public void onUpdateLatency(long playerEntityId, boolean premium, long nanos) {
        if (pointLatencyCount == pointLatencies.length) {
            pointLatencies = Arrays.copyOf(pointLatencies, pointLatencyCount * 2);
        }
        pointLatencies[pointLatencyCount++] = nanos;
        if (recorded < warmupTicks) {
            return;
        }
        if (premium) {
            if (premiumCount == premiumLatencies.length) {
                premiumLatencies = Arrays.copyOf(premiumLatencies, premiumCount * 2);
            }
            premiumLatencies[premiumCount++] = nanos;
        } else {
            if (standardCount == standardLatencies.length) {
                standardLatencies = Arrays.copyOf(standardLatencies, standardCount * 2);
            }
            standardLatencies[standardCount++] = nanos;
        }
    }

    /**
     * Gives the load management's counters after the tick about to be {@link #record recorded}.
     *
     * @param stats the simulation's {@link dev.ludus.sim.world.Simulation#loadStats()} after the tick
     */
    void recordLoad(LoadStats stats) {
        load = stats;
    }

    /** @return rigid bodies stepped in the measured ticks */
    long bodiesStepped() {
        return measuredBodiesStepped;
    }

    /** @return measured ticks per physics precision level, "0" to "3" */
    java.util.Map<String, Long> precisionLevels() {
        java.util.Map<String, Long> levels = new java.util.LinkedHashMap<>();
        for (int level = 0; level < precisionTicks.length; level++) {
            levels.put(Integer.toString(level), precisionTicks[level]);
        }
        return levels;
    }

    /** @return the update latencies of the measured ticks, all players and split by premium status */
    SimulationReport.UpdateLatency updateLatency() {
        long[] all = new long[premiumCount + standardCount];
        System.arraycopy(premiumLatencies, 0, all, 0, premiumCount);
        System.arraycopy(standardLatencies, 0, all, premiumCount, standardCount);
        SimulationReport.UpdateLatency premium = premiumCount == 0 ? null
            : latency(Arrays.copyOf(premiumLatencies, premiumCount), null, null);
        SimulationReport.UpdateLatency standard = premiumCount == 0 || standardCount == 0 ? null
            : latency(Arrays.copyOf(standardLatencies, standardCount), null, null);
        return latency(all, premium, standard);
    }

    private static SimulationReport.UpdateLatency latency(long[] nanos, SimulationReport.UpdateLatency premium,
                                                          SimulationReport.UpdateLatency standard) {
        Arrays.sort(nanos);
        return new SimulationReport.UpdateLatency(round(percentile(nanos, 0.50) / 1e6), round(percentile(nanos, 0.99) / 1e6),
            nanos.length, premium, standard);
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void onTickProfile(TickProfile profile) {
        this.profile = profile;
    }

    @Override
    public void onError(String context, Exception error) {
        errors++;
        if (errors <= PRINTED_ERRORS) {
            err.println("simulate: error in " + context + ": " + error);
        } else if (errors == PRINTED_ERRORS + 1) {
            err.println("simulate: more errors; only their count is reported");
        }
    }

    /**
     * Records the tick just run. Ticks are recorded in order, from 0, once each.
     *
     * @param wallNanos     the tick's duration as the driver measured it, nanoseconds
     * @param playersOnline synthetic players online after the tick
     */
    void record(long wallNanos, int playersOnline) {
        int tick = recorded++;
        tickNanos[tick] = wallNanos;
        TickProfile p = profile == null ? new TickProfile(tick, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : profile;
        long stepped = load.bodiesStepped() - lastBodiesStepped;
        lastBodiesStepped = load.bodiesStepped();
        if (tick >= warmupTicks) {
            precisionTicks[Math.clamp(load.physicsLevel(), 0, precisionTicks.length - 1)]++;
            measuredBodiesStepped += stepped;
            measuredNanos += wallNanos;
            maxNanos = Math.max(maxNanos, wallNanos);
            if (wallNanos > budgetNanos) {
                overBudget++;
            }
            regions += p.regions();
            maxRegions = Math.max(maxRegions, p.regions());
            activeCells += p.activeCells();
            awake += p.awakeEntities();
            maxAwake = Math.max(maxAwake, p.awakeEntities());
            commands += p.commands();
            mail += p.mail();
            crossRegionMail += p.crossRegionMail();
            handovers += p.handovers();
            boundaryNanos += p.boundaryNanos();
            regionNanos += p.regionNanos();
            mergeNanos += p.mergeNanos();
            replicationNanos += p.replicationNanos();
            largestEntities += largestRegionEntities;
            maxLargestEntities = Math.max(maxLargestEntities, largestRegionEntities);
            largestNanos += largestRegionNanos;
        }
        int inPoint = tick % ticksPerPoint;
        if (inPoint == 0) {
            pointNanos = 0;
            pointMaxNanos = 0;
        }
        pointNanos += wallNanos;
        pointMaxNanos = Math.max(pointMaxNanos, wallNanos);
        pointMinDilation = Math.min(pointMinDilation, load.dilationNow());
        if (inPoint == ticksPerPoint - 1 || recorded == tickNanos.length) {
            long[] latencies = Arrays.copyOf(pointLatencies, pointLatencyCount);
            Arrays.sort(latencies);
            long executed = load.aiExecuted() - pointStartLoad.aiExecuted();
            long deferred = load.aiDeferred() - pointStartLoad.aiDeferred();
            double deferredPct = executed + deferred == 0 ? 0 : 100.0 * deferred / (executed + deferred);
            timeline.add(new SimulationReport.Point(tick - inPoint, round(millis(pointNanos) / (inPoint + 1)),
                round(millis(pointMaxNanos)), p.regions(), playersOnline, p.awakeEntities(),
                round(percentile(latencies, 0.99) / 1e6), round(deferredPct), pointMinDilation));
            pointLatencyCount = 0;
            pointStartLoad = load;
            pointMinDilation = 1;
        }
        profile = null;
        largestRegionEntities = 0;
        largestRegionNanos = 0;
    }

    /** @return ticks recorded so far */
    int recorded() {
        return recorded;
    }

    /** @return failures reported by the simulation so far */
    long errors() {
        return errors;
    }

    /**
     * The median and 99th percentile of the tick times so far: of the measured ticks once there are
     * some, else of the warm-up ticks. Sorts a copy; for progress lines, not for every tick.
     *
     * @return {p50, p99} in milliseconds, NaN before the first tick
     */
    double[] percentilesSoFarMillis() {
        int from = recorded > warmupTicks ? warmupTicks : 0;
        long[] sorted = Arrays.copyOfRange(tickNanos, from, recorded);
        Arrays.sort(sorted);
        return new double[] {percentileMillis(sorted, 50), percentileMillis(sorted, 99)};
    }

    /**
     * What the measured ticks did, in the units of the report.
     *
     * @param measuredTicks ticks after the warm-up
     * @param tickMillis    their wall times
     * @param totalMillis   the sum of their wall times, ms
     * @param overBudget    how many took longer than the budget
     * @param regions       regions per tick
     * @param activeCells   active cells per tick
     * @param awake         awake entities per tick
     * @param largestRegion the largest region of each tick
     * @param phases        mean phase times, ms
     * @param commands      commands drained, summed
     * @param mail          mail delivered, summed
     * @param crossRegionMail of which crossing regions, summed
     * @param handovers     handovers, summed
     * @param timeline      the whole run, at most {@value #MAX_POINTS} points
     */
    record Summary(int measuredTicks, SimulationReport.TickMillis tickMillis, double totalMillis, int overBudget,
                   SimulationReport.Regions regions, SimulationReport.ActiveCells activeCells,
                   SimulationReport.AwakeEntities awake, SimulationReport.LargestRegion largestRegion,
                   SimulationReport.Phases phases, long commands, long mail, long crossRegionMail, long handovers,
                   List<SimulationReport.Point> timeline) {
    }

    /** @return the summary of the measured ticks; call after the last tick */
    Summary summary() {
        int measured = recorded - warmupTicks;
        long[] sorted = Arrays.copyOfRange(tickNanos, warmupTicks, recorded);
        Arrays.sort(sorted);
        double n = Math.max(1, measured);
        return new Summary(measured,
            new SimulationReport.TickMillis(round(percentileMillis(sorted, 50)), round(percentileMillis(sorted, 99)),
                round(millis(maxNanos)), round(millis(measuredNanos) / n)),
            round(millis(measuredNanos)), overBudget,
            new SimulationReport.Regions(round(regions / n), maxRegions),
            new SimulationReport.ActiveCells(round(activeCells / n)),
            new SimulationReport.AwakeEntities(round(awake / n), maxAwake),
            new SimulationReport.LargestRegion(round(largestEntities / n), maxLargestEntities,
                round(millis(largestNanos) / n)),
            new SimulationReport.Phases(round(millis(boundaryNanos) / n), round(millis(regionNanos) / n),
                round(millis(mergeNanos) / n), round(millis(replicationNanos) / n)),
            commands, mail, crossRegionMail, handovers, List.copyOf(timeline));
    }

    /**
     * Nearest-rank percentile: the smallest tick time such that at least {@code percent} % of the
     * times are at most it, {@code sorted[ceil(percent * n / 100) - 1]}; always an actual tick time,
     * never an interpolation (integer arithmetic, so p99 of 100 ticks is the 99th, not the 100th).
     *
     * @param sorted  tick times, nanoseconds, ascending
     * @param percent 1 to 100
     * @return milliseconds, NaN when {@code sorted} is empty
     */
    static double percentileMillis(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long rank = ((long) percent * sorted.length + 99) / 100;
        return millis(sorted[(int) Math.max(0, rank - 1)]);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Three decimals (a microsecond, for milliseconds): more digits are noise in a report. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
