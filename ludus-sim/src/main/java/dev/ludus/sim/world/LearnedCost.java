package dev.ludus.sim.world;

/**
 * The learned price of one work unit of {@link TickPlanner}'s cost model, in picoseconds of tick
 * capacity: what the model's units turn out to cost on this machine, under this load, measured from
 * whole phases of real ticks. The planner multiplies its unit counts by it, so the budget (nanoseconds
 * of capacity) is compared with predicted time rather than with a count of nominal work.
 *
 * <p><b>Estimate.</b> An exponentially weighted moving average of the per-sample price
 * {@code measuredNanos * 1000 / units}, {@code est += (sample - est) / 8}: alpha 1/8, the smoothing of
 * TCP's round-trip time estimator (Jacobson 1988; RFC 6298 §2), also the scheduler's per-kind
 * smoothing; the first sample replaces the prior, as RFC 6298 §2.2 does, within the bound below.
 * Integer arithmetic, so the same samples always give the same estimate.
 *
 * <p><b>Outliers.</b> One sample moves the estimate by at most a factor
 * {@value #MAX_STEP_FACTOR} before smoothing: it is clamped to {@code [est / 4, est * 4]}, so a
 * garbage-collection pause or a preemption of the whole process lifts the estimate by at most
 * {@code 3/8} of itself in a tick, while a lasting change of load is still followed geometrically
 * (an estimate 100 times too low catches up in about 25 ticks, 1.2 s at 20 Hz). The estimate always stays in
 * {@code [}{@value #MIN_PICOS_PER_UNIT}{@code , }{@value #MAX_PICOS_PER_UNIT}{@code ]} ps per unit
 * (1/100 to 1,000 times the prior).
 *
 * <p><b>Prior and fallback.</b> Before its first sample the estimate is the prior
 * ({@link #PRIOR_PICOS_PER_UNIT}: the model's units were calibrated as about a nanosecond of one core,
 * docs/benchmarks.md §6). A sample over fewer than {@value #MIN_UNITS} units, or with no measured time
 * (a simulation given no clock), is not learned: a phase that small is dominated by fixed costs the
 * model does not count, and a missing clock must not drive the price to zero. {@link #reset()}
 * returns to the prior.
 *
 * <p>Not thread-safe: the tick thread.
 */
final class LearnedCost {
    /** The cost model's own price of a unit, picoseconds: one nanosecond. */
    static final long PRIOR_PICOS_PER_UNIT = 1_000;
    /** Lowest estimate, picoseconds per unit. */
    static final long MIN_PICOS_PER_UNIT = 10;
    /** Highest estimate, picoseconds per unit. */
    static final long MAX_PICOS_PER_UNIT = 1_000_000;
    /** Fewest units a sample must cover to be learned: 10 µs of work at the prior, five idle players' snapshots. */
    static final long MIN_UNITS = 10_000;
    /** Most a sample may differ from the estimate, as a factor either way, before smoothing. */
    static final int MAX_STEP_FACTOR = 4;
    private static final int DIVISOR = 8;

    private final long priorPicosPerUnit;
    private long picosPerUnit;
    private long samples;

    /**
     * @param priorPicosPerUnit the estimate before any sample, in
     *                          {@code [MIN_PICOS_PER_UNIT, MAX_PICOS_PER_UNIT]}
     * @throws IllegalArgumentException when the prior is out of range
     */
    LearnedCost(long priorPicosPerUnit) {
        if (priorPicosPerUnit < MIN_PICOS_PER_UNIT || priorPicosPerUnit > MAX_PICOS_PER_UNIT) {
            throw new IllegalArgumentException("priorPicosPerUnit : " + priorPicosPerUnit + " (expected: in ["
                + MIN_PICOS_PER_UNIT + ", " + MAX_PICOS_PER_UNIT + "])");
        }
        this.priorPicosPerUnit = priorPicosPerUnit;
        this.picosPerUnit = priorPicosPerUnit;
    }

    /**
     * Learns one measurement: {@code measuredNanos} of capacity spent on {@code units} units of the
     * model. Ignored when {@code units < MIN_UNITS} or {@code measuredNanos <= 0}.
     *
     * @param measuredNanos what the work took, nanoseconds of capacity
     * @param units         the model's units for that work, {@code >= 0}
     * @return whether the sample was learned
     */
    boolean sample(long measuredNanos, long units) {
        if (units < MIN_UNITS || measuredNanos <= 0) {
            return false;
        }
        long price = measuredNanos > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : measuredNanos * 1000 / units;
        long sample = Math.clamp(price, picosPerUnit / MAX_STEP_FACTOR, picosPerUnit * MAX_STEP_FACTOR);
        long next = samples == 0 ? sample : picosPerUnit + (sample - picosPerUnit) / DIVISOR;
        picosPerUnit = Math.clamp(next, MIN_PICOS_PER_UNIT, MAX_PICOS_PER_UNIT);
        samples++;
        return true;
    }

    /** @return the estimate, picoseconds per unit, in {@code [MIN_PICOS_PER_UNIT, MAX_PICOS_PER_UNIT]} */
    long picosPerUnit() {
        return picosPerUnit;
    }

    /** @return samples learned since creation or the last {@link #reset()} */
    long samples() {
        return samples;
    }

    /** Forgets every sample: the estimate is the prior again. */
    void reset() {
        picosPerUnit = priorPicosPerUnit;
        samples = 0;
    }

    /**
     * @param units        work units
     * @param picosPerUnit their price
     * @return the units' predicted nanoseconds, rounded down; saturates at {@code Long.MAX_VALUE}
     */
    static long nanos(long units, long picosPerUnit) {
        return units > Long.MAX_VALUE / Math.max(1, picosPerUnit) ? Long.MAX_VALUE : units * picosPerUnit / 1000;
    }
}
