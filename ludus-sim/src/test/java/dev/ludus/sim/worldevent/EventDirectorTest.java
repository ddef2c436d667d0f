package dev.ludus.sim.worldevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.sim.worldevent.EventKind.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A 10 x 10 map of 256 m cells at 20 Hz, evaluated every 5 s (100 ticks). */
class EventDirectorTest {
    private static final int HZ = 20;
    private static final EventKind SKIRMISH =
        new EventKind("skirmish", Effect.SCALED, 3, 40, 1, 0.1, 4, 50, 60, 120, 0);
    private static final EventKind STAMPEDE =
        new EventKind("stampede", Effect.DISPERSE, 41, 10_000, 1, 0.05, 3, 40, 60, 300, 0);
    private static final EventKind TREASURE =
        new EventKind("treasure", Effect.ATTRACT, 1, 20, 0.5, 0, 4, 30, 30, 60, 10);

    private static DensityMap map() {
        DensityMap map = new DensityMap(2560, 2560, 256, 60);
        map.decay(1e9);
        return map;
    }

    private static void crowd(DensityMap map, double x, double y, int players) {
        for (int p = 0; p < players; p++) {
            map.add(x, y);
        }
    }

    private static EventDirector director(DensityMap map, int cap, EventKind... kinds) {
        return new EventDirector(List.of(kinds), map, HZ, 5, cap, 2);
    }

    private static SplittableRandom random(long seed, long tick) {
        return new SplittableRandom(seed ^ (tick * 0x9E3779B97F4A7C15L));
    }

    @Test
    void shouldStartAScaledEventInACrowdWithDifficultyGrowingWithTheCrowd() {
        DensityMap small = map();
        crowd(small, 1300, 1300, 10);
        DensityMap large = map();
        crowd(large, 1300, 1300, 30);

        List<WorldEvent> few = director(small, 8, SKIRMISH).evaluate(0, random(1, 0));
        List<WorldEvent> many = director(large, 8, SKIRMISH).evaluate(0, random(1, 0));

        assertThat(few).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(SKIRMISH);
            assertThat(event.cell()).isEqualTo(small.cellAt(1300, 1300));
            assertThat(event.xMetres()).as("at the crowd").isCloseTo(1300, within(1e-9));
            assertThat(event.yMetres()).isCloseTo(1300, within(1e-9));
            assertThat(event.difficulty()).isCloseTo(1 + 0.1 * (10 - 3), within(1e-9));
            assertThat(event.size()).isEqualTo(Math.round(4 * 1.7));
            assertThat(event.startTick()).isZero();
            assertThat(event.endTick()).isEqualTo(60 * HZ);
        });
        assertThat(many).singleElement().satisfies(event -> {
            assertThat(event.difficulty()).isCloseTo(1 + 0.1 * (30 - 3), within(1e-9));
            assertThat(event.difficulty()).isGreaterThan(few.getFirst().difficulty());
            assertThat(event.size()).isGreaterThan(few.getFirst().size());
        });
    }

    @Test
    void shouldSpreadAHugeCrowdIntoSmallerEventsInTheNeighbouringCells() {
        DensityMap map = map();
        crowd(map, 1300, 1300, 200);
        int centre = map.cellAt(1300, 1300);
        EventDirector director = director(map, 8, SKIRMISH, STAMPEDE);

        List<WorldEvent> events = director.evaluate(0, random(1, 0));

        assertThat(events).hasSize(4).allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(STAMPEDE);
            assertThat(event.crowd()).isCloseTo(50, within(1e-9));
            assertThat(event.xMetres()).isEqualTo(map.centreX(event.cell()));
            assertThat(event.difficulty()).isCloseTo(1 + 0.05 * (50 - 41), within(1e-9));
        });
        assertThat(events).extracting(WorldEvent::cell).containsExactly(centre - 1, centre + 1, centre - 10, centre + 10);
        assertThat(director.spawned("stampede")).isEqualTo(4);
        assertThat(director.spawned("skirmish")).isZero();
    }

    @Test
    void shouldDrawPlayersToAnEmptyCellWithinReach() {
        DensityMap map = map();
        crowd(map, 1300, 1300, 2);
        int players = map.cellAt(1300, 1300);
        EventDirector director = director(map, 8, SKIRMISH, TREASURE);

        List<WorldEvent> events = director.evaluate(0, random(3, 0));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(TREASURE);
            assertThat(map.density(event.cell())).isLessThan(EventDirector.EMPTY_BELOW_PLAYERS);
            int dColumn = Math.abs(event.cell() % 10 - players % 10);
            int dRow = Math.abs(event.cell() / 10 - players / 10);
            assertThat(Math.max(dColumn, dRow)).isBetween(1, 2);
            assertThat(event.crowd()).isCloseTo(2, within(1e-9));
            assertThat(event.size()).isEqualTo(2);
        });
    }

    @Test
    void shouldWaitOutTheAreaCooldownAfterAnEventEnds() {
        DensityMap map = map();
        crowd(map, 1300, 1300, 10);
        EventDirector director = director(map, 8, SKIRMISH);
        List<Long> startTicks = new ArrayList<>();

        for (long tick = 0; tick <= 4000; tick++) {
            for (WorldEvent event : director.evaluate(tick, random(5, tick))) {
                startTicks.add(event.startTick());
            }
        }

        // Runs 1200 ticks, then 2400 ticks of cooldown in that cell: next start 3600.
        assertThat(startTicks).containsExactly(0L, 3600L);
        assertThat(director.active()).hasSize(1);
    }

    @Test
    void shouldWaitOutTheGlobalCooldownBeforeTheSameKindStartsElsewhere() {
        DensityMap map = map();
        crowd(map, 100, 100, 1);
        EventKind rare = new EventKind("rare", Effect.ATTRACT, 1, 20, 1, 0, 1, 10, 1, 0, 12);
        EventDirector director = director(map, 8, rare);
        List<Long> startTicks = new ArrayList<>();

        for (long tick = 0; tick <= 600; tick++) {
            director.evaluate(tick, random(5, tick)).forEach(event -> startTicks.add(event.startTick()));
        }

        // Every 12 s (240 ticks), evaluated every 100 ticks: 0, 300, 600.
        assertThat(startTicks).containsExactly(0L, 300L, 600L);
    }

    @Test
    void shouldNeverRunMoreEventsThanTheCap() {
        DensityMap map = map();
        for (int i = 0; i < 10; i++) {
            crowd(map, 128 + 256 * i, 128 + 256 * (i % 3) * 3, 5 + i);
        }
        EventDirector director = director(map, 3, SKIRMISH, STAMPEDE, TREASURE);

        for (long tick = 0; tick <= 3000; tick++) {
            director.evaluate(tick, random(9, tick));
            assertThat(director.active().size()).as("tick %s", tick).isLessThanOrEqualTo(3);
        }
        assertThat(director.spawnedTotal()).isGreaterThanOrEqualTo(3);
        List<WorldEvent> first = director(map, 3, SKIRMISH).evaluate(0, random(9, 0));
        assertThat(first).as("densest first").extracting(WorldEvent::crowd).containsExactly(14.0, 13.0, 12.0);
    }

    @Test
    void shouldChooseTheSameEventsForTheSameSeedAndOthersForAnother() {
        assertThat(run(42)).isEqualTo(run(42));
        assertThat(run(42)).isNotEqualTo(run(43));
    }

    private static List<WorldEvent> run(long seed) {
        DensityMap map = map();
        crowd(map, 300, 300, 2);
        crowd(map, 2000, 2000, 3);
        crowd(map, 1500, 500, 12);
        EventKind small = new EventKind("small", Effect.SCALED, 3, 40, 1, 0.2, 2, 20, 20, 0, 0);
        EventDirector director = director(map, 6, SKIRMISH, small, TREASURE);
        List<WorldEvent> all = new ArrayList<>();
        for (long tick = 0; tick < 3000; tick++) {
            all.addAll(director.evaluate(tick, random(seed, tick)));
        }
        return all;
    }

    @Test
    void shouldAllocateNothingOnTicksBetweenEvaluationsNorWhileUpdatingTheMap() {
        DensityMap map = map();
        crowd(map, 1300, 1300, 10);
        EventDirector director = director(map, 8, SKIRMISH, STAMPEDE, TREASURE);
        SplittableRandom random = random(1, 0);
        director.evaluate(0, random);
        for (long tick = 1; tick < 100; tick++) {
            director.evaluate(tick, random);
            map.decay(0.05);
            map.add(1300, 1300);
        }
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();

        long before = threads.getThreadAllocatedBytes(threadId);
        for (long tick = 101; tick < 200; tick++) {
            director.evaluate(tick, random);
            map.decay(0.05);
            for (int p = 0; p < 10; p++) {
                map.add(1300 + p, 1300);
            }
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(director.active()).isNotEmpty();
        assertThat(allocated).as("bytes allocated by 99 ticks between evaluations").isLessThan(1024);
    }

    @Test
    void shouldStartNothingWhenNobodyPlays() {
        EventDirector director = director(map(), 8, SKIRMISH, STAMPEDE, TREASURE);

        for (long tick = 0; tick < 5000; tick++) {
            assertThat(director.evaluate(tick, random(1, tick))).isEmpty();
        }
        assertThat(director.spawnedTotal()).isZero();
    }

    @Test
    void shouldRejectBadSettingsNamingThem() {
        DensityMap map = map();
        assertThatThrownBy(() -> new EventDirector(List.of(), map, HZ, 5, 1, 1)).hasMessageStartingWith("catalogue : []");
        assertThatThrownBy(() -> new EventDirector(List.of(SKIRMISH, SKIRMISH), map, HZ, 5, 1, 1))
            .hasMessage("catalogue : \"skirmish\" twice (expected: unique names)");
        assertThatThrownBy(() -> new EventDirector(List.of(SKIRMISH), map, 0, 5, 1, 1))
            .hasMessage("tickRateHz : 0 (expected: 1 to 1000)");
        assertThatThrownBy(() -> new EventDirector(List.of(SKIRMISH), map, HZ, 5, 0, 1))
            .hasMessage("maxConcurrent : 0 (expected: 1 to 10000)");
        assertThatThrownBy(() -> new EventDirector(List.of(SKIRMISH), map, HZ, 5, 1, 17))
            .hasMessage("attractReachCells : 17 (expected: 1 to 16)");
        assertThatThrownBy(() -> director(map, 1, SKIRMISH).evaluate(-1, random(1, 1)))
            .hasMessage("tick : -1 (expected: >= 0)");
        assertThatThrownBy(() -> director(map, 1, SKIRMISH).spawned("nope"))
            .hasMessage("kindName : \"nope\" (expected: one of [skirmish])");
        assertThatThrownBy(() -> new EventKind("x", Effect.SCALED, 5, 4, 1, 0, 1, 1, 1, 0, 0))
            .hasMessage("maxPlayers : 4 (expected: >= minPlayers 5)");
        assertThatThrownBy(() -> new EventKind(" ", Effect.SCALED, 0, 4, 1, 0, 1, 1, 1, 0, 0))
            .hasMessage("name : \" \" (expected: not blank)");
        assertThatThrownBy(() -> new EventKind("x", Effect.SCALED, 0, 4, 1, -1, 1, 1, 1, 0, 0))
            .hasMessage("difficultyPerPlayer : -1.0 (expected: finite and >= 0)");
    }
}
