package dev.ludus.sim.worldevent;

import dev.ludus.sim.space.IntList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Chooses world events from where the players are (DESIGN.md §4, step 7).
 *
 * <p>Every {@link #evaluationPeriodTicks()} ticks (ticks that are a multiple of it), {@link #evaluate}
 * reads the {@link DensityMap} and starts events, at most {@code maxConcurrent} running at once:
 * <ol>
 *   <li>Crowds first, densest cell first (ties: lower cell first). A cell is crowded when its
 *       density is at least the smallest {@code minPlayers} of the catalogue's {@link
 *       EventKind.Effect#SCALED SCALED} and {@link EventKind.Effect#DISPERSE DISPERSE} kinds (and at
 *       least {@value #EMPTY_BELOW_PLAYERS}). A cell with a running event is skipped. The kinds that
 *       suit its density and are off cooldown are the candidates; one is drawn uniformly. A
 *       {@code SCALED} kind starts one event at the crowd's centre ({@link DensityMap#crowdX}); a
 *       {@code DISPERSE} kind starts
 *       one event in each free neighbouring cell (left, right, down, up, as many as the cap allows)
 *       and is a candidate only when at least two can start.</li>
 *   <li>Then each {@link EventKind.Effect#ATTRACT ATTRACT} kind in catalogue order, off its global
 *       cooldown: among the cells with density below {@value #EMPTY_BELOW_PLAYERS} whose players within
 *       {@code attractReachCells} (see {@link DensityMap#playersNear}) suit the kind and that are off
 *       the kind's area cooldown and free of running events, one is drawn uniformly.</li>
 * </ol>
 * Every draw comes from the generator handed to {@link #evaluate}; given the same density map,
 * history and generator, the same events start (a simulation hands it one seeded by world seed and
 * tick). No clock, no I/O.
 *
 * <p>Cooldowns are counted in ticks, rounded up from seconds: a kind's global cooldown runs from the
 * start of its last event; its area cooldown from the end of its last event in that cell (for a
 * dispersal, the crowded cell it spread). The area cooldowns take one {@code long} per kind and cell.
 *
 * <p>Allocates only when it evaluates (once per period). Not thread-safe: the tick thread's.
 */
public final class EventDirector {
    /** A cell with less than half a player on average counts as empty; a crowd needs at least that much. */
    public static final double EMPTY_BELOW_PLAYERS = 0.5;

    private final List<EventKind> catalogue;
    private final DensityMap density;
    private final int tickRateHz;
    private final int evaluationPeriodTicks;
    private final int maxConcurrent;
    private final int attractReachCells;
    private final double crowdAtLeast;
    private final long[] nextGlobalTick;
    private final long[][] nextAreaTick;
    private final long[] spawnedByKind;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final List<WorldEvent> active = new ArrayList<>();
    private final List<WorldEvent> activeView = Collections.unmodifiableList(active);
    private final IntList cells = new IntList(64);
    private final int[] order;
    private long nextEventId = 1;

    /**
     * @param catalogue               the kinds of event, names unique, not empty
     * @param density                 the map it reads (the caller updates it)
     * @param tickRateHz              ticks per second, 1 to 1000
     * @param evaluationPeriodSeconds time between evaluations, finite and {@code > 0}; rounded to
     *                                whole ticks, at least one (5 s is a good pace: events are rare
     *                                enough to notice)
     * @param maxConcurrent           events running at once, 1 to 10,000
     * @param attractReachCells       how far players may be from an ATTRACT event's cell, in cells, 1 to 16
     * @throws IllegalArgumentException naming the first value out of range, or a repeated name
     * @throws NullPointerException     when the catalogue, a kind or the map is null
     */
    public EventDirector(List<EventKind> catalogue, DensityMap density, int tickRateHz,
                         double evaluationPeriodSeconds, int maxConcurrent, int attractReachCells) {
        this.catalogue = List.copyOf(catalogue);
        this.density = Objects.requireNonNull(density, "density");
        if (this.catalogue.isEmpty()) {
            throw new IllegalArgumentException("catalogue : [] (expected: at least one kind)");
        }
        if (tickRateHz < 1 || tickRateHz > 1000) {
            throw new IllegalArgumentException("tickRateHz : " + tickRateHz + " (expected: 1 to 1000)");
        }
        DensityMap.requirePositive("evaluationPeriodSeconds", evaluationPeriodSeconds);
        if (maxConcurrent < 1 || maxConcurrent > 10_000) {
            throw new IllegalArgumentException("maxConcurrent : " + maxConcurrent + " (expected: 1 to 10000)");
        }
        if (attractReachCells < 1 || attractReachCells > 16) {
            throw new IllegalArgumentException("attractReachCells : " + attractReachCells + " (expected: 1 to 16)");
        }
        this.tickRateHz = tickRateHz;
        this.evaluationPeriodTicks = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
            Math.round(evaluationPeriodSeconds * tickRateHz)));
        this.maxConcurrent = maxConcurrent;
        this.attractReachCells = attractReachCells;
        double smallestCrowd = Double.POSITIVE_INFINITY;
        for (int k = 0; k < this.catalogue.size(); k++) {
            EventKind kind = this.catalogue.get(k);
            if (indexByName.put(kind.name(), k) != null) {
                throw new IllegalArgumentException("catalogue : \"" + kind.name() + "\" twice (expected: unique names)");
            }
            if (kind.effect() != EventKind.Effect.ATTRACT) {
                smallestCrowd = Math.min(smallestCrowd, kind.minPlayers());
            }
        }
        this.crowdAtLeast = Math.max(EMPTY_BELOW_PLAYERS, smallestCrowd);
        this.nextGlobalTick = new long[this.catalogue.size()];
        this.nextAreaTick = new long[this.catalogue.size()][density.cellCount()];
        this.spawnedByKind = new long[this.catalogue.size()];
        this.order = new int[density.cellCount()];
    }

    /**
     * Ends the events whose time is up and, on an evaluation tick, starts new ones.
     *
     * @param tick   the current tick, {@code >= 0}; calls come with non-decreasing ticks
     * @param random the source of every draw (seed it by world seed and tick for determinism)
     * @return the events that start at this tick, in the order chosen (unmodifiable; empty on other ticks)
     * @throws IllegalArgumentException when the tick is negative
     */
    public List<WorldEvent> evaluate(long tick, RandomGenerator random) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick : " + tick + " (expected: >= 0)");
        }
        Objects.requireNonNull(random, "random");
        for (int i = active.size() - 1; i >= 0; i--) {
            if (active.get(i).endTick() <= tick) {
                active.remove(i);
            }
        }
        if (tick % evaluationPeriodTicks != 0 || active.size() >= maxConcurrent) {
            return List.of();
        }
        List<WorldEvent> started = new ArrayList<>();
        startCrowdEvents(tick, random, started);
        startAttractEvents(tick, random, started);
        return Collections.unmodifiableList(started);
    }

    private void startCrowdEvents(long tick, RandomGenerator random, List<WorldEvent> started) {
        int n = density.crowdedCells(crowdAtLeast, cells);
        for (int i = 0; i < n; i++) {
            order[i] = cells.get(i);
        }
        sortDensestFirst(n);
        int[] candidates = new int[catalogue.size()];
        for (int i = 0; i < n && active.size() < maxConcurrent; i++) {
            int cell = order[i];
            if (occupied(cell)) {
                continue;
            }
            double crowd = density.density(cell);
            int count = 0;
            for (int k = 0; k < catalogue.size(); k++) {
                EventKind kind = catalogue.get(k);
                if (kind.effect() == EventKind.Effect.ATTRACT || !kind.suits(crowd) || !offCooldown(k, cell, tick)) {
                    continue;
                }
                if (kind.effect() == EventKind.Effect.DISPERSE && dispersalParts(cell) < 2) {
                    continue;
                }
                candidates[count++] = k;
            }
            if (count == 0) {
                continue;
            }
            int k = candidates[random.nextInt(count)];
            EventKind kind = catalogue.get(k);
            if (kind.effect() == EventKind.Effect.SCALED) {
                start(k, cell, density.crowdX(cell), density.crowdY(cell), crowd, tick, started);
            } else {
                int parts = dispersalParts(cell);
                double share = crowd / parts;
                for (int d = 0, made = 0; d < 4 && made < parts; d++) {
                    int target = density.neighbour(cell, DIRECTIONS[2 * d], DIRECTIONS[2 * d + 1]);
                    if (target >= 0 && !occupied(target)) {
                        start(k, target, density.centreX(target), density.centreY(target), share, tick, started);
                        made++;
                    }
                }
            }
            markCooldowns(k, cell, tick);
        }
    }

    private void startAttractEvents(long tick, RandomGenerator random, List<WorldEvent> started) {
        boolean listed = false;
        int[] candidates = null;
        for (int k = 0; k < catalogue.size() && active.size() < maxConcurrent; k++) {
            EventKind kind = catalogue.get(k);
            if (kind.effect() != EventKind.Effect.ATTRACT || tick < nextGlobalTick[k]) {
                continue;
            }
            if (!listed) {
                density.emptyCellsNearPlayers(EMPTY_BELOW_PLAYERS, attractReachCells, cells);
                candidates = new int[cells.size()];
                listed = true;
            }
            int count = 0;
            for (int i = 0; i < cells.size(); i++) {
                int cell = cells.get(i);
                if (tick >= nextAreaTick[k][cell] && !occupied(cell)
                    && kind.suits(density.playersNear(cell, attractReachCells))) {
                    candidates[count++] = cell;
                }
            }
            if (count == 0) {
                continue;
            }
            int cell = candidates[random.nextInt(count)];
            start(k, cell, density.centreX(cell), density.centreY(cell), density.playersNear(cell, attractReachCells), tick,
                started);
            markCooldowns(k, cell, tick);
        }
    }

    /** Left, right, down, up: (dColumn, dRow) pairs. */
    private static final int[] DIRECTIONS = {-1, 0, 1, 0, 0, -1, 0, 1};

    private int dispersalParts(int cell) {
        int free = 0;
        for (int d = 0; d < 4; d++) {
            int target = density.neighbour(cell, DIRECTIONS[2 * d], DIRECTIONS[2 * d + 1]);
            if (target >= 0 && !occupied(target)) {
                free++;
            }
        }
        return Math.min(free, maxConcurrent - active.size());
    }

    private void start(int k, int cell, double x, double y, double crowd, long tick, List<WorldEvent> started) {
        EventKind kind = catalogue.get(k);
        double difficulty = kind.difficulty(crowd);
        WorldEvent event = new WorldEvent(nextEventId++, kind, cell, x, y,
            kind.radiusMetres(), crowd, difficulty, kind.size(difficulty), tick,
            tick + Math.max(1, ticks(kind.durationSeconds())));
        active.add(event);
        started.add(event);
        spawnedByKind[k]++;
    }

    private void markCooldowns(int k, int cell, long tick) {
        EventKind kind = catalogue.get(k);
        nextGlobalTick[k] = tick + ticks(kind.globalCooldownSeconds());
        long end = tick + Math.max(1, ticks(kind.durationSeconds()));
        nextAreaTick[k][cell] = end + ticks(kind.areaCooldownSeconds());
    }

    private boolean offCooldown(int k, int cell, long tick) {
        return tick >= nextGlobalTick[k] && tick >= nextAreaTick[k][cell];
    }

    private boolean occupied(int cell) {
        for (WorldEvent event : active) {
            if (event.cell() == cell) {
                return true;
            }
        }
        return false;
    }

    private long ticks(double seconds) {
        return (long) Math.ceil(seconds * tickRateHz - 1e-9);
    }

    /** Insertion sort of {@code order[0, n)}: density descending, then cell ascending (n is small). */
    private void sortDensestFirst(int n) {
        for (int i = 1; i < n; i++) {
            int cell = order[i];
            double d = density.density(cell);
            int j = i - 1;
            while (j >= 0 && (density.density(order[j]) < d
                || (density.density(order[j]) == d && order[j] > cell))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = cell;
        }
    }

    /** @return the events running after the last {@link #evaluate}, oldest first (a read-only view) */
    public List<WorldEvent> active() {
        return activeView;
    }

    /**
     * @param kindName a kind's name
     * @return how many events of that kind have started (a dispersal counts each of its parts)
     * @throws IllegalArgumentException when no kind has that name
     */
    public long spawned(String kindName) {
        Integer k = indexByName.get(kindName);
        if (k == null) {
            throw new IllegalArgumentException("kindName : \"" + kindName + "\" (expected: one of "
                + indexByName.keySet().stream().sorted().toList() + ")");
        }
        return spawnedByKind[k];
    }

    /** @return events started, all kinds */
    public long spawnedTotal() {
        return Arrays.stream(spawnedByKind).sum();
    }

    /** @return the catalogue, in the order given */
    public List<EventKind> catalogue() {
        return catalogue;
    }

    /** @return ticks between evaluations, {@code >= 1} */
    public int evaluationPeriodTicks() {
        return evaluationPeriodTicks;
    }

    /** @return the most events running at once */
    public int maxConcurrent() {
        return maxConcurrent;
    }
}
