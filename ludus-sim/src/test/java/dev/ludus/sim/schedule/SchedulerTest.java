package dev.ludus.sim.schedule;

import static dev.ludus.sim.schedule.WorkClass.AMBIENT;
import static dev.ludus.sim.schedule.WorkClass.BACKGROUND;
import static dev.ludus.sim.schedule.WorkClass.CRITICAL;
import static dev.ludus.sim.schedule.WorkClass.INTERACTIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final long COST = SchedulerConfig.DEFAULT_INITIAL_COST_NANOS;
    private static final long AMPLE = 1_000_000_000L;

    private final Scheduler scheduler = Scheduler.create(SchedulerConfig.of(64, 16));

    /** Runs every task the scheduler hands out, each at its kind's initial cost; returns the kinds in order. */
    private List<Integer> drain() {
        List<Integer> kinds = new ArrayList<>();
        for (int task; (task = scheduler.next()) != Scheduler.NONE; ) {
            kinds.add(scheduler.kindOf(task));
            scheduler.complete(task, COST);
        }
        return kinds;
    }

    @Test
    void shouldServeClassesInStrictOrderWhateverTheLevels() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(3, BACKGROUND, 63);
        scheduler.submit(2, AMBIENT, 63);
        scheduler.submit(1, INTERACTIVE, 63);
        scheduler.submit(0, CRITICAL, 0);

        assertThat(drain()).containsExactly(0, 1, 2, 3);
        assertThat(scheduler.executed(CRITICAL)).isEqualTo(1);
        assertThat(scheduler.executed(BACKGROUND)).isEqualTo(1);
        assertThat(scheduler.size()).isZero();
    }

    @Test
    void shouldServeHigherLevelsFirstWithinAClass() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(1, AMBIENT, 5);
        scheduler.submit(2, AMBIENT, 40);
        scheduler.submit(3, AMBIENT, 0);
        scheduler.submit(4, AMBIENT, 63);

        assertThat(drain()).containsExactly(4, 2, 1, 3);
    }

    @Test
    void shouldServeEqualTasksFirstComeFirstServed() {
        scheduler.begin(0, AMPLE);
        for (int kind = 0; kind < 8; kind++) {
            scheduler.submit(kind, INTERACTIVE, 12);
        }

        assertThat(drain()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void shouldServeCombatBeforeTradingBeforeIdle() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(0, INTERACTIVE, Priority.level(4, Activity.IDLE, false));
        scheduler.submit(1, INTERACTIVE, Priority.level(4, Activity.TRADING, false));
        scheduler.submit(2, INTERACTIVE, Priority.level(4, Activity.COMBAT, false));

        assertThat(drain()).containsExactly(2, 1, 0);
    }

    @Test
    void shouldServePremiumPlayersWorkBeforeStandardAtEqualOtherFactors() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(0, AMBIENT, Priority.level(10, Activity.TRADING, false));
        scheduler.submit(1, AMBIENT, Priority.level(10, Activity.TRADING, true));

        assertThat(drain()).containsExactly(1, 0);
    }

    @Test
    void shouldHoldADependantUntilItsPrerequisiteCompletesThisTick() {
        int physics = 4;
        int ai = 5;
        scheduler.dependsOn(ai, physics);
        scheduler.begin(0, AMPLE);
        int aiTask = scheduler.submit(ai, CRITICAL, 63);
        scheduler.submit(physics, INTERACTIVE, 0);
        assertThat(scheduler.waitingCount()).isEqualTo(1);

        int first = scheduler.next();
        assertThat(scheduler.kindOf(first)).isEqualTo(physics);
        assertThat(scheduler.next()).as("AI waits while physics runs").isEqualTo(Scheduler.NONE);
        scheduler.complete(first, COST);

        assertThat(scheduler.waitingCount()).isZero();
        assertThat(scheduler.next()).isEqualTo(aiTask);
    }

    @Test
    void shouldRunADependantAtOnceWhenThePrerequisiteAlreadyCompletedThisTick() {
        scheduler.dependsOn(5, 4);
        scheduler.begin(0, AMPLE);
        scheduler.submit(4, INTERACTIVE, 0);
        assertThat(drain()).containsExactly(4);

        scheduler.submit(5, INTERACTIVE, 0);
        assertThat(drain()).containsExactly(5);
    }

    @Test
    void shouldWaitForEveryPrerequisiteAndEveryTaskOfIt() {
        scheduler.dependsOn(9, 1);
        scheduler.dependsOn(9, 2);
        scheduler.begin(0, AMPLE);
        scheduler.submit(9, INTERACTIVE, 63);
        scheduler.submit(1, AMBIENT, 0);
        scheduler.submit(1, AMBIENT, 0);
        scheduler.submit(2, BACKGROUND, 0);

        assertThat(drain()).containsExactly(1, 1, 2, 9);
    }

    @Test
    void shouldKeepADependantWaitingUntilItsPrerequisiteCompletesInALaterTick() {
        scheduler.dependsOn(5, 4);
        scheduler.begin(0, AMPLE);
        scheduler.submit(4, INTERACTIVE, 0);
        assertThat(drain()).containsExactly(4);

        scheduler.begin(1, AMPLE);
        scheduler.submit(5, INTERACTIVE, 0);
        assertThat(drain()).as("physics completed last tick, not this one").isEmpty();

        scheduler.begin(2, AMPLE);
        assertThat(scheduler.deferred(INTERACTIVE)).isEqualTo(1);
        scheduler.submit(4, INTERACTIVE, 0);
        assertThat(drain()).containsExactly(4, 5);
    }

    @Test
    void shouldReleaseADiamondOfKindsOnlyAfterAllTheirPrerequisites() {
        scheduler.dependsOn(1, 0);
        scheduler.dependsOn(2, 0);
        scheduler.dependsOn(3, 1);
        scheduler.dependsOn(3, 2);
        scheduler.dependsOn(5, 3);
        scheduler.begin(0, AMPLE);
        scheduler.submit(5, INTERACTIVE, 63);
        scheduler.submit(3, INTERACTIVE, 0);
        scheduler.submit(3, INTERACTIVE, 1);
        scheduler.submit(2, AMBIENT, 0);
        scheduler.submit(1, AMBIENT, 0);
        scheduler.submit(0, BACKGROUND, 0);
        assertThat(scheduler.waitingCount()).isEqualTo(5);

        assertThat(drain()).as("kind 0 releases 1 and 2 in declaration order").containsExactly(0, 1, 2, 3, 3, 5);
    }

    @Test
    void shouldRejectBadDependencies() {
        scheduler.dependsOn(2, 1);
        scheduler.dependsOn(3, 2);
        assertThatThrownBy(() -> scheduler.dependsOn(1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prerequisite : 3 (expected: a kind that does not itself wait, directly or not, for kind 1)");
        assertThatThrownBy(() -> scheduler.dependsOn(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prerequisite : 2 (expected: not the kind itself)");
        assertThatThrownBy(() -> scheduler.dependsOn(2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prerequisite : 1 (expected: not already declared for kind 2)");
        assertThatThrownBy(() -> scheduler.dependsOn(16, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind : 16 (expected: in [0, 16))");
        assertThatThrownBy(() -> scheduler.dependsOn(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prerequisite : -1 (expected: in [0, 16))");
        scheduler.begin(0, AMPLE);
        scheduler.submit(0, AMBIENT, 0);
        assertThatThrownBy(() -> scheduler.dependsOn(4, 5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("size : 1 (expected: 0 when declaring dependencies)");
    }

    @Test
    void shouldDeferNonCriticalWorkThatWouldOverrunTheBudget() {
        scheduler.begin(0, 2 * COST + COST / 2);
        for (int kind = 0; kind < 3; kind++) {
            scheduler.submit(kind, INTERACTIVE, 0);
        }
        scheduler.submit(3, BACKGROUND, 0);

        assertThat(drain()).containsExactly(0, 1);
        assertThat(scheduler.budgetExhausted()).isTrue();
        assertThat(scheduler.remainingNanos()).isEqualTo(COST / 2);
        assertThat(scheduler.readyCount(INTERACTIVE)).isEqualTo(1);

        scheduler.begin(1, AMPLE);
        assertThat(scheduler.deferred(INTERACTIVE)).isEqualTo(1);
        assertThat(scheduler.deferred(BACKGROUND)).isEqualTo(1);
        assertThat(scheduler.budgetExhausted()).isFalse();
        assertThat(drain()).containsExactly(2, 3);
        assertThat(scheduler.overrunNanos()).isZero();
    }

    @Test
    void shouldNotLetCheaperLowerClassWorkJumpARefusedTask() {
        scheduler.begin(0, COST);
        int big = scheduler.submit(0, INTERACTIVE, 0);
        scheduler.complete(scheduler.next(), 5 * COST);
        scheduler.begin(1, COST);
        assertThat(scheduler.costEstimateNanos(0)).isEqualTo(5 * COST);
        scheduler.submit(0, INTERACTIVE, 0);
        scheduler.submit(1, BACKGROUND, 0);

        assertThat(scheduler.next()).isEqualTo(Scheduler.NONE);
        assertThat(scheduler.readyCount(BACKGROUND)).isEqualTo(1);
        assertThat(big).isZero();
    }

    @Test
    void shouldRunCriticalWorkEvenWhenItOverrunsTheBudget() {
        scheduler.begin(0, COST);
        scheduler.submit(0, CRITICAL, 0);
        scheduler.submit(1, CRITICAL, 0);
        scheduler.submit(2, CRITICAL, 0);
        scheduler.submit(3, AMBIENT, 0);

        assertThat(drain()).containsExactly(0, 1, 2);
        assertThat(scheduler.overrunNanos()).isEqualTo(2 * COST);
        scheduler.submit(4, CRITICAL, 0);
        assertThat(drain()).as("CRITICAL still runs after non-CRITICAL work was refused").containsExactly(4);

        scheduler.begin(1, 0);
        assertThat(scheduler.criticalSkipped()).isZero();
        assertThat(scheduler.deferred(AMBIENT)).isEqualTo(1);
        assertThat(scheduler.overrunNanos()).isEqualTo(3 * COST);
        assertThat(scheduler.deferred(CRITICAL)).isZero();
    }

    @Test
    void shouldCountCriticalWorkLeftUndoneAsSkipped() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(0, CRITICAL, 0);
        scheduler.begin(1, AMPLE);

        assertThat(scheduler.criticalSkipped()).isEqualTo(1);
    }

    @Test
    void shouldRaiseWaitingTasksOneLevelPerAgingStep() {
        Scheduler slow = Scheduler.create(new SchedulerConfig(64, 16, 2, COST));
        slow.begin(0, AMPLE);
        slow.submit(0, AMBIENT, 0);
        slow.begin(1, AMPLE);
        slow.begin(20, AMPLE);
        slow.submit(1, AMBIENT, 9);
        slow.submit(2, AMBIENT, 10);
        slow.submit(3, AMBIENT, 11);

        List<Integer> kinds = new ArrayList<>();
        for (int task; (task = slow.next()) != Scheduler.NONE; ) {
            kinds.add(slow.kindOf(task));
            slow.complete(task, COST);
        }
        assertThat(kinds).as("10 steps old, level 10, ahead of the later level 10").containsExactly(3, 0, 2, 1);
    }

    @Test
    void shouldPromoteTopLevelWorkToTheClassAboveButNeverIntoCritical() {
        scheduler.begin(0, AMPLE);
        int background = scheduler.submit(0, BACKGROUND, 63);
        scheduler.submit(1, INTERACTIVE, 63);
        scheduler.begin(1, AMPLE);
        assertThat(scheduler.readyCount(AMBIENT)).isEqualTo(1);
        scheduler.begin(2, AMPLE);
        assertThat(scheduler.readyCount(INTERACTIVE)).isEqualTo(2);
        scheduler.begin(3, AMPLE);
        assertThat(scheduler.readyCount(INTERACTIVE)).isEqualTo(2);
        assertThat(scheduler.readyCount(CRITICAL)).isZero();
        assertThat(scheduler.classOf(background)).isEqualTo(BACKGROUND);

        scheduler.submit(2, INTERACTIVE, 63);
        assertThat(drain()).as("oldest first at the top level").containsExactly(1, 0, 2);
        assertThat(scheduler.executed(INTERACTIVE)).isEqualTo(3);
        assertThat(scheduler.executed(BACKGROUND)).isZero();
    }

    @Test
    void shouldSettleEveryQueuedTaskWhenManyTicksPass() {
        scheduler.begin(0, AMPLE);
        scheduler.submit(0, BACKGROUND, 0);
        scheduler.submit(1, AMBIENT, 30);
        scheduler.submit(2, INTERACTIVE, 2);
        scheduler.submit(3, CRITICAL, 1);
        scheduler.begin(1_000_003, AMPLE);

        assertThat(scheduler.readyCount(CRITICAL)).isEqualTo(1);
        assertThat(scheduler.readyCount(INTERACTIVE)).isEqualTo(3);
        assertThat(drain()).as("top-level INTERACTIVE: earliest to reach the top first").containsExactly(3, 1, 2, 0);
    }

    @Test
    void shouldLetAStarvingTaskRunOverBudgetOncePerTick() {
        scheduler.begin(0, 0);
        scheduler.submit(0, AMBIENT, 63);
        scheduler.submit(1, AMBIENT, 63);
        assertThat(drain()).containsExactly(0);
        assertThat(scheduler.overrunNanos()).isEqualTo(COST);
    }

    @Test
    void shouldLearnCostsAsAnExponentiallyWeightedAverage() {
        scheduler.begin(0, AMPLE);
        long budgetBefore = scheduler.remainingNanos();
        scheduler.submit(7, BACKGROUND, 0);
        scheduler.complete(scheduler.next(), 80_000);
        assertThat(scheduler.costEstimateNanos(7)).as("first measurement replaces the guess").isEqualTo(80_000);
        assertThat(scheduler.remainingNanos()).isEqualTo(budgetBefore - 80_000);

        long target = 1_000;
        long error = 80_000 - target;
        for (int k = 1; k <= 100; k++) {
            scheduler.submit(7, BACKGROUND, 0);
            scheduler.complete(scheduler.next(), target);
            long bound = (long) Math.ceil(error * Math.pow(7.0 / 8.0, k)) + 8;
            assertThat(Math.abs(scheduler.costEstimateNanos(7) - target)).isLessThanOrEqualTo(bound);
        }
        assertThat(Math.abs(scheduler.costEstimateNanos(7) - target)).isLessThan(8);
        assertThat(scheduler.costEstimateNanos(6)).isEqualTo(COST);
    }

    @Test
    void shouldReuseHandlesUpToCapacity() {
        Scheduler small = Scheduler.create(SchedulerConfig.of(2, 4));
        small.begin(0, AMPLE);
        small.submit(0, AMBIENT, 0);
        int second = small.submit(1, AMBIENT, 0);
        assertThatThrownBy(() -> small.submit(2, AMBIENT, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("size : 2 (expected: < capacity 2)");
        int first = small.next();
        small.complete(first, 1);
        assertThat(small.submit(3, AMBIENT, 0)).isEqualTo(first);
        assertThat(small.kindOf(second)).isEqualTo(1);
    }

    @Test
    void shouldRejectBadArguments() {
        assertThatThrownBy(() -> scheduler.submit(0, AMBIENT, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("tick : none begun (expected: begin(tick, budgetNanos) before submit)");
        assertThatThrownBy(() -> scheduler.begin(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tick : -1 (expected: >= 0)");
        scheduler.begin(5, 0);
        assertThatThrownBy(() -> scheduler.begin(5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tick : 5 (expected: >= 0 and > 5, the last tick begun)");
        assertThatThrownBy(() -> scheduler.begin(6, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budgetNanos : -1 (expected: >= 0)");
        assertThatThrownBy(() -> scheduler.submit(16, AMBIENT, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind : 16 (expected: in [0, 16))");
        assertThatThrownBy(() -> scheduler.submit(0, AMBIENT, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseLevel : 64 (expected: in [0, 63])");
        assertThatThrownBy(() -> scheduler.submit(0, AMBIENT, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.submit(0, null, 0)).isInstanceOf(NullPointerException.class);
        int queued = scheduler.submit(0, CRITICAL, 0);
        assertThatThrownBy(() -> scheduler.complete(queued, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task : 0 (expected: a handle returned by next() and not yet completed)");
        assertThatThrownBy(() -> scheduler.complete(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.complete(64, 1)).isInstanceOf(IllegalArgumentException.class);
        int running = scheduler.next();
        assertThatThrownBy(() -> scheduler.complete(running, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("measuredNanos : -1 (expected: >= 0)");
        scheduler.complete(running, 1);
        assertThatThrownBy(() -> scheduler.complete(running, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.kindOf(running)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task : 0 (expected: a handle held by this scheduler)");
        assertThatThrownBy(() -> scheduler.classOf(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.kindOf(64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.costEstimateNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectBadConfiguration() {
        assertThatThrownBy(() -> SchedulerConfig.of(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity : 0 (expected: in [1, 16777216])");
        assertThatThrownBy(() -> SchedulerConfig.of(1, (1 << 24) + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kinds : 16777217 (expected: in [1, 16777216])");
        assertThatThrownBy(() -> new SchedulerConfig(1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agingTicks : 0 (expected: >= 1)");
        assertThatThrownBy(() -> new SchedulerConfig(1, 1, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialCostNanos : -1 (expected: >= 0)");
        assertThatThrownBy(() -> Scheduler.create(null)).isInstanceOf(NullPointerException.class);
    }
}
