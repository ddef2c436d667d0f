package dev.ludus.platform.activity;

import dev.ludus.platform.ledger.Account;
import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.Credit;
import dev.ludus.platform.ledger.Grant;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerException;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.RetryPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity lane: one platform thread that owns every player's queue and the durable timers,
 * settles finished tasks in closed form, credits their rewards through the {@link Ledger} and stores
 * and delivers notifications.
 *
 * <p>The tasks that finish in one turn are credited in settlements ({@link Ledger#rewardBatch}) of
 * up to {@code settlementMax} tasks, one ledger transaction each under a fresh key
 * {@code settlement:<uuid>}, every task a credit under its own key {@code activity:<taskId>}. Task keys
 * and transaction keys share the ledger's key space, so a task is credited once however its credit is
 * retried: in the same settlement, in a later one with other companions, or alone. A settlement the
 * ledger refuses for good (a task whose reward it does not accept) is retried task by task with
 * {@link Ledger#reward} under the same keys, so one bad task fails alone.
 *
 * <p>Each turn of the lane: run the commands that arrived (requests, credit results, logins), send the
 * credits of due tasks whose start is already durable (so the ledger commits them while the lane saves),
 * save the changes, fire the remaining due timers, save again, then deliver the saved notices to online
 * players. A credit goes out only for a task whose start (time, profile, seed) is saved, and every other
 * effect leaves the lane after the save that made it durable, so a crash loses only work that nobody was
 * told about: on {@link #start()} the lane reloads the active tasks, and a task whose end passed while
 * the server was down is settled at once (its credit is replayed by the ledger if it had already
 * been applied). A failed save is retried with {@code storeRetry}'s exponential backoff, without end,
 * because nothing can move without it; a failed credit is retried on the task's own timer with
 * {@code creditRetry}'s backoff; a failed delivery with {@code deliveryRetry}'s.
 *
 * <p>Delivered notices and finished tasks are deleted {@link Settings#retentionMs()} after they were created
 * ({@link ActivityRetention}); undelivered notices and active tasks are kept.
 *
 * <p>Active tasks live in memory (about 300 bytes each) with the store as their durable copy.
 * Thread-safe: every public method only enqueues a command; {@link #start()} once, {@link #close()} once.
 */
public final class ActivityService implements AutoCloseable {
    /** Environment variable that scales every duration. */
    public static final String ENV_TIME_SCALE = "LUDUS_ACTIVITY_TIME_SCALE";
    /** Environment variable: how long delivered notices and finished tasks are kept ({@link Settings#parseRetention}). */
    public static final String ENV_RETENTION = "LUDUS_ACTIVITY_RETENTION";
    private static final Logger LOG = LoggerFactory.getLogger(ActivityService.class);
    private static final long IDLE_WAIT_MS = 100;

    /** Sleeps between store retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** @param nanos how long @throws InterruptedException when interrupted */
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /**
     * @param timeScale     multiplies every task duration, {@code > 0} and {@code <= 1000} (0.001: an hour in 3.6 s)
     * @param maxQueue      most active tasks per player, 1 to 100 (a {@code queue_updated} lists them all)
     * @param maxInFlight   most credits waiting for the ledger at once, {@code >= 1} (keep below the ledger's queue)
     * @param creditRetry   backoff between credit attempts ({@code maxAttempts} is ignored: a credit is retried until it lands)
     * @param deliveryRetry backoff between delivery attempts to an online player
     * @param storeRetry    backoff between save attempts
     * @param seed          seeds the tasks' seeds (each task stores its own)
     * @param settlementMax most tasks credited in one ledger transaction, 1 to {@value LedgerService#MAX_CREDITS}
     * @param retentionMs   how long delivered notices and finished tasks are kept after they were created, in ms, at least
     *                      {@value ActivityRetention#MIN_RETENTION_MS}; 0 keeps them forever (undelivered notices and active tasks
     *                      are always kept)
     */
    public record Settings(double timeScale, int maxQueue, int maxInFlight, RetryPolicy creditRetry, RetryPolicy deliveryRetry,
                           RetryPolicy storeRetry, long seed, int settlementMax, long retentionMs) {
        /** Tasks per settlement by default: large enough that the ledger's per-transaction cost vanishes, small enough for one commit. */
        public static final int DEFAULT_SETTLEMENT_MAX = 1_000;
        /** A retention as written in {@value #ENV_RETENTION}: a whole number and a unit. */
        private static final java.util.regex.Pattern RETENTION = java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])");
        /** Delivered notices and finished tasks are kept 7 days by default: long enough for support to look a task up. */
        public static final long DEFAULT_RETENTION_MS = 7 * 86_400_000L;
        /** Scale 1, 10 tasks per player, 20 000 credits in flight, 50 ms to 30 s backoffs, a random seed, 1 000 tasks a settlement, 7 days kept. */
        public static final Settings DEFAULT = new Settings(1.0, 10, 20_000, new RetryPolicy(1, 50_000_000L, 30_000_000_000L),
            new RetryPolicy(1, 50_000_000L, 30_000_000_000L), new RetryPolicy(1, 10_000_000L, 5_000_000_000L),
            new java.security.SecureRandom().nextLong(), DEFAULT_SETTLEMENT_MAX, DEFAULT_RETENTION_MS);

        /** Settings with {@value #DEFAULT_SETTLEMENT_MAX} tasks a settlement, kept 7 days. @throws IllegalArgumentException when a value is out of range */
        public Settings(double timeScale, int maxQueue, int maxInFlight, RetryPolicy creditRetry, RetryPolicy deliveryRetry,
                        RetryPolicy storeRetry, long seed) {
            this(timeScale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, seed, DEFAULT_SETTLEMENT_MAX);
        }

        /** Settings that keep delivered notices and finished tasks 7 days. @throws IllegalArgumentException when a value is out of range */
        public Settings(double timeScale, int maxQueue, int maxInFlight, RetryPolicy creditRetry, RetryPolicy deliveryRetry,
                        RetryPolicy storeRetry, long seed, int settlementMax) {
            this(timeScale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, seed, settlementMax, DEFAULT_RETENTION_MS);
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public Settings {
            if (!(timeScale > 0 && timeScale <= 1000)) {
                throw new IllegalArgumentException(ENV_TIME_SCALE + " : " + timeScale + " (expected: > 0 and <= 1000)");
            }
            if (maxQueue < 1 || maxQueue > 100) {
                throw new IllegalArgumentException("maxQueue : " + maxQueue + " (expected: 1 to 100)");
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight : " + maxInFlight + " (expected: >= 1)");
            }
            Objects.requireNonNull(creditRetry, "creditRetry");
            Objects.requireNonNull(deliveryRetry, "deliveryRetry");
            Objects.requireNonNull(storeRetry, "storeRetry");
            if (settlementMax < 1 || settlementMax > LedgerService.MAX_CREDITS) {
                throw new IllegalArgumentException("settlementMax : " + settlementMax + " (expected: 1 to " + LedgerService.MAX_CREDITS + ")");
            }
            if (retentionMs != 0 && retentionMs < ActivityRetention.MIN_RETENTION_MS) {
                throw new IllegalArgumentException(ENV_RETENTION + " : " + retentionMs + " ms (expected: 0 to keep forever, or at least "
                    + ActivityRetention.MIN_RETENTION_MS + " ms)");
            }
        }

        /** @param scale the time scale @return these settings with it */
        public Settings withTimeScale(double scale) {
            return new Settings(scale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, seed, settlementMax, retentionMs);
        }

        /** @param newSeed the seed @return these settings with it */
        public Settings withSeed(long newSeed) {
            return new Settings(timeScale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, newSeed, settlementMax, retentionMs);
        }

        /** @param tasks tasks per settlement @return these settings with it */
        public Settings withSettlementMax(int tasks) {
            return new Settings(timeScale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, seed, tasks, retentionMs);
        }

        /** @param ms how long delivered notices and finished tasks are kept, 0 for ever @return these settings with it */
        public Settings withRetentionMs(long ms) {
            return new Settings(timeScale, maxQueue, maxInFlight, creditRetry, deliveryRetry, storeRetry, seed, settlementMax, ms);
        }

        /**
         * @param value the environment's {@value #ENV_RETENTION}: a whole number and a unit, {@code s}, {@code m}, {@code h} or
         *              {@code d} (e.g. {@code 7d}, {@code 36h}), or {@code forever}; null or blank for the default, 7 days
         * @return the retention in ms, 0 for ever
         * @throws IllegalArgumentException when malformed or below {@value ActivityRetention#MIN_RETENTION_MS} ms
         */
        public static long parseRetention(String value) {
            if (value == null || value.isBlank()) {
                return DEFAULT_RETENTION_MS;
            }
            String text = value.strip();
            if (text.equals("forever")) {
                return 0;
            }
            java.util.regex.Matcher m = RETENTION.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(ENV_RETENTION + " : \"" + value + "\" (expected: a whole number and a unit s, m, h "
                    + "or d, e.g. 7d, or forever)");
            }
            long unitMs = switch (m.group(2)) {
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            long ms = Long.parseLong(m.group(1)) * unitMs;
            if (ms < ActivityRetention.MIN_RETENTION_MS) {
                throw new IllegalArgumentException(ENV_RETENTION + " : " + value + " (expected: at least 1m, or forever)");
            }
            return ms;
        }

        /**
         * @param value the environment's {@value #ENV_TIME_SCALE}, or null for 1
         * @return the scale
         * @throws IllegalArgumentException when not a number in range
         */
        public static double parseTimeScale(String value) {
            if (value == null || value.isBlank()) {
                return 1.0;
            }
            double scale;
            try {
                scale = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_TIME_SCALE + " : \"" + value + "\" (expected: a number > 0 and <= 1000)", e);
            }
            if (!(scale > 0 && scale <= 1000)) {
                throw new IllegalArgumentException(ENV_TIME_SCALE + " : " + value + " (expected: > 0 and <= 1000)");
            }
            return scale;
        }
    }

    private record Timer(long atMs, String taskId) { }

    /** A finished task waiting for its credit: its reward, computed once. */
    private record Due(ActivityTask task, Reward reward, List<Grant> grants) { }

    private final ActivityStore store;
    private final ActivityRules rules;
    private final Ledger ledger;
    private final Settings settings;
    private final LongSupplier wallClockMs;
    private final Sleeper sleeper;
    private final SplittableRandom random;
    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Thread lane;
    private final NoticeDelivery delivery;
    private final ActivityRetention retention;
    private volatile boolean running;

    // Lane-only state.
    private final Map<String, ActivityTask> active = new HashMap<>();
    private final Map<String, ArrayDeque<String>> queues = new HashMap<>();
    // Ties broken by task id: tasks due at the same millisecond fire in key order, so a turn's settlements and saves touch
    // neighbouring rows of the task and item indexes (keyed by task id) instead of rows all over them.
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
        (a, b) -> a.atMs() != b.atMs() ? Long.compare(a.atMs(), b.atMs()) : a.taskId().compareTo(b.taskId()));
    private final java.util.Set<String> inFlight = new java.util.HashSet<>();
    private final List<ActivityTask> inserted = new ArrayList<>();
    private final java.util.Set<String> insertedIds = new java.util.HashSet<>();
    private final Map<String, ActivityTask> updated = new LinkedHashMap<>();
    private final List<Notice> notices = new ArrayList<>();
    /** Replies waiting for the save of the turn that made them true (each a {@link Request}). */
    private final List<Runnable> afterSave = new ArrayList<>();
    private final List<Due> due = new ArrayList<>();
    private long lastTaskSeq;
    // Counted into tasksCompleted and tasksFailed once the save that records them has succeeded.
    private int unsavedCompleted;
    private int unsavedFailed;
    private long lastNoticeId;

    private final AtomicLong tasksStarted = new AtomicLong();
    private final AtomicLong tasksCompleted = new AtomicLong();
    private final AtomicLong tasksFailed = new AtomicLong();
    private final AtomicLong creditRetries = new AtomicLong();
    private final AtomicLong settlements = new AtomicLong();
    private final AtomicLong creditsAlone = new AtomicLong();
    private final AtomicLong storeRetries = new AtomicLong();
    private final AtomicLong noticesStored = new AtomicLong();
    private volatile int activeCount;

    /**
     * @param store       where tasks and notices are durable
     * @param rules       the game's tasks and profiles
     * @param ledger      where rewards are credited
     * @param settings    the settings
     * @param wallClockMs epoch milliseconds (tests pass a manual clock)
     * @param sleeper     waits between store retries
     */
    public ActivityService(ActivityStore store, ActivityRules rules, Ledger ledger, Settings settings, LongSupplier wallClockMs,
                           Sleeper sleeper) {
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.wallClockMs = Objects.requireNonNull(wallClockMs, "wallClockMs");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = new SplittableRandom(settings.seed());
        this.lane = Thread.ofPlatform().name("ludus-activity").unstarted(this::runLane);
        this.delivery = new NoticeDelivery(store, settings.deliveryRetry(), random, wallClockMs, commands::add);
        this.retention = new ActivityRetention(store, settings.retentionMs());
    }

    /**
     * A service on the system clock, sleeping for real between store retries.
     *
     * @param store    where tasks and notices are durable
     * @param rules    the game's content
     * @param ledger   where rewards are credited
     * @param settings the settings
     */
    public ActivityService(ActivityStore store, ActivityRules rules, Ledger ledger, Settings settings) {
        this(store, rules, ledger, settings, System::currentTimeMillis, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /**
     * Loads the active tasks (settling at once those whose end passed while the server was down) and
     * starts the lane.
     *
     * @throws ActivityStoreException when the store cannot be read
     */
    public void start() {
        long[] last = store.lastIds();
        lastTaskSeq = last[0];
        lastNoticeId = last[1];
        long nowMs = wallClockMs.getAsLong();
        for (ActivityTask task : store.activeTasks()) {
            active.put(task.id(), task);
            queues.computeIfAbsent(task.player(), p -> new ArrayDeque<>()).addLast(task.id());
            if (task.state() == ActivityTask.State.RUNNING) {
                timers.add(new Timer(task.nextMs(), task.id()));
            }
        }
        // A queue whose running task was lost (cannot happen with atomic saves, but costs nothing to heal).
        for (var queue : queues.entrySet()) {
            if (active.get(queue.getValue().peekFirst()).state() == ActivityTask.State.QUEUED) {
                startNext(queue.getKey(), nowMs, nowMs);
            }
        }
        activeCount = active.size();
        LOG.info("Activities: {} active tasks loaded, time scale {}", active.size(), settings.timeScale());
        running = true;
        lane.start();
    }

    // ---- requests (any thread) ----

    /**
     * Queues a task for a player; it starts at once when the player's queue was empty.
     *
     * @param player the player
     * @param taskId the catalogue task, as received
     * @param count  units, 1 to {@link TaskValidation#MAX_COUNT}
     * @return the queued task once durable; exceptionally an {@link ActivityException}
     */
    public CompletableFuture<ActivityTask> start(String player, String taskId, int count) {
        CompletableFuture<ActivityTask> result = new CompletableFuture<>();
        if (!Account.isPlayerName(player)) {
            return CompletableFuture.failedFuture(new ActivityException(ActivityError.UNKNOWN_PLAYER,
                "player : \"" + clip(player) + "\" (expected: 1-32 characters of A-Z a-z 0-9 _ -)"));
        }
        String account = key(player);
        // The ledger must know the player before a reward can be credited; registering is idempotent.
        ledger.registerPlayer(account).whenComplete((ok, error) -> {
            if (error != null) {
                result.completeExceptionally(new ActivityException(ActivityError.ACTIVITIES_UNAVAILABLE,
                    "the ledger cannot register " + account + " (" + cause(error).getMessage() + "); retry later"));
            } else {
                submit(result, () -> onStart(account, taskId, count, result));
            }
        });
        return result;
    }

    /**
     * Cancels an active task; a running one earns nothing.
     *
     * @param player the player
     * @param id     the task's id
     * @return the cancelled task once durable; exceptionally {@link ActivityError#UNKNOWN_ACTIVITY}
     */
    public CompletableFuture<ActivityTask> cancel(String player, String id) {
        CompletableFuture<ActivityTask> result = new CompletableFuture<>();
        String account = key(player);
        submit(result, () -> onCancel(account, id, result));
        return result;
    }

    /**
     * @param player the player
     * @return the player's active tasks, running first
     */
    public CompletableFuture<List<ActivityTask>> queue(String player) {
        CompletableFuture<List<ActivityTask>> result = new CompletableFuture<>();
        String account = key(player);
        submit(result, () -> result.complete(queueOf(account)));
        return result;
    }

    /**
     * The player is online on this sink: its undelivered notices are sent in order, then new ones as they come.
     *
     * @param player the player
     * @param sink   the connection
     */
    public void online(String player, ActivitySink sink) {
        Objects.requireNonNull(sink, "sink");
        String account = key(player);
        commands.add(() -> delivery.online(account, sink));
    }

    /**
     * The player's connection closed; notices wait in the store until the next login.
     *
     * @param player the player
     * @param sink   the connection that closed (a newer one of the same player stays)
     */
    public void offline(String player, ActivitySink sink) {
        String account = key(player);
        commands.add(() -> delivery.offline(account, sink));
    }

    private <T> void submit(CompletableFuture<T> result, Runnable command) {
        Request request = new Request(command, result);
        if (!running) {
            request.refuse("activities are not running");
            return;
        }
        commands.add(request);
        if (!running && commands.remove(request)) {
            // Raced with close(): the lane may have stopped before it could see this request.
            request.refuse("activities are not running");
        }
    }

    /** A caller's command with its future, failed if the lane stops before the command runs or before its result is saved. */
    private record Request(Runnable command, CompletableFuture<?> result) implements Runnable {
        @Override
        public void run() {
            command.run();
        }

        void refuse(String why) {
            result.completeExceptionally(new ActivityException(ActivityError.ACTIVITIES_UNAVAILABLE, why + "; retry later"));
        }
    }

    /** The lane stops: requests it did not run, or whose result it did not save, are refused rather than left waiting. */
    private void refuseUnfinished(List<Runnable> batch) {
        List<Runnable> left = new ArrayList<>(batch);
        batch.clear();
        commands.drainTo(left);
        left.addAll(afterSave);
        afterSave.clear();
        for (Runnable command : left) {
            if (command instanceof Request request) {
                request.refuse("activities stopped before this request was saved");
            }
        }
    }

    // ---- the lane ----

    private void runLane() {
        List<Runnable> batch = new ArrayList<>();
        while (running) {
            try {
                long nowMs = wallClockMs.getAsLong();
                commands.drainTo(batch);
                runCommands(batch);
                // Credits of tasks whose start is already durable go out before this turn's save, so the ledger
                // commits them while the lane writes the turn (both halves of a settlement wave overlap).
                fireTimers(wallClockMs.getAsLong());
                save();
                // Those whose start the save just made durable; a task started in this pass (a catch-up chain) waits for the
                // next turn, after this pass's save.
                fireTimers(wallClockMs.getAsLong());
                save();
                delivery.retryDue(wallClockMs.getAsLong());
                // Both saves are done: every notice and task given out so far is durable, and may be marked.
                retention.run(wallClockMs.getAsLong(), lastNoticeId, lastTaskSeq);
                long waitMs = IDLE_WAIT_MS;
                Timer next = timers.peek();
                if (next != null && inFlight.size() < settings.maxInFlight()) {
                    waitMs = Math.clamp(next.atMs() - nowMs, 0, IDLE_WAIT_MS);
                }
                long retryAtMs = delivery.nextRetryMs();
                if (retryAtMs != Long.MAX_VALUE) {
                    waitMs = Math.clamp(retryAtMs - nowMs, 0, waitMs);
                }
                if (waitMs > 0) {
                    Runnable first = commands.poll(waitMs, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // One error policy: count, report with context, carry on (the store's copy is the truth).
                LOG.error("activities: a turn of the lane failed", e);
            }
        }
        refuseUnfinished(batch);
    }

    /**
     * Runs a turn's commands, each once: one that throws is reported and the others run (were the batch kept, the next turn
     * would run every command again, and one that always throws would stop every command after it for good).
     */
    private static void runCommands(List<Runnable> batch) {
        try {
            for (Runnable command : batch) {
                try {
                    command.run();
                } catch (RuntimeException e) {
                    LOG.error("activities: a command of the lane failed; the others of its turn run", e);
                }
            }
        } finally {
            batch.clear();
        }
    }

    /** Saves the turn's changes, retrying with backoff until the store takes them; then runs what waited for it. */
    private void save() throws InterruptedException {
        Map<String, Long> delivered = delivery.deliveredThrough();
        if (inserted.isEmpty() && updated.isEmpty() && notices.isEmpty() && delivered.isEmpty()) {
            runAfterSave();
            return;
        }
        List<ActivityTask> updates = new ArrayList<>(updated.values());
        for (int attempt = 0; ; attempt++) {
            try {
                store.save(inserted, updates, notices, delivered);
                break;
            } catch (ActivityStoreException e) {
                storeRetries.incrementAndGet();
                long delayNs = settings.storeRetry().delayNs(Math.min(attempt, 30), random);
                LOG.warn("activities: save of {} tasks and {} notices failed (attempt {}), retrying in {} ms: {}",
                    inserted.size() + updates.size(), notices.size(), attempt + 1, delayNs / 1_000_000, e.getMessage());
                if (!running) {
                    throw new InterruptedException("stopping with an unsaved turn; the store's copy stands");
                }
                sleeper.sleepNanos(delayNs);
            }
        }
        noticesStored.addAndGet(notices.size());
        tasksCompleted.addAndGet(unsavedCompleted);
        tasksFailed.addAndGet(unsavedFailed);
        unsavedCompleted = 0;
        unsavedFailed = 0;
        List<Notice> saved = List.copyOf(notices);
        inserted.clear();
        insertedIds.clear();
        updated.clear();
        notices.clear();
        delivered.clear();
        runAfterSave();
        delivery.send(saved);
    }

    private void runAfterSave() {
        if (!afterSave.isEmpty()) {
            List<Runnable> replies = List.copyOf(afterSave);
            afterSave.clear();
            replies.forEach(Runnable::run);
        }
    }

    /**
     * Fires the timers due by {@code nowMs} (up to {@code maxInFlight} credits waiting). A task with changes not saved yet
     * (started this turn, even in this very pass when the task before it ended without a credit: its start time and profile
     * not durable) keeps its timer for the next call after a save: a credit never goes out for a task whose start a crash
     * could undo.
     */
    private void fireTimers(long nowMs) {
        List<Timer> later = null;
        while (!timers.isEmpty() && timers.peek().atMs() <= nowMs && inFlight.size() < settings.maxInFlight()) {
            Timer timer = timers.poll();
            ActivityTask task = active.get(timer.taskId());
            if (task == null || task.state() != ActivityTask.State.RUNNING || task.nextMs() != timer.atMs()
                || inFlight.contains(task.id())) {
                continue;
            }
            if (updated.containsKey(task.id()) || insertedIds.contains(task.id())) {
                if (later == null) {
                    later = new ArrayList<>();
                }
                later.add(timer);
                continue;
            }
            if (nowMs < task.endMs()) {
                int done = (int) ((nowMs - task.startMs()) / task.unitMs());
                put(task.progressed(task.endMs()));
                timers.add(new Timer(task.endMs(), task.id()));
                notice(new Notice(0, task.player(), Notice.Kind.TASK_PROGRESS, nowMs, task.id(), task.task(), done, task.count(),
                    task.endMs(), Map.of(), 0, "", List.of()));
            } else {
                settle(task);
            }
        }
        if (later != null) {
            timers.addAll(later);
        }
        flushSettlements();
    }

    /** Computes a finished task's reward in closed form and queues its credit for this turn's settlements. */
    private void settle(ActivityTask task) {
        TaskDefinition definition = rules.task(task.task()).orElse(null);
        if (definition == null) {
            finish(task, ActivityTask.State.FAILED, ActivityError.UNKNOWN_TASK.code(), null, wallClockMs.getAsLong());
            return;
        }
        Reward reward = RewardFormula.compute(definition, task.count(), task.level(), task.skill(), task.gearPower(), task.seed());
        if (reward.grants().isEmpty()) {
            finish(task, ActivityTask.State.FAILED, definition.kind() == ActivityKind.CRAFTING
                ? ActivityError.CRAFTING_FAILED.code() : ActivityError.CREDIT_REFUSED.code(), reward, wallClockMs.getAsLong());
            return;
        }
        List<Grant> grants = new ArrayList<>();
        reward.grants().forEach((asset, amount) -> grants.add(new Grant(Asset.parse(asset), amount)));
        inFlight.add(task.id());
        due.add(new Due(task, reward, grants));
    }

    /**
     * Credits this turn's finished tasks, {@code settlementMax} per ledger transaction, in task id order: each settlement then
     * covers one range of keys, and its item rows and the tasks' updates land in few pages of their indexes.
     */
    private void flushSettlements() {
        due.sort((a, b) -> a.task().id().compareTo(b.task().id()));
        for (int from = 0; from < due.size(); from += settings.settlementMax()) {
            List<Due> chunk = List.copyOf(due.subList(from, Math.min(due.size(), from + settings.settlementMax())));
            List<Credit> credits = new ArrayList<>(chunk.size());
            for (Due finished : chunk) {
                credits.add(new Credit(creditKey(finished.task()), finished.task().player(), "activity:" + finished.task().task(),
                    finished.grants()));
            }
            settlements.incrementAndGet();
            CompletableFuture<?> credit;
            try {
                // A fresh key from the JDK's secure source, not from the lane's seeded generator: two lanes given the same seed
                // (another process on the same database, a restart with a configured seed) would draw the same keys, and
                // the ledger would refuse each later settlement as a conflicting reuse.
                credit = ledger.rewardBatch("settlement:" + UUID.randomUUID(), credits);
            } catch (RuntimeException e) {
                credit = CompletableFuture.failedFuture(e);
            }
            credit.whenComplete((receipt, error) -> commands.add(() -> onSettled(chunk, error)));
        }
        due.clear();
    }

    private void onSettled(List<Due> chunk, Throwable error) {
        Throwable cause = error == null ? null : cause(error);
        if (cause instanceof LedgerException refused && refused.error() != LedgerError.STORE_UNAVAILABLE) {
            // Refused for good as a whole: credit each task alone, so only the task at fault fails (same keys: never twice).
            LOG.warn("activities: the ledger refused a settlement of {} tasks ({} {}); crediting them one by one", chunk.size(),
                refused.error().code(), refused.getMessage());
            for (Due finished : chunk) {
                creditAlone(finished);
            }
            return;
        }
        for (Due finished : chunk) {
            onCredited(finished.task().id(), finished.reward(), error);
        }
    }

    /** Credits one task with {@link Ledger#reward} under its own key; the result comes back as a command. */
    private void creditAlone(Due finished) {
        creditsAlone.incrementAndGet();
        ActivityTask task = finished.task();
        CompletableFuture<?> credit;
        try {
            credit = ledger.reward(creditKey(task), task.player(), "activity:" + task.task(), finished.grants());
        } catch (RuntimeException e) {
            credit = CompletableFuture.failedFuture(e);
        }
        credit.whenComplete((receipt, error) -> commands.add(() -> onCredited(task.id(), finished.reward(), error)));
    }

    private static String creditKey(ActivityTask task) {
        return "activity:" + task.id();
    }

    private void onCredited(String id, Reward reward, Throwable error) {
        inFlight.remove(id);
        ActivityTask task = active.get(id);
        if (task == null) {
            return;
        }
        long nowMs = wallClockMs.getAsLong();
        if (error == null) {
            finish(task, ActivityTask.State.COMPLETED, Notice.grantsText(reward.grants()), reward, nowMs);
            return;
        }
        Throwable cause = cause(error);
        if (cause instanceof LedgerException refused && refused.error() != LedgerError.STORE_UNAVAILABLE) {
            LOG.warn("activities: the ledger refused task {}'s reward for good: {} {}", id, refused.error().code(), refused.getMessage());
            finish(task, ActivityTask.State.FAILED, ActivityError.CREDIT_REFUSED.code(), reward, nowMs);
            return;
        }
        creditRetries.incrementAndGet();
        long atMs = nowMs + settings.creditRetry().delayNs(Math.min(task.attempts(), 30), random) / 1_000_000 + 1;
        put(task.retryAt(atMs));
        timers.add(new Timer(atMs, id));
    }

    /** Ends a running task and starts the player's next one at the moment this one ended (closed-form catch-up). */
    private void finish(ActivityTask task, ActivityTask.State state, String result, Reward reward, long nowMs) {
        ActivityTask done = task.finished(state, result);
        put(done);
        active.remove(task.id());
        ArrayDeque<String> queue = queues.get(task.player());
        queue.remove(task.id());
        if (state == ActivityTask.State.COMPLETED) {
            unsavedCompleted++;
            notice(new Notice(0, task.player(), Notice.Kind.TASK_COMPLETED, task.endMs(), task.id(), task.task(), reward.successes(),
                task.count(), task.endMs(), reward.grants(), reward.quality(), "", List.of()));
        } else {
            unsavedFailed++;
            notice(new Notice(0, task.player(), Notice.Kind.TASK_FAILED, Math.min(task.endMs(), nowMs), task.id(), task.task(),
                reward == null ? 0 : reward.successes(), task.count(), 0, Map.of(), reward == null ? 0 : reward.quality(), result,
                List.of()));
        }
        startNext(task.player(), Math.min(task.endMs(), nowMs), nowMs);
        queueUpdated(task.player(), Math.min(task.endMs(), nowMs));
        activeCount = active.size();
    }

    /** Starts the first queued task of a player at {@code atMs}, failing those that no longer pass validation. */
    private void startNext(String player, long atMs, long nowMs) {
        ArrayDeque<String> queue = queues.get(player);
        while (queue != null && !queue.isEmpty()) {
            ActivityTask next = active.get(queue.peekFirst());
            if (next.state() == ActivityTask.State.RUNNING) {
                return;
            }
            TaskDefinition definition = rules.task(next.task()).orElse(null);
            try {
                if (definition == null) {
                    throw new ActivityException(ActivityError.UNKNOWN_TASK, "task : " + next.task() + " left the catalogue");
                }
                PlayerProfile profile = rules.profile(player);
                TaskValidation.check(definition, profile, next.count());
                ActivityTask started = next.started(atMs, nowMs, profile.level(), profile.skill(definition.kind()),
                    TaskValidation.gearPower(definition, profile));
                put(started);
                timers.add(new Timer(started.nextMs(), started.id()));
                tasksStarted.incrementAndGet();
                notice(new Notice(0, player, Notice.Kind.TASK_STARTED, atMs, started.id(), started.task(), 0, started.count(),
                    started.endMs(), Map.of(), 0, "", List.of()));
                return;
            } catch (RuntimeException e) {
                // An ActivityException is a validation refusal; any other exception is a rule that throws (a game's profile service down) fails the task with a clear reason rather than leaving the
                // queue without a running task until the next restart.
                ActivityError error = e instanceof ActivityException refused ? refused.error() : ActivityError.ACTIVITIES_UNAVAILABLE;
                if (!(e instanceof ActivityException)) {
                    LOG.error("activities: the rules failed to start {}'s task {}; it fails as {}", player, next.id(), error.code(), e);
                }
                put(next.finished(ActivityTask.State.FAILED, error.code()));
                active.remove(next.id());
                queue.removeFirst();
                unsavedFailed++;
                notice(new Notice(0, player, Notice.Kind.TASK_FAILED, atMs, next.id(), next.task(), 0, next.count(), 0, Map.of(), 0,
                    error.code(), List.of()));
            }
        }
        if (queue != null && queue.isEmpty()) {
            queues.remove(player);
        }
    }

    private void onStart(String player, String taskId, int count, CompletableFuture<ActivityTask> result) {
        try {
            TaskDefinition definition = taskId == null ? null : rules.task(taskId).orElse(null);
            if (definition == null) {
                throw new ActivityException(ActivityError.UNKNOWN_TASK, "task : \"" + clip(taskId)
                    + "\" (expected: a task of the catalogue, e.g. " + rules.tasks().iterator().next().id() + ")");
            }
            TaskValidation.check(definition, rules.profile(player), count);
            ArrayDeque<String> queue = queues.computeIfAbsent(player, p -> new ArrayDeque<>());
            if (queue.size() >= settings.maxQueue()) {
                throw new ActivityException(ActivityError.QUEUE_FULL, "queue : " + queue.size() + " tasks (expected: < "
                    + settings.maxQueue() + "; cancel one or wait)");
            }
            long nowMs = wallClockMs.getAsLong();
            long unitMs = Math.max(1, Math.round(definition.unitDurationMs() * settings.timeScale()));
            long seq = ++lastTaskSeq;
            ActivityTask task = new ActivityTask(ActivityTask.newId(nowMs, seq, random), seq, player,
                definition.id(), count, ActivityTask.State.QUEUED, random.nextLong(), nowMs, unitMs, -1, -1, 0, 0, 0, false, 0, "");
            inserted.add(task);
            insertedIds.add(task.id());
            active.put(task.id(), task);
            queue.addLast(task.id());
            startNext(player, nowMs, nowMs);
            queueUpdated(player, nowMs);
            activeCount = active.size();
            afterSave.add(new Request(() -> result.complete(active.getOrDefault(task.id(), task)), result));
        } catch (RuntimeException e) {
            if (queues.containsKey(player) && queues.get(player).isEmpty()) {
                queues.remove(player);
            }
            if (e instanceof ActivityException refused) {
                result.completeExceptionally(refused);
            } else {
                // The game's rules threw (nothing was queued): a clear refusal, and the lane goes on.
                LOG.error("activities: the rules failed on {}'s request for {}", player, clip(taskId), e);
                result.completeExceptionally(new ActivityException(ActivityError.ACTIVITIES_UNAVAILABLE,
                    "the game's activity rules failed (" + e.getClass().getSimpleName() + "); retry later"));
            }
        }
    }

    private void onCancel(String player, String id, CompletableFuture<ActivityTask> result) {
        ActivityTask task = id == null ? null : active.get(id);
        if (task == null || !task.player().equals(player) || inFlight.contains(id)) {
            result.completeExceptionally(new ActivityException(ActivityError.UNKNOWN_ACTIVITY, "taskId : \"" + clip(id)
                + "\" (expected: one of your queued or running tasks" + (task != null && inFlight.contains(id)
                ? "; this one is finishing" : "") + ")"));
            return;
        }
        long nowMs = wallClockMs.getAsLong();
        ActivityTask cancelled = task.finished(ActivityTask.State.CANCELLED, "");
        put(cancelled);
        active.remove(id);
        queues.get(player).remove(id);
        if (task.state() == ActivityTask.State.RUNNING) {
            startNext(player, nowMs, nowMs);
        } else if (queues.get(player).isEmpty()) {
            queues.remove(player);
        }
        queueUpdated(player, nowMs);
        activeCount = active.size();
        afterSave.add(new Request(() -> result.complete(cancelled), result));
    }

    private void queueUpdated(String player, long atMs) {
        notice(new Notice(0, player, Notice.Kind.QUEUE_UPDATED, atMs, "", "", 0, 0, 0, Map.of(), 0, "",
            queueOf(player).stream().map(ActivityTask::id).toList()));
    }

    private List<ActivityTask> queueOf(String player) {
        ArrayDeque<String> queue = queues.get(player);
        return queue == null ? List.of() : queue.stream().map(active::get).toList();
    }

    /** Records a change to a task: an insert of this turn stays an insert. */
    private void put(ActivityTask task) {
        if (task.state().active()) {
            active.put(task.id(), task);
        }
        for (int i = inserted.size() - 1; i >= 0; i--) {
            if (inserted.get(i).id().equals(task.id())) {
                inserted.set(i, task);
                return;
            }
        }
        updated.put(task.id(), task);
    }

    private void notice(Notice notice) {
        notices.add(notice.withId(++lastNoticeId));
    }

    /** @return the name a player's tasks and notices are kept under: names are case-insensitive, as in the world */
    private static String key(String player) {
        return player == null ? null : Account.canonicalName(player);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    // ---- metrics (any thread) ----

    /** @return tasks that began running */
    public long tasksStarted() {
        return tasksStarted.get();
    }

    /** @return tasks completed and credited, counted once their completion is saved */
    public long tasksCompleted() {
        return tasksCompleted.get();
    }

    /** @return tasks that failed (validation at start, failed crafts, refused credits), counted once saved */
    public long tasksFailed() {
        return tasksFailed.get();
    }

    /** @return credit attempts that failed transiently and were retried */
    public long creditRetries() {
        return creditRetries.get();
    }

    /** @return settlements sent to the ledger (one ledger transaction each, up to {@code settlementMax} tasks) */
    public long settlements() {
        return settlements.get();
    }

    /** @return tasks credited alone after the ledger refused their settlement as a whole */
    public long creditsAlone() {
        return creditsAlone.get();
    }

    /** @return saves that failed and were retried */
    public long storeRetries() {
        return storeRetries.get();
    }

    /** @return notices stored */
    public long noticesStored() {
        return noticesStored.get();
    }

    /** @return notices written to a connection */
    public long noticesDelivered() {
        return delivery.delivered();
    }

    /** @return deliveries retried after a failed write */
    public long deliveryRetries() {
        return delivery.retries();
    }

    /** @return delivered notices deleted by the retention ({@link Settings#retentionMs()}) */
    public long noticesPurged() {
        return retention.noticesPurged();
    }

    /** @return finished tasks deleted by the retention ({@link Settings#retentionMs()}) */
    public long tasksPurged() {
        return retention.tasksPurged();
    }

    /** @return queued and running tasks */
    public int activeTasks() {
        return activeCount;
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    /** Stops the lane after its current turn (waits up to 10 s); unsaved work is redone from the store on the next start. */
    @Override
    public void close() {
        running = false;
        commands.add(() -> { });
        try {
            lane.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
