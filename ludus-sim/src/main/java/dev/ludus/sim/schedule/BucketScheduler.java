package dev.ludus.sim.schedule;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link Scheduler}: per class a ring of {@value Priority#LEVELS} intrusive FIFO lists of task
 * handles with a bitmap of the non-empty ones. All state is in primitive arrays sized at construction.
 */
final class BucketScheduler implements Scheduler {
    private static final int CLASSES = 4;
    private static final int CRITICAL = 0;
    private static final int INTERACTIVE = 1;
    private static final int AMBIENT = 2;
    private static final int BACKGROUND = 3;
    private static final int RING_MASK = Priority.MAX_LEVEL;
    /** Epoch steps after which every queued task sits in its class's top list (64 levels + 2 promotions). */
    private static final int STEPS_TO_SETTLE = Priority.LEVELS + 2;
    /** Cost smoothing: {@code est += (measured - est) / COST_DIVISOR}, alpha = 1/8 (RFC 6298 §2.3). */
    private static final int COST_DIVISOR = 8;

    private static final byte FREE = 0;
    private static final byte WAITING = 1;
    private static final byte READY = 2;
    private static final byte RUNNING = 3;

    private final int capacity;
    private final int kinds;
    private final int agingTicks;

    // Per task handle.
    private final int[] taskKind;
    private final byte[] taskClass;
    private final byte[] ranFromClass;
    private final byte[] state;
    private final byte[] baseLevel;
    private final long[] submitEpoch;
    private final long[] reservedNanos;
    /** Link to the next task in the task's list: ready list, waiting list or free list; -1 ends it. */
    private final int[] nextTask;
    private int freeHead;
    private int size;

    // Per class and ring slot: index class * LEVELS + slot.
    private final int[] head = new int[CLASSES * Priority.LEVELS];
    private final int[] tail = new int[CLASSES * Priority.LEVELS];
    private final int[] count = new int[CLASSES * Priority.LEVELS];
    private final long[] bitmap = new long[CLASSES];
    private final int[] ready = new int[CLASSES];
    private final int[] waiting = new int[CLASSES];

    // Per kind.
    private final long[] costNanos;
    private final boolean[] measured;
    private final int[] outstanding;
    private final int[] prerequisiteCount;
    private final int[][] prerequisites;
    private final int[][] dependants;
    private final int[] unmet;
    private final long[] unmetTick;
    private final long[] doneTick;
    private final int[] waitHead;
    private final int[] waitTail;

    private boolean started;
    private long tick;
    private long epoch;
    private long remainingNanos;
    private boolean exhausted;
    private boolean nonCriticalRan;

    private final long[] executed = new long[CLASSES];
    private final long[] deferred = new long[CLASSES];
    private long criticalSkipped;
    private long pastOverrunNanos;

    BucketScheduler(SchedulerConfig config) {
        Objects.requireNonNull(config, "config");
        capacity = config.capacity();
        kinds = config.kinds();
        agingTicks = config.agingTicks();
        taskKind = new int[capacity];
        taskClass = new byte[capacity];
        ranFromClass = new byte[capacity];
        state = new byte[capacity];
        baseLevel = new byte[capacity];
        submitEpoch = new long[capacity];
        reservedNanos = new long[capacity];
        nextTask = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            nextTask[i] = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = 0;
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
        costNanos = new long[kinds];
        Arrays.fill(costNanos, config.initialCostNanos());
        measured = new boolean[kinds];
        outstanding = new int[kinds];
        prerequisiteCount = new int[kinds];
        prerequisites = new int[kinds][];
        dependants = new int[kinds][];
        Arrays.fill(prerequisites, new int[0]);
        Arrays.fill(dependants, new int[0]);
        unmet = new int[kinds];
        unmetTick = new long[kinds];
        doneTick = new long[kinds];
        Arrays.fill(unmetTick, Long.MIN_VALUE);
        Arrays.fill(doneTick, Long.MIN_VALUE);
        waitHead = new int[kinds];
        waitTail = new int[kinds];
        Arrays.fill(waitHead, -1);
        Arrays.fill(waitTail, -1);
    }

    @Override
    public void dependsOn(int kind, int prerequisite) {
        checkKind("kind", kind);
        checkKind("prerequisite", prerequisite);
        if (size != 0) {
            throw new IllegalStateException("size : " + size + " (expected: 0 when declaring dependencies)");
        }
        if (kind == prerequisite) {
            throw new IllegalArgumentException("prerequisite : " + prerequisite + " (expected: not the kind itself)");
        }
        for (int p : prerequisites[kind]) {
            if (p == prerequisite) {
                throw new IllegalArgumentException(
                        "prerequisite : " + prerequisite + " (expected: not already declared for kind " + kind + ")");
            }
        }
        if (reaches(prerequisite, kind)) {
            throw new IllegalArgumentException("prerequisite : " + prerequisite
                    + " (expected: a kind that does not itself wait, directly or not, for kind " + kind + ")");
        }
        prerequisites[kind] = append(prerequisites[kind], prerequisite);
        dependants[prerequisite] = append(dependants[prerequisite], kind);
        prerequisiteCount[kind]++;
        unmetTick[kind] = Long.MIN_VALUE;
    }

    /** Whether {@code target} is {@code from} or one of its prerequisites, at any depth (depth-first search). */
    private boolean reaches(int from, int target) {
        boolean[] seen = new boolean[kinds];
        int[] stack = new int[kinds];
        int top = 0;
        stack[top++] = from;
        seen[from] = true;
        while (top > 0) {
            int k = stack[--top];
            if (k == target) {
                return true;
            }
            for (int p : prerequisites[k]) {
                if (!seen[p]) {
                    seen[p] = true;
                    stack[top++] = p;
                }
            }
        }
        return false;
    }

    private static int[] append(int[] array, int value) {
        int[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = value;
        return longer;
    }

    @Override
    public void begin(long tick, long budgetNanos) {
        if (tick < 0 || (started && tick <= this.tick)) {
            throw new IllegalArgumentException("tick : " + tick + " (expected: >= 0"
                    + (started ? " and > " + this.tick + ", the last tick begun)" : ")"));
        }
        if (budgetNanos < 0) {
            throw new IllegalArgumentException("budgetNanos : " + budgetNanos + " (expected: >= 0)");
        }
        long newEpoch = tick / agingTicks;
        if (started) {
            pastOverrunNanos += Math.max(0, -remainingNanos);
            criticalSkipped += ready[CRITICAL] + waiting[CRITICAL];
            for (int c = INTERACTIVE; c < CLASSES; c++) {
                deferred[c] += ready[c] + waiting[c];
            }
            advance(newEpoch);
        } else {
            epoch = newEpoch;
            started = true;
        }
        this.tick = tick;
        remainingNanos = budgetNanos;
        exhausted = false;
        nonCriticalRan = false;
    }

    private void advance(long newEpoch) {
        long steps = newEpoch - epoch;
        long settled = Math.min(steps, STEPS_TO_SETTLE);
        for (long i = 0; i < settled; i++) {
            step();
        }
        if (steps > settled) {
            // Every queued task is in its class's top list now; further steps only turn the ring.
            int from = topSlot(epoch);
            int to = topSlot(newEpoch);
            for (int c = 0; c < CLASSES; c++) {
                move(c, from, c, to, false);
            }
            epoch = newEpoch;
        }
    }

    /** One aging step: every queued level rises by one; the top lists merge or move up a class. */
    private void step() {
        int oldTop = topSlot(epoch);
        int newTop = topSlot(epoch + 1);
        move(CRITICAL, oldTop, CRITICAL, newTop, true);
        move(INTERACTIVE, oldTop, INTERACTIVE, newTop, true);
        move(AMBIENT, oldTop, INTERACTIVE, newTop, false);
        move(BACKGROUND, oldTop, AMBIENT, newTop, false);
        epoch++;
    }

    /** The ring slot of level {@value Priority#MAX_LEVEL} at an epoch. */
    private static int topSlot(long epoch) {
        return (int) (Priority.MAX_LEVEL - epoch) & RING_MASK;
    }

    /** Splices list (fromClass, fromSlot) before or after list (toClass, toSlot), leaving the first empty. */
    private void move(int fromClass, int fromSlot, int toClass, int toSlot, boolean ahead) {
        int from = fromClass * Priority.LEVELS + fromSlot;
        int moved = count[from];
        if (moved == 0) {
            return;
        }
        int to = toClass * Priority.LEVELS + toSlot;
        if (count[to] == 0) {
            head[to] = head[from];
            tail[to] = tail[from];
        } else if (ahead) {
            nextTask[tail[from]] = head[to];
            head[to] = head[from];
        } else {
            nextTask[tail[to]] = head[from];
            tail[to] = tail[from];
        }
        count[to] += moved;
        bitmap[toClass] |= 1L << toSlot;
        ready[toClass] += moved;
        head[from] = -1;
        tail[from] = -1;
        count[from] = 0;
        bitmap[fromClass] &= ~(1L << fromSlot);
        ready[fromClass] -= moved;
    }

    @Override
    public int submit(int kind, WorkClass workClass, int baseLevel) {
        checkKind("kind", kind);
        Objects.requireNonNull(workClass, "workClass");
        if (baseLevel < 0 || baseLevel > Priority.MAX_LEVEL) {
            throw new IllegalArgumentException(
                    "baseLevel : " + baseLevel + " (expected: in [0, " + Priority.MAX_LEVEL + "])");
        }
        if (!started) {
            throw new IllegalStateException("tick : none begun (expected: begin(tick, budgetNanos) before submit)");
        }
        int task = freeHead;
        if (task < 0) {
            throw new IllegalStateException("size : " + size + " (expected: < capacity " + capacity + ")");
        }
        freeHead = nextTask[task];
        size++;
        int c = workClass.ordinal();
        taskKind[task] = kind;
        taskClass[task] = (byte) c;
        this.baseLevel[task] = (byte) baseLevel;
        submitEpoch[task] = epoch;
        outstanding[kind]++;
        if (unmetNow(kind) == 0) {
            enqueue(task, c);
        } else {
            state[task] = WAITING;
            nextTask[task] = -1;
            if (waitHead[kind] < 0) {
                waitHead[kind] = task;
            } else {
                nextTask[waitTail[kind]] = task;
            }
            waitTail[kind] = task;
            waiting[c]++;
        }
        return task;
    }

    /** Prerequisite kinds of {@code kind} not yet completed this tick. */
    private int unmetNow(int kind) {
        if (unmetTick[kind] != tick) {
            unmetTick[kind] = tick;
            unmet[kind] = prerequisiteCount[kind];
        }
        return unmet[kind];
    }

    /** Appends a task to its class's list for its current level: base plus epochs since submitted, capped. */
    private void enqueue(int task, int c) {
        long level = Math.min(baseLevel[task] + (epoch - submitEpoch[task]), Priority.MAX_LEVEL);
        int slot = (int) (level - epoch) & RING_MASK;
        int list = c * Priority.LEVELS + slot;
        state[task] = READY;
        nextTask[task] = -1;
        if (count[list] == 0) {
            head[list] = task;
            bitmap[c] |= 1L << slot;
        } else {
            nextTask[tail[list]] = task;
        }
        tail[list] = task;
        count[list]++;
        ready[c]++;
    }

    @Override
    public int next() {
        int c = 0;
        while (c < CLASSES && bitmap[c] == 0) {
            c++;
        }
        if (c == CLASSES) {
            return NONE;
        }
        int rotation = (int) epoch & RING_MASK;
        int level = Priority.MAX_LEVEL - Long.numberOfLeadingZeros(Long.rotateLeft(bitmap[c], rotation));
        int slot = (level - rotation) & RING_MASK;
        int list = c * Priority.LEVELS + slot;
        int task = head[list];
        long estimate = costNanos[taskKind[task]];
        if (c != CRITICAL) {
            if (exhausted) {
                return NONE;
            }
            boolean starving = !nonCriticalRan && level == Priority.MAX_LEVEL;
            if (estimate > remainingNanos && !starving) {
                exhausted = true;
                return NONE;
            }
            nonCriticalRan = true;
        }
        head[list] = nextTask[task];
        if (--count[list] == 0) {
            tail[list] = -1;
            bitmap[c] &= ~(1L << slot);
        }
        ready[c]--;
        state[task] = RUNNING;
        ranFromClass[task] = (byte) c;
        reservedNanos[task] = estimate;
        remainingNanos -= estimate;
        return task;
    }

    @Override
    public void complete(int task, long measuredNanos) {
        if (task < 0 || task >= capacity || state[task] != RUNNING) {
            throw new IllegalArgumentException(
                    "task : " + task + " (expected: a handle returned by next() and not yet completed)");
        }
        if (measuredNanos < 0) {
            throw new IllegalArgumentException("measuredNanos : " + measuredNanos + " (expected: >= 0)");
        }
        remainingNanos += reservedNanos[task] - measuredNanos;
        int kind = taskKind[task];
        if (measured[kind]) {
            costNanos[kind] += (measuredNanos - costNanos[kind]) / COST_DIVISOR;
        } else {
            costNanos[kind] = measuredNanos;
            measured[kind] = true;
        }
        executed[ranFromClass[task]]++;
        state[task] = FREE;
        nextTask[task] = freeHead;
        freeHead = task;
        size--;
        if (--outstanding[kind] == 0 && doneTick[kind] != tick) {
            doneTick[kind] = tick;
            for (int dependant : dependants[kind]) {
                unmetNow(dependant);
                if (--unmet[dependant] == 0) {
                    release(dependant);
                }
            }
        }
    }

    /** Moves every task waiting on a kind to the ready lists, in the order they were submitted. */
    private void release(int kind) {
        int task = waitHead[kind];
        while (task >= 0) {
            int following = nextTask[task];
            int c = taskClass[task];
            waiting[c]--;
            enqueue(task, c);
            task = following;
        }
        waitHead[kind] = -1;
        waitTail[kind] = -1;
    }

    @Override
    public int kindOf(int task) {
        checkHeld(task);
        return taskKind[task];
    }

    @Override
    public WorkClass classOf(int task) {
        checkHeld(task);
        return WorkClass.of(taskClass[task]);
    }

    @Override
    public long costEstimateNanos(int kind) {
        checkKind("kind", kind);
        return costNanos[kind];
    }

    @Override
    public long remainingNanos() {
        return remainingNanos;
    }

    @Override
    public boolean budgetExhausted() {
        return exhausted;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int readyCount(WorkClass workClass) {
        return ready[workClass.ordinal()];
    }

    @Override
    public int waitingCount() {
        return waiting[CRITICAL] + waiting[INTERACTIVE] + waiting[AMBIENT] + waiting[BACKGROUND];
    }

    @Override
    public long executed(WorkClass workClass) {
        return executed[workClass.ordinal()];
    }

    @Override
    public long deferred(WorkClass workClass) {
        return deferred[workClass.ordinal()];
    }

    @Override
    public long criticalSkipped() {
        return criticalSkipped;
    }

    @Override
    public long overrunNanos() {
        return pastOverrunNanos + Math.max(0, -remainingNanos);
    }

    private void checkKind(String name, int kind) {
        if (kind < 0 || kind >= kinds) {
            throw new IllegalArgumentException(name + " : " + kind + " (expected: in [0, " + kinds + "))");
        }
    }

    private void checkHeld(int task) {
        if (task < 0 || task >= capacity || state[task] == FREE) {
            throw new IllegalArgumentException("task : " + task + " (expected: a handle held by this scheduler)");
        }
    }
}
