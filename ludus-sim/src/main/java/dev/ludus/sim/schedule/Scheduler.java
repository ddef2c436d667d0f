package dev.ludus.sim.schedule;

/**
 * Orders one tick's units of work: strict {@link WorkClass} order, then {@link Priority} level, then
 * first come first served; holds back work that depends on another kind's work; keeps non-CRITICAL
 * work inside a per-tick budget using cost estimates learned from measured costs; and ages waiting
 * work so nothing starves. Issue 4, DESIGN.md §5.
 *
 * <h2>Use, once per tick</h2>
 * <pre>{@code
 * scheduler.begin(tick, budgetNanos);
 * ... scheduler.submit(kind, workClass, Priority.level(players, activity, premium)) ...
 * for (int task; (task = scheduler.next()) != Scheduler.NONE; ) {
 *     long start = clock.nanoTime();          // the caller's clock: ludus-sim reads none
 *     run(scheduler.kindOf(task));
 *     scheduler.complete(task, clock.nanoTime() - start);
 * }
 * }</pre>
 * A task is an {@code int} handle in {@code [0, capacity)}, valid from {@link #submit} until
 * {@link #complete}, then reused: no object is made per task or per decision.
 *
 * <h2>Queues: O(1) per decision</h2>
 * Each class has a bucket queue of {@value Priority#LEVELS} FIFO lists, one per level, and a
 * {@code long} bitmap of the non-empty ones; the highest non-empty level is
 * {@code 63 - Long.numberOfLeadingZeros(bitmap)}. This is Dial's bucket queue (Dial 1969, CACM 12(11))
 * with the bitmap of the Linux 2.6 "O(1)" scheduler (Molnar 2002: 140 priority lists and
 * {@code sched_find_first_bit}); the lists are a ring indexed by {@code (level - epoch) mod 64}, as a
 * calendar queue's days are a ring of buckets (Brown 1988, CACM 31(10)). Aging needs no per-task work:
 * a task's level is {@code base + (epoch - submitEpoch)} with {@code epoch = tick / agingTicks}, so the
 * ring turns by one bucket per epoch and every queued task rises one level at once; the bitmap is
 * read rotated by the epoch. {@link #submit}, {@link #next} and {@link #complete} are O(1) (a
 * completion also releases the tasks that waited on it, O(1) each); {@link #begin} is O(1) per epoch
 * step. Tasks never move between lists except in whole-list splices.
 *
 * <h2>Aging and promotion: nothing starves</h2>
 * A level stops rising at {@value Priority#MAX_LEVEL}. The tasks that have sat at the top level of
 * AMBIENT or BACKGROUND for one whole aging step move, as one list, to the top level of the class above
 * (behind the tasks already there); INTERACTIVE and CRITICAL keep theirs, oldest first. This is the
 * multi-level feedback queue's priority boost (Corbató et al. 1962; Arpaci-Dusseau, <i>Operating
 * Systems: Three Easy Pieces</i>, ch. 8, rule 5), bounded: work is never promoted into CRITICAL. So a
 * BACKGROUND task of base level {@code b} is at the top of INTERACTIVE at most
 * {@code (65 - b) * agingTicks} ticks after it was submitted (63 - b steps to the top level, one to
 * AMBIENT, one to INTERACTIVE), ahead of all fresh non-CRITICAL work (whose base levels are at most
 * {@value Priority#MAX_BASE_LEVEL}), and the budget exception below lets the head of that list run.
 * When the system is so overloaded that INTERACTIVE work itself reaches the top level, the top list
 * is served first come first served at one task a tick or more, so the wait grows by the tasks that
 * reached it first.
 *
 * <h2>Budget</h2>
 * {@link #begin} sets the tick's budget. {@link #next} charges the estimate of the task it hands out
 * and {@link #complete} replaces the estimate by the measured cost. A non-CRITICAL task whose
 * estimate exceeds what remains is not handed out: {@link #next} returns {@link #NONE}, and no further
 * non-CRITICAL task is handed out this tick (later ones would jump the strict order); it stays queued
 * with its age and is counted as deferred when the next tick begins. One exception keeps progress
 * certain: if no non-CRITICAL task has run this tick yet, the head task at the top level
 * {@value Priority#MAX_LEVEL} runs anyway. CRITICAL tasks always run; what any task spends past the
 * budget is counted in {@link #overrunNanos()}.
 *
 * <h2>Costs</h2>
 * Each kind's estimate is the exponentially weighted moving average of its measured costs,
 * {@code est += (measured - est) / 8}, i.e. {@code alpha = 1/8}, the smoothing of TCP's round-trip
 * time estimator (Jacobson 1988; RFC 6298 §2); the first measurement replaces the initial estimate, as
 * RFC 6298 §2.2 does. After {@code k} equal measurements the error is at most {@code (7/8)^k} of the
 * first error, plus 8 ns of integer rounding.
 *
 * <h2>Dependencies</h2>
 * {@link #dependsOn}{@code (ai12, physics12)} makes every task of kind {@code ai12} wait until a task
 * of kind {@code physics12} has completed in the same tick, with no other {@code physics12} task
 * outstanding. A waiting task not released by the end of its tick waits on (and is counted as
 * deferred) until its prerequisites complete in a later tick, so submit the prerequisite every tick
 * the dependant is submitted.
 *
 * <h2>Threads</h2>
 * Not thread-safe and not meant to be: one tick thread owns a scheduler (DESIGN.md §2, one writer per
 * piece of state). It reads no clock; the caller measures and passes nanoseconds.
 */
public sealed interface Scheduler permits BucketScheduler {
    /** What {@link #next} returns when no task may run now. */
    int NONE = -1;

    /**
     * @param config sizes and constants
     * @return an empty scheduler with all its memory allocated
     */
    static Scheduler create(SchedulerConfig config) {
        return new BucketScheduler(config);
    }

    /**
     * Declares that tasks of kind {@code kind} wait each tick for the completion of kind
     * {@code prerequisite}. Meant for set-up; O(number of kinds) to check for a cycle.
     *
     * @param kind the dependant kind, in {@code [0, kinds)}
     * @param prerequisite the kind it waits for, in {@code [0, kinds)}
     * @throws IllegalArgumentException when a kind is out of range, the two are equal, the pair is
     *     already declared, or the declaration would close a cycle
     * @throws IllegalStateException when tasks are held (declare dependencies before the first submit)
     */
    void dependsOn(int kind, int prerequisite);

    /**
     * Starts a tick: counts what the last tick left undone as deferred (or, for CRITICAL, as
     * skipped), ages the queues, and sets the budget.
     *
     * @param tick the tick number, greater than the last one given (the first may be any value {@code >= 0})
     * @param budgetNanos the time the tick may spend on the work of this scheduler, {@code >= 0}
     * @throws IllegalArgumentException when the tick does not move forward or the budget is negative
     */
    void begin(long tick, long budgetNanos);

    /**
     * Queues a task for this tick, behind the tasks of the same class and level already queued.
     *
     * @param kind the task's kind, in {@code [0, kinds)}
     * @param workClass its class
     * @param baseLevel its priority level, in {@code [0, 63]}, usually from {@link Priority#level}
     * @return the task's handle, in {@code [0, capacity)}
     * @throws IllegalArgumentException when {@code kind} or {@code baseLevel} is out of range
     * @throws IllegalStateException before the first {@link #begin} or when {@code capacity} tasks are held
     */
    int submit(int kind, WorkClass workClass, int baseLevel);

    /**
     * Hands out the next task: the oldest task of the highest level of the first class with a ready
     * task, if the budget allows it (see the type's description).
     *
     * @return the task's handle, to be passed to {@link #complete}, or {@link #NONE}
     */
    int next();

    /**
     * Ends a task handed out by {@link #next}: charges its measured cost to the budget, learns it
     * for the task's kind, releases the tasks that waited on the kind, and frees the handle.
     *
     * @param task a handle returned by {@link #next} and not yet completed
     * @param measuredNanos what the task took, {@code >= 0}
     * @throws IllegalArgumentException when the task is not running or the cost is negative
     */
    void complete(int task, long measuredNanos);

    /**
     * @param task a held task's handle
     * @return its kind
     * @throws IllegalArgumentException when no task is held under the handle
     */
    int kindOf(int task);

    /**
     * @param task a held task's handle
     * @return the class it was submitted with (promotion by aging does not change it)
     * @throws IllegalArgumentException when no task is held under the handle
     */
    WorkClass classOf(int task);

    /**
     * @param kind a kind, in {@code [0, kinds)}
     * @return its learned cost estimate in nanoseconds, or the initial estimate before any measurement
     */
    long costEstimateNanos(int kind);

    /** @return budget left in this tick, in nanoseconds; negative once overrun */
    long remainingNanos();

    /** @return whether {@link #next} has refused non-CRITICAL work for the rest of this tick */
    boolean budgetExhausted();

    /** @return tasks held: waiting, ready or handed out */
    int size();

    /**
     * @param workClass a class
     * @return tasks of the class ready to run now (a promoted task counts in its new class)
     */
    int readyCount(WorkClass workClass);

    /** @return tasks waiting for a prerequisite kind */
    int waitingCount();

    /**
     * @param workClass a class
     * @return tasks completed since creation that ran from this class's queue
     */
    long executed(WorkClass workClass);

    /**
     * @param workClass a class other than CRITICAL (for which this is always 0; see {@link #criticalSkipped})
     * @return task-ticks deferred since creation: each tick start adds the tasks of the class still
     *     queued or waiting from earlier ticks
     */
    long deferred(WorkClass workClass);

    /** @return CRITICAL task-ticks left undone at a tick's end; 0 unless the caller stopped calling {@link #next} */
    long criticalSkipped();

    /** @return nanoseconds spent past the budgets, summed over ticks, this one included */
    long overrunNanos();
}
