package dev.ludus.sim.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SchedulerPropertiesTest {
    private static final long COST = SchedulerConfig.DEFAULT_INITIAL_COST_NANOS;

    record Submitted(int order, WorkClass workClass, int level) {
    }

    /** Within one tick and an ample budget, the order is a stable sort by class, then level descending. */
    @Property(tries = 200)
    void shouldHandOutInClassThenLevelThenArrivalOrder(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 4 * 64 - 1) Integer> codes) {
        Scheduler scheduler = Scheduler.create(SchedulerConfig.of(300, 300));
        scheduler.begin(17, Long.MAX_VALUE / 4);
        List<Submitted> expected = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            Submitted s = new Submitted(i, WorkClass.values()[codes.get(i) / 64], codes.get(i) % 64);
            expected.add(s);
            scheduler.submit(i, s.workClass(), s.level());
        }
        expected.sort(Comparator.comparing(Submitted::workClass)
                .thenComparing(Comparator.comparingInt(Submitted::level).reversed()));

        List<Integer> actual = new ArrayList<>();
        for (int task; (task = scheduler.next()) != Scheduler.NONE; ) {
            actual.add(scheduler.kindOf(task));
            scheduler.complete(task, COST);
        }
        assertThat(actual).containsExactlyElementsOf(expected.stream().map(Submitted::order).toList());
    }

    /**
     * A BACKGROUND task under INTERACTIVE load that fills what CRITICAL work leaves of every tick's
     * budget, at the highest fresh level, still runs within {@code (65 - b) * agingTicks} ticks (the
     * bound in {@link Scheduler}).
     */
    @Property(tries = 60)
    void shouldRunBackgroundWorkUnderConstantInteractiveLoadWithinTheAgingBound(
            @ForAll @IntRange(min = 0, max = Priority.MAX_BASE_LEVEL) int baseLevel,
            @ForAll @IntRange(min = 1, max = 4) int agingTicks,
            @ForAll @IntRange(min = 1, max = 20) int loadPerTick,
            @ForAll @IntRange(min = 0, max = 3) int criticalPerTick) {
        Scheduler scheduler = Scheduler.create(new SchedulerConfig(4_096, 8, agingTicks, COST));
        int bound = (65 - baseLevel) * agingTicks;
        long budget = (criticalPerTick + loadPerTick) * COST;
        int background = -1;
        boolean ran = false;
        int tick = 0;
        for (; tick <= bound && !ran; tick++) {
            scheduler.begin(tick, budget);
            for (int i = 0; i < criticalPerTick; i++) {
                scheduler.submit(0, WorkClass.CRITICAL, 0);
            }
            if (tick == 0) {
                background = scheduler.submit(3, WorkClass.BACKGROUND, baseLevel);
            }
            for (int i = 0; i < loadPerTick; i++) {
                scheduler.submit(1, WorkClass.INTERACTIVE, Priority.MAX_BASE_LEVEL);
            }
            for (int task; (task = scheduler.next()) != Scheduler.NONE; ) {
                ran |= task == background && scheduler.kindOf(task) == 3;
                scheduler.complete(task, COST);
            }
        }
        assertThat(ran).as("ran within %d ticks", bound).isTrue();
        assertThat(scheduler.criticalSkipped()).isZero();
        if (tick > 1) {
            assertThat(scheduler.deferred(WorkClass.BACKGROUND) + scheduler.deferred(WorkClass.AMBIENT)).isPositive();
        }
    }
}
