package dev.ludus.platform.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.platform.ledger.Credit;
import dev.ludus.platform.ledger.Grant;
import dev.ludus.platform.ledger.InMemoryLedgerStore;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerException;
import dev.ludus.platform.ledger.LedgerListener;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.platform.ledger.Receipt;
import dev.ludus.platform.ledger.RetryPolicy;
import dev.ludus.platform.ledger.TestCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The activity lane on a manual clock, an in-memory store and a real ledger service over an in-memory ledger store. */
class ActivityServiceTest {
    private static final long T0 = 1_780_000_000_000L;
    private static final RetryPolicy FAST = new RetryPolicy(1, 1_000_000L, 8_000_000L);
    /** A lane seed whose second task's draw fails a one-unit craft at the required skill (60 % success). */
    private static final long CRAFT_FAILS_SEED = 1;
    private static final ActivityService.Settings SETTINGS = new ActivityService.Settings(1.0, 10, 1000, FAST, FAST, FAST, 2026);

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<Long> storeSleeps = new CopyOnWriteArrayList<>();
    private final FlakyStore store = new FlakyStore();
    private final TestActivities rules = new TestActivities();
    private final InMemoryLedgerStore ledgerStore = new InMemoryLedgerStore();
    private final FlakyLedger ledger = new FlakyLedger();
    private LedgerService ledgerService;
    private ActivityService service;

    /** A store whose saves fail while {@code failSaves > 0}. */
    static final class FlakyStore extends InMemoryActivityStore {
        final AtomicInteger failSaves = new AtomicInteger();
        volatile boolean readsFail;
        volatile boolean retentionFails;
        final AtomicInteger retentionFailures = new AtomicInteger();

        @Override
        public void mark(long atMs, long lastNoticeId, long lastTaskSeq) {
            if (retentionFails) {
                retentionFailures.incrementAndGet();
                throw new ActivityStoreException("connection refused", null);
            }
            super.mark(atMs, lastNoticeId, lastTaskSeq);
        }

        @Override
        public Purged purge(long cutoffMs, int limit) {
            if (retentionFails) {
                retentionFailures.incrementAndGet();
                throw new ActivityStoreException("connection refused", null);
            }
            return super.purge(cutoffMs, limit);
        }

        @Override
        public void save(List<ActivityTask> inserted, List<ActivityTask> updated, List<Notice> notices, Map<String, Long> delivered) {
            if (failSaves.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new ActivityStoreException("connection refused", null);
            }
            super.save(inserted, updated, notices, delivered);
        }

        @Override
        public List<Notice> undelivered(String player, int limit) {
            if (readsFail) {
                readsFail = false;
                throw new ActivityStoreException("connection refused", null);
            }
            return super.undelivered(player, limit);
        }
    }

    /** The real ledger service, with its next {@code failRewards} rewards or settlements refused as unavailable. */
    final class FlakyLedger implements Ledger {
        final AtomicInteger failRewards = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();
        /** Credits sent for a task whose start (running, with its start time) was not in the store yet. */
        final List<String> creditedBeforeTheirStartWasSaved = new CopyOnWriteArrayList<>();
        final AtomicInteger alone = new AtomicInteger();

        @Override
        public CompletableFuture<Receipt> purchase(String key, String player, String sku, PaymentPath path) {
            return ledgerService.purchase(key, player, sku, path);
        }

        @Override
        public CompletableFuture<Receipt> reward(String key, String player, String reason, List<Grant> grants) {
            if (failRewards.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new LedgerException(LedgerError.STORE_UNAVAILABLE, "database down"));
            }
            alone.incrementAndGet();
            return ledgerService.reward(key, player, reason, grants);
        }

        @Override
        public CompletableFuture<Receipt> rewardBatch(String key, List<Credit> credits) {
            if (failRewards.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new LedgerException(LedgerError.STORE_UNAVAILABLE, "database down"));
            }
            batches.incrementAndGet();
            for (Credit credit : credits) {
                String taskId = credit.key().substring("activity:".length());
                boolean saved = store.tasksOf(credit.player()).stream()
                    .anyMatch(t -> t.id().equals(taskId) && t.state() == ActivityTask.State.RUNNING && t.startMs() >= 0);
                if (!saved) {
                    creditedBeforeTheirStartWasSaved.add(taskId);
                }
            }
            return ledgerService.rewardBatch(key, credits);
        }

        @Override
        public CompletableFuture<Map<String, Long>> balances(String player) {
            return ledgerService.balances(player);
        }

        @Override
        public CompletableFuture<Void> registerPlayer(String player) {
            return ledgerService.registerPlayer(player);
        }
    }

    /** A connection that records what it receives and fails its next {@code failures} writes. */
    static final class RecordingSink implements ActivitySink {
        final List<Notice> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public CompletableFuture<Void> send(Notice notice) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new java.io.IOException("connection reset"));
            }
            received.add(notice);
            return CompletableFuture.completedFuture(null);
        }

        List<String> kinds() {
            return received.stream().map(n -> n.kind().code()).toList();
        }
    }

    @BeforeEach
    void setUp() {
        ledgerService = new LedgerService(ledgerStore, new TestCatalogue(), LedgerService.Settings.DEFAULT, LedgerListener.NONE,
            clock::get, System::nanoTime, RandomGenerator.of("L64X128MixRandom"), nanos -> { });
        ledgerService.start();
        service = newService(SETTINGS);
    }

    @AfterEach
    void tearDown() {
        service.close();
        ledgerService.close();
    }

    private ActivityService newService(ActivityService.Settings settings) {
        ActivityService created = new ActivityService(store, rules, ledger, settings, clock::get, nanos -> {
            storeSleeps.add(nanos);
            Thread.sleep(1);
        });
        created.start();
        return created;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<String> activityKeys() {
        List<String> keys = new ArrayList<>();
        ledgerStore.forEachEntry(entry -> entry.creditedKeys().stream().filter(k -> k.startsWith("activity:")).forEach(keys::add));
        return keys;
    }

    private List<Notice> stored(String player) {
        return store.undelivered(player, 1000);
    }

    private static ActivityError errorOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ((ActivityException) e.getCause()).error();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void shouldStartCompleteAndCreditATaskExactlyOnce() {
        ActivityTask task = service.start("alice", "chop_wood", 10).join();
        assertThat(task.state()).isEqualTo(ActivityTask.State.RUNNING);
        assertThat(task.startMs()).isEqualTo(T0);
        assertThat(task.endMs()).isEqualTo(T0 + 600_000);
        assertThat(task.level()).isEqualTo(5);
        assertThat(task.gearPower()).isEqualTo(1.25);
        clock.set(task.endMs());
        await("completion", () -> service.tasksCompleted() == 1);
        assertThat(activityKeys()).containsExactly("activity:" + task.id());
        // 67 wood by hand: docs/activities.md, "A worked example".
        assertThat(ledgerStore.balances("player:alice")).containsEntry("wood", 67L);
        assertThat(stored("alice")).extracting(n -> n.kind().code())
            .containsExactly("task_started", "queue_updated", "task_completed", "queue_updated");
        Notice completed = stored("alice").get(2);
        assertThat(completed.grants()).containsExactly(Map.entry("wood", 67L));
        assertThat(completed.atMs()).isEqualTo(task.endMs());
        assertThat(store.tasksOf("alice")).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(ActivityTask.State.COMPLETED);
            assertThat(t.result()).isEqualTo("wood=67");
        });
        assertThat(service.activeTasks()).isZero();
    }

    @Test
    void shouldSendProgressHalfwayWhileThePlayerWaits() {
        ActivityTask task = service.start("alice", "chop_wood", 2).join();
        assertThat(task.nextMs()).isEqualTo(T0 + 60_000);
        clock.set(T0 + 61_000);
        await("progress", () -> stored("alice").stream().anyMatch(n -> n.kind() == Notice.Kind.TASK_PROGRESS));
        Notice progress = stored("alice").stream().filter(n -> n.kind() == Notice.Kind.TASK_PROGRESS).findFirst().orElseThrow();
        assertThat(progress.done()).isEqualTo(1);
        assertThat(progress.total()).isEqualTo(2);
        assertThat(progress.endsAtMs()).isEqualTo(T0 + 120_000);
    }

    @Test
    void shouldSettleHoursOfQueuedTasksInClosedFormAndDeliverThemInOrderOnLogin() {
        ActivityTask chop = service.start("alice", "chop_wood", 2).join();
        ActivityTask wolves = service.start("alice", "fight_wolves", 4).join();
        ActivityTask fletch = service.start("alice", "fletch", 1).join();
        assertThat(wolves.state()).isEqualTo(ActivityTask.State.QUEUED);
        clock.set(T0 + 10 * 3_600_000L);
        await("three completions", () -> service.tasksCompleted() + service.tasksFailed() == 3);
        List<ActivityTask> tasks = store.tasksOf("alice");
        // Each task starts when the one before it ended, not when the lane noticed: closed-form catch-up.
        assertThat(tasks.get(1).startMs()).isEqualTo(tasks.get(0).endMs()).isEqualTo(T0 + 120_000);
        assertThat(tasks.get(2).startMs()).isEqualTo(tasks.get(1).endMs()).isEqualTo(T0 + 120_000 + 180_000);
        assertThat(tasks).extracting(ActivityTask::id).containsExactly(chop.id(), wolves.id(), fletch.id());
        assertThat(activityKeys()).hasSizeBetween(2, 3);

        RecordingSink sink = new RecordingSink();
        service.online("alice", sink);
        await("delivery", () -> stored("alice").isEmpty());
        assertThat(sink.received).extracting(Notice::id).isSorted().doesNotHaveDuplicates();
        assertThat(sink.kinds()).startsWith("task_started", "queue_updated", "queue_updated", "queue_updated", "task_completed",
            "task_started", "queue_updated", "task_completed", "task_started", "queue_updated");
        assertThat(service.noticesDelivered()).isEqualTo(sink.received.size());

        ActivityTask later = service.start("alice", "chop_wood", 1).join();
        await("live notice", () -> sink.received.stream().anyMatch(n -> later.id().equals(n.taskId())));
        service.offline("alice", sink);
        service.start("alice", "chop_wood", 1).join();
        await("stored while offline", () -> !stored("alice").isEmpty());
    }

    @Test
    void shouldCompleteRunningTasksAfterARestartAndCreditThemOnce() {
        ActivityTask a = service.start("alice", "chop_wood", 1).join();
        ActivityTask b = service.start("bob", "fight_wolves", 2).join();
        service.start("bob", "chop_wood", 3).join();
        service.close();
        clock.set(T0 + 3_600_000L);
        service = newService(SETTINGS);
        await("completions after restart", () -> service.tasksCompleted() == 3);
        assertThat(activityKeys()).hasSize(3).contains("activity:" + a.id(), "activity:" + b.id());
        assertThat(store.activeTasks()).isEmpty();
    }

    @Test
    void shouldNotCreditTwiceWhenTheServerDiesBetweenTheCreditAndTheSave() {
        ActivityTask task = service.start("alice", "chop_wood", 1).join();
        store.failSaves.set(Integer.MAX_VALUE);
        clock.set(task.endMs());
        await("the credit", () -> activityKeys().size() == 1);
        // The backoff's sleep, not only the retry count: closing between the two would skip the sleep.
        await("a failed save and its backoff", () -> service.storeRetries() > 0 && !storeSleeps.isEmpty());
        service.close();
        assertThat(store.tasksOf("alice").getFirst().state()).isEqualTo(ActivityTask.State.RUNNING);

        store.failSaves.set(0);
        service = newService(SETTINGS);
        await("settled after the restart", () -> service.tasksCompleted() == 1);
        assertThat(activityKeys()).containsExactly("activity:" + task.id());
        assertThat(ledgerStore.balances("player:alice")).containsEntry("wood", 6L);
        assertThat(store.tasksOf("alice").getFirst().state()).isEqualTo(ActivityTask.State.COMPLETED);
        assertThat(storeSleeps).isNotEmpty().allSatisfy(ns -> assertThat(ns).isBetween(0L, FAST.maxDelayNs()));
    }

    @Test
    void shouldNotCreditATaskStartedInATurnBeforeThatTurnIsSaved() {
        ActivityTask first = service.start("alice", "chop_wood", 1).join();
        ActivityTask second = service.start("alice", "chop_wood", 1).join();
        store.failSaves.set(Integer.MAX_VALUE);
        // Both ends are past: the second starts (unsaved) the moment the first is credited, and is due at once.
        clock.set(T0 + 3_600_000L);
        await("the first credit and failing saves", () -> activityKeys().size() == 1 && service.storeRetries() >= 5);
        assertThat(activityKeys()).containsExactly("activity:" + first.id());
        // Completions count once saved.
        assertThat(service.tasksCompleted()).isZero();

        store.failSaves.set(0);
        await("both settled", () -> service.tasksCompleted() == 2);
        assertThat(activityKeys()).containsExactly("activity:" + first.id(), "activity:" + second.id());
        assertThat(store.tasksOf("alice")).extracting(ActivityTask::state)
            .containsExactly(ActivityTask.State.COMPLETED, ActivityTask.State.COMPLETED);
    }

    @Test
    void shouldSettleInSettlementsAfterARestartWithTheSameSeed() {
        // A lane restarted with the seed of the one before it (the same settings) must not draw the settlement keys that
        // lane used: the ledger would refuse each settlement as a conflicting reuse and the lane would credit task by task.
        for (int life = 0; life < 2; life++) {
            service.close();
            service = newService(SETTINGS.withSettlementMax(2));
            for (int i = 0; i < 4; i++) {
                service.start("life" + life + "p" + i, "chop_wood", 1).join();
            }
            clock.addAndGet(60_000);
            ActivityService current = service;
            await("four tasks settled", () -> current.tasksCompleted() == 4);
            assertThat(service.settlements()).isEqualTo(2);
            assertThat(service.creditsAlone()).as("tasks credited alone after a refused settlement").isZero();
        }
        List<String> kinds = new ArrayList<>();
        ledgerStore.forEachEntry(entry -> kinds.add(entry.kind()));
        assertThat(kinds).containsExactly("settlement", "settlement", "settlement", "settlement");
    }

    @Test
    void shouldSettleTasksDueTogetherInBoundedSettlementsAndNeverCreditTwiceAcrossACrash() {
        service.close();
        service = newService(SETTINGS.withSettlementMax(2));
        List<ActivityTask> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(service.start("p" + i, "chop_wood", 1).join());
        }
        // The lane dies after the settlements were credited and before the tasks were saved as completed.
        store.failSaves.set(Integer.MAX_VALUE);
        clock.set(T0 + 60_000);
        await("the credits", () -> activityKeys().size() == 5);
        assertThat(service.settlements()).isEqualTo(3);
        assertThat(ledger.batches.get()).isEqualTo(3);
        List<String> kinds = new ArrayList<>();
        ledgerStore.forEachEntry(entry -> kinds.add(entry.kind()));
        assertThat(kinds).containsOnly("settlement").hasSize(3);
        await("a failed save and its backoff", () -> service.storeRetries() > 0 && !storeSleeps.isEmpty());
        service.close();
        assertThat(store.activeTasks()).hasSize(5).allSatisfy(t -> assertThat(t.state()).isEqualTo(ActivityTask.State.RUNNING));

        // The restarted lane settles them again, in new settlements: the ledger finds every task credited.
        store.failSaves.set(0);
        service = newService(SETTINGS.withSettlementMax(2));
        await("settled after the restart", () -> service.tasksCompleted() == 5);
        assertThat(activityKeys()).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(tasks.stream().map(t -> "activity:" + t.id()).toList());
        for (int i = 0; i < 5; i++) {
            assertThat(ledgerStore.balances("player:p" + i)).containsExactlyEntriesOf(Map.of("wood", 6L));
            assertThat(store.tasksOf("p" + i)).singleElement().satisfies(t -> assertThat(t.result()).isEqualTo("wood=6"));
        }
        // And a credit of one of them alone finds the settlement's receipt.
        Receipt alone = ledgerService.reward("activity:" + tasks.getFirst().id(), "p0", "activity:chop_wood",
            List.of(new Grant(dev.ludus.platform.ledger.Asset.item("wood"), 6))).join();
        assertThat(alone.replayed()).isTrue();
        assertThat(ledger.alone.get()).isZero();
        assertThat(dev.ludus.platform.ledger.LedgerAudit.run(ledgerStore).violation()).isEmpty();
        assertThat(store.activeTasks()).isEmpty();
    }

    @Test
    void shouldCreditTasksOneByOneWhenTheLedgerRefusesTheirSettlementSoOnlyTheBadOneFails() {
        ActivityTask bad = service.start("alice", "bad_asset", 10).join();
        ActivityTask good = service.start("bob", "chop_wood", 1).join();
        clock.set(T0 + 3_600_000L);
        await("both settled", () -> service.tasksCompleted() + service.tasksFailed() == 2);
        assertThat(service.tasksCompleted()).isEqualTo(1);
        assertThat(service.creditsAlone()).isEqualTo(2);
        assertThat(store.tasksOf("alice")).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(bad.id());
            assertThat(t.result()).isEqualTo("credit_refused");
        });
        assertThat(activityKeys()).containsExactly("activity:" + good.id());
        assertThat(ledgerStore.balances("player:bob")).containsEntry("wood", 6L);
    }

    @Test
    void shouldRetryATransientCreditFailureWithBackoff() {
        ActivityTask task = service.start("alice", "chop_wood", 1).join();
        ledger.failRewards.set(2);
        clock.set(task.endMs());
        await("first retry", () -> service.creditRetries() == 1);
        clock.addAndGet(1000);
        await("second retry", () -> service.creditRetries() == 2);
        assertThat(store.tasksOf("alice").getFirst().attempts()).isGreaterThanOrEqualTo(1);
        clock.addAndGet(1000);
        await("completion", () -> service.tasksCompleted() == 1);
        assertThat(activityKeys()).hasSize(1);
    }

    @Test
    void shouldFailATaskWhoseCreditTheLedgerRefusesForGood() {
        // Ten fights: one alone would earn floor(0.6) = 0 unicorns and fail before reaching the ledger.
        ActivityTask task = service.start("alice", "bad_asset", 10).join();
        clock.set(task.endMs());
        await("failure", () -> service.tasksFailed() == 1);
        assertThat(stored("alice")).filteredOn(n -> n.kind() == Notice.Kind.TASK_FAILED).singleElement()
            .extracting(Notice::reason).isEqualTo("credit_refused");
        assertThat(activityKeys()).isEmpty();
        assertThat(service.creditsAlone()).isEqualTo(1);
    }

    @Test
    void shouldReportFailedCraftsAsFailedTasks() {
        for (int i = 0; i < 10; i++) {
            service.start("carol", "hard_craft", 1).join();
        }
        clock.set(T0 + 3_600_000L);
        await("ten crafts", () -> service.tasksCompleted() + service.tasksFailed() == 10);
        List<Notice> failed = stored("carol").stream().filter(n -> n.kind() == Notice.Kind.TASK_FAILED).toList();
        assertThat(failed).isNotEmpty().allSatisfy(n -> assertThat(n.reason()).isEqualTo("crafting_failed"));
        assertThat(service.tasksCompleted()).isPositive();
        assertThat(activityKeys()).hasSize((int) service.tasksCompleted());
    }

    @Test
    void shouldRefuseBadRequestsWithStableCodes() {
        assertThat(errorOf(service.start("alice", "dance", 1))).isEqualTo(ActivityError.UNKNOWN_TASK);
        assertThat(errorOf(service.start("alice", null, 1))).isEqualTo(ActivityError.UNKNOWN_TASK);
        assertThat(errorOf(service.start("alice", "chop_wood", 0))).isEqualTo(ActivityError.INVALID_PARAMETERS);
        assertThat(errorOf(service.start("alice", "chop_wood", 1001))).isEqualTo(ActivityError.INVALID_PARAMETERS);
        assertThat(errorOf(service.start("not a name!", "chop_wood", 1))).isEqualTo(ActivityError.UNKNOWN_PLAYER);
        rules.profiles.put("tim", new PlayerProfile(5, Map.of(), Map.of(), TestActivities.BEGINNER.equipment(), "forest",
            Set.of("workbench"), Map.of()));
        assertThat(errorOf(service.start("tim", "chop_wood", 1))).isEqualTo(ActivityError.MISSING_TOOL);
        assertThat(errorOf(service.start("tim", "hard_craft", 1))).isEqualTo(ActivityError.SKILL_TOO_LOW);
        for (int i = 0; i < 10; i++) {
            service.start("alice", "chop_wood", 1).join();
        }
        assertThat(errorOf(service.start("alice", "chop_wood", 1))).isEqualTo(ActivityError.QUEUE_FULL);
        assertThat(errorOf(service.cancel("alice", "no-such-task"))).isEqualTo(ActivityError.UNKNOWN_ACTIVITY);
        assertThat(errorOf(service.cancel("alice", null))).isEqualTo(ActivityError.UNKNOWN_ACTIVITY);
        String bobs = service.start("bob", "chop_wood", 1).join().id();
        assertThat(errorOf(service.cancel("alice", bobs))).isEqualTo(ActivityError.UNKNOWN_ACTIVITY);
        assertThatThrownBy(() -> ActivityService.Settings.parseTimeScale("fast")).hasMessageContaining(
            "LUDUS_ACTIVITY_TIME_SCALE : \"fast\"");
        assertThatThrownBy(() -> ActivityService.Settings.parseTimeScale("0")).hasMessageContaining("expected: > 0");
        assertThatThrownBy(() -> SETTINGS.withTimeScale(-1)).hasMessageContaining("LUDUS_ACTIVITY_TIME_SCALE : -1.0");
        assertThatThrownBy(() -> new ActivityService.Settings(1, 0, 1, FAST, FAST, FAST, 1)).hasMessageContaining("maxQueue : 0 (expected: 1 to 100)");
        assertThatThrownBy(() -> new ActivityService.Settings(1, 1, 0, FAST, FAST, FAST, 1)).hasMessageContaining("maxInFlight : 0");
        assertThatThrownBy(() -> SETTINGS.withSettlementMax(0)).hasMessageContaining("settlementMax : 0 (expected: 1 to 5000)");
        assertThatThrownBy(() -> SETTINGS.withSettlementMax(5001)).hasMessageContaining("settlementMax : 5001");
        assertThat(ActivityService.Settings.parseTimeScale(null)).isEqualTo(1.0);
        assertThat(ActivityService.Settings.parseTimeScale(" 0.001 ")).isEqualTo(0.001);
        assertThat(ActivityService.Settings.parseRetention(null)).isEqualTo(7 * 86_400_000L);
        assertThat(ActivityService.Settings.parseRetention(" 36h ")).isEqualTo(36 * 3_600_000L);
        assertThat(ActivityService.Settings.parseRetention("1m")).isEqualTo(60_000L);
        assertThat(ActivityService.Settings.parseRetention("forever")).isZero();
        assertThatThrownBy(() -> ActivityService.Settings.parseRetention("7 days")).hasMessageContaining(
            "LUDUS_ACTIVITY_RETENTION : \"7 days\" (expected: a whole number and a unit s, m, h or d, e.g. 7d, or forever)");
        assertThatThrownBy(() -> ActivityService.Settings.parseRetention("30s")).hasMessageContaining("expected: at least 1m");
        assertThatThrownBy(() -> ActivityService.Settings.parseRetention("-1d")).hasMessageContaining("expected: a whole number");
        assertThatThrownBy(() -> SETTINGS.withRetentionMs(59_999)).hasMessageContaining("LUDUS_ACTIVITY_RETENTION : 59999 ms");
    }

    @Test
    void shouldNeverCreditATaskWhoseStartIsNotSavedEvenWhenItStartsAndEndsInOneTurnOfACatchUp() {
        service.close();
        service = newService(SETTINGS.withSeed(CRAFT_FAILS_SEED));
        ActivityTask first = service.start("alice", "chop_wood", 1).join();
        ActivityTask craft = service.start("alice", "hard_craft", 1).join();
        ActivityTask last = service.start("alice", "chop_wood", 1).join();
        // Back after ten hours: the craft starts when the first task's credit returns, ends in the past and fails (this seed's
        // draw) without a credit, so the last task starts and is due within the same turn of the lane.
        clock.set(T0 + 10 * 3_600_000L);
        await("three tasks ended", () -> service.tasksCompleted() + service.tasksFailed() == 3);
        assertThat(store.tasksOf("alice")).extracting(ActivityTask::id, ActivityTask::state, ActivityTask::result).containsExactly(
            org.assertj.core.groups.Tuple.tuple(first.id(), ActivityTask.State.COMPLETED, "wood=6"),
            org.assertj.core.groups.Tuple.tuple(craft.id(), ActivityTask.State.FAILED, "crafting_failed"),
            org.assertj.core.groups.Tuple.tuple(last.id(), ActivityTask.State.COMPLETED, "wood=6"));
        assertThat(ledger.creditedBeforeTheirStartWasSaved).as("a crash before the save would restart them with another profile")
            .isEmpty();
    }

    @Test
    void shouldRefuseTheRequestsItCouldNotSaveWhenItStopsRatherThanLeaveThemWaiting() throws Exception {
        // The database refuses every save: the lane retries the turn that queues alice's task, and a second request waits.
        store.failSaves.set(Integer.MAX_VALUE);
        CompletableFuture<ActivityTask> unsaved = service.start("alice", "chop_wood", 1);
        await("a failed save", () -> service.storeRetries() > 0);
        CompletableFuture<ActivityTask> waiting = service.start("bob", "chop_wood", 1);

        service.close();

        assertThat(errorOf(unsaved.orTimeout(10, TimeUnit.SECONDS))).isEqualTo(ActivityError.ACTIVITIES_UNAVAILABLE);
        assertThat(errorOf(waiting.orTimeout(10, TimeUnit.SECONDS))).isEqualTo(ActivityError.ACTIVITIES_UNAVAILABLE);
        assertThat(errorOf(service.start("carol", "chop_wood", 1))).isEqualTo(ActivityError.ACTIVITIES_UNAVAILABLE);
        assertThat(store.tasksOf("alice")).isEmpty();
        store.failSaves.set(0);
    }

    @Test
    void shouldKeepOnePlayersQueueAndNoticesWhateverTheCaseOfItsName() {
        ActivityTask task = service.start("Dana", "chop_wood", 1).join();
        assertThat(task.player()).isEqualTo("dana");
        assertThat(service.queue("DANA").join()).extracting(ActivityTask::id).containsExactly(task.id());
        RecordingSink phone = new RecordingSink();
        service.online("dAnA", phone);
        await("the stored notices delivered", () -> phone.received.size() >= 2);
        assertThat(service.cancel("dana", task.id()).join().state()).isEqualTo(ActivityTask.State.CANCELLED);
    }

    @Test
    void shouldRefuseOrFailClearlyWhenTheGamesRulesThrowAndGoOnServingEveryoneElse() {
        rules.unreadable.add("mallory");
        assertThat(errorOf(service.start("mallory", "chop_wood", 1).orTimeout(10, TimeUnit.SECONDS)))
            .isEqualTo(ActivityError.ACTIVITIES_UNAVAILABLE);
        // (Timeouts: before the fix the lane ran the throwing command again every turn and nothing after it ever ran.)
        // The lane is not stuck on the command that threw, and does not run it again.
        ActivityTask first = service.start("alice", "chop_wood", 1).orTimeout(10, TimeUnit.SECONDS).join();
        ActivityTask second = service.start("alice", "chop_wood", 1).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(second.state()).isEqualTo(ActivityTask.State.QUEUED);

        // Alice's profile becomes unreadable while her first task runs: the queued one cannot start, and fails with a reason.
        rules.unreadable.add("alice");
        clock.set(first.endMs());
        await("the first credited, the second failed", () -> service.tasksCompleted() == 1 && service.tasksFailed() == 1);
        assertThat(store.tasksOf("alice")).extracting(ActivityTask::state).containsExactly(ActivityTask.State.COMPLETED,
            ActivityTask.State.FAILED);
        assertThat(stored("alice")).filteredOn(n -> n.kind() == Notice.Kind.TASK_FAILED).singleElement()
            .satisfies(n -> assertThat(n.reason()).isEqualTo("activities_unavailable"));
        assertThat(activityKeys()).containsExactly("activity:" + first.id());
        assertThat(service.activeTasks()).isZero();

        rules.unreadable.remove("alice");
        assertThat(service.start("alice", "chop_wood", 1).orTimeout(10, TimeUnit.SECONDS).join().state())
            .isEqualTo(ActivityTask.State.RUNNING);
        assertThat(store.tasksOf("mallory")).isEmpty();
    }

    @Test
    void shouldDeleteDeliveredNoticesAndFinishedTasksOnceOlderThanTheRetentionAndKeepWhatIsStillOwed() {
        service.close();
        // The database refuses the retention's marks and purges at first: play goes on, the retention waits.
        store.retentionFails = true;
        service = newService(SETTINGS.withRetentionMs(60_000));
        RecordingSink alicesPhone = new RecordingSink();
        service.online("alice", alicesPhone);
        ActivityTask alices = service.start("alice", "chop_wood", 1).join();
        ActivityTask bobs = service.start("bob", "chop_wood", 1).join();
        clock.set(T0 + 60_000);
        await("both completed and alice's four notices delivered", () -> service.tasksCompleted() == 2
            && alicesPhone.received.size() == 4 && stored("alice").isEmpty());
        assertThat(store.retentionFailures.get()).isPositive();
        store.retentionFails = false;
        // Marks are taken as the clock moves; a row goes once a mark covering it is a minute (the retention) old. Age counts from
        // creation: the two tasks and the first two notices existed at the mark of T0 + 60 s, the completions only at later ones.
        clock.set(T0 + 120_000);
        await("the mark at T0 + 120 s", () -> store.markTimes().contains(T0 + 120_000));
        ActivityTask carols = service.start("carol", "chop_wood", 10).join();
        clock.set(T0 + 200_000);
        await("the purge", () -> service.tasksPurged() == 2 && service.noticesPurged() == 4);

        assertThat(store.notices()).extracting(Notice::player).containsOnly("bob", "carol").doesNotContain("alice");
        assertThat(stored("bob")).as("bob was never online: his notices wait for his login").extracting(n -> n.kind().code())
            .containsExactly("task_started", "queue_updated", "task_completed", "queue_updated");
        assertThat(store.tasksOf("alice")).isEmpty();
        assertThat(store.tasksOf("bob")).isEmpty();
        assertThat(store.tasksOf("carol")).extracting(ActivityTask::id).containsExactly(carols.id());
        assertThat(activityKeys()).as("the ledger keeps each credit's key").containsExactlyInAnyOrder("activity:" + alices.id(),
            "activity:" + bobs.id());

        // A restart continues the ids after the newest kept rows: no notice id is given twice.
        long newest = store.notices().getLast().id();
        service.close();
        service = newService(SETTINGS.withRetentionMs(60_000));
        RecordingSink carolsPhone = new RecordingSink();
        service.online("carol", carolsPhone);
        service.start("carol", "chop_wood", 1).join();
        await("carol's notices", () -> carolsPhone.received.size() >= 3);
        assertThat(carolsPhone.received).extracting(Notice::id).doesNotHaveDuplicates().last().satisfies(id -> assertThat(id).isGreaterThan(newest));
    }

    @Test
    void shouldCancelARunningTaskAndStartTheNextAtOnce() {
        ActivityTask first = service.start("alice", "chop_wood", 5).join();
        ActivityTask second = service.start("alice", "fight_wolves", 1).join();
        ActivityTask third = service.start("alice", "chop_wood", 1).join();
        assertThat(service.cancel("alice", third.id()).join().state()).isEqualTo(ActivityTask.State.CANCELLED);
        clock.set(T0 + 1000);
        assertThat(service.cancel("alice", first.id()).join().state()).isEqualTo(ActivityTask.State.CANCELLED);
        List<ActivityTask> queue = service.queue("alice").join();
        assertThat(queue).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(second.id());
            assertThat(t.state()).isEqualTo(ActivityTask.State.RUNNING);
            assertThat(t.startMs()).isEqualTo(T0 + 1000);
        });
        assertThat(service.queue("nobody").join()).isEmpty();
        assertThat(activityKeys()).isEmpty();
    }

    @Test
    void shouldFailAQueuedTaskThatNoLongerValidatesWhenItsTurnComes() {
        ActivityTask first = service.start("dave", "chop_wood", 1).join();
        service.start("dave", "chop_wood", 1).join();
        rules.profiles.put("dave", new PlayerProfile(5, Map.of(), Map.of(), TestActivities.BEGINNER.equipment(), "forest",
            Set.of(), Map.of()));
        clock.set(first.endMs());
        await("one completed, one failed", () -> service.tasksCompleted() == 1 && service.tasksFailed() == 1);
        assertThat(stored("dave")).filteredOn(n -> n.kind() == Notice.Kind.TASK_FAILED).singleElement()
            .extracting(Notice::reason).isEqualTo("missing_tool");
    }

    @Test
    void shouldRetryAFailedDeliveryWithBackoffAndKeepTheOrder() {
        RecordingSink sink = new RecordingSink();
        sink.failures.set(1);
        store.readsFail = true;
        service.online("erin", sink);
        await("a retry after a failed read", () -> service.deliveryRetries() == 1);
        ActivityTask task = service.start("erin", "chop_wood", 1).join();
        clock.addAndGet(100);
        await("a retry after a failed write", () -> service.deliveryRetries() == 2);
        clock.addAndGet(100);
        await("redelivery", () -> stored("erin").isEmpty());
        clock.set(task.endMs());
        await("completion delivered", () -> sink.kinds().contains("task_completed"));
        assertThat(sink.received).extracting(Notice::id).isSorted().doesNotHaveDuplicates();
        assertThat(sink.kinds()).containsExactly("task_started", "queue_updated", "task_completed", "queue_updated");
    }

    @Test
    void shouldScaleEveryDurationWithTheTimeScale() {
        service.close();
        service = newService(SETTINGS.withTimeScale(0.001).withSeed(7));
        ActivityTask task = service.start("frank", "chop_wood", 3).join();
        // 60 s at scale 0.001 is 60 ms a unit.
        assertThat(task.unitMs()).isEqualTo(60);
        assertThat(task.endMs()).isEqualTo(T0 + 180);
        assertThat(service.settings().timeScale()).isEqualTo(0.001);
    }
}
