package dev.ludus.server.simulate;

import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a headless run does: the world, its population and how long it runs. Immutable; checked once,
 * with every problem reported at once in the command-line form {@code --players : -5 (expected: >= 0)}.
 *
 * <p>The world is square, {@code worldMetres} on a side, with {@value #CELL_METRES} m cells, an
 * area of interest of {@value #AOI_METRES} m, {@value #TICK_RATE_HZ} Hz and players walking at
 * {@value #PLAYER_SPEED_METRES_PER_SECOND} m/s, the defaults of {@code ludus serve}. Players spawn
 * uniformly over the whole world (spawn point at the centre, spawn square the world's side).
 *
 * @param players     synthetic players, 0 to {@value #MAX_PLAYERS}; also the world's player capacity (at least 1)
 * @param npcs        NPCs of the reference game, 0 to {@value #MAX_NPCS}
 * @param ticks       ticks to run, 1 to {@value #MAX_TICKS}
 * @param warmupTicks first ticks left out of the tick-time figures, {@code 0 <= warmupTicks < ticks}
 * @param seed        seed of the world and of the players' choices
 * @param workers     threads that tick regions and build snapshots, 1 to {@value #MAX_WORKERS}
 * @param scenario    who is online when, and what they do
 * @param worldMetres side of the square world, metres, {@value #MIN_WORLD_METRES} (two AOI radii) to
 *                    {@value #MAX_WORLD_METRES}, and large enough that players and NPCs average at
 *                    most {@value #MAX_ENTITIES_PER_CELL} per cell
 * @param jsonReport  where the JSON report goes; the HTML report goes beside it with the extension
 *                    {@code .html} (see {@link #htmlReport()}), so its name must not end in {@code .html}
 * @param cheaterPercent for a combat run, the percentage of labelled synthetic cheaters among the
 *                    players, 0 to 100; negative for a run without combat
 * @param throttle    false for {@code --no-throttle}: every behaviour every tick, nothing shed
 * @param premiumPercent percentage of players with premium status, 0 to 100
 * @param learnCosts  true to plan the load from costs learned from measured time (the CLI's default),
 *                    false for the deterministic cost model ({@code --deterministic-plan}; the default
 *                    of the constructors without this parameter), whose decisions do not depend on the
 *                    machine or on {@code workers}
 */
public record SimulateConfig(int players, int npcs, int ticks, int warmupTicks, long seed, int workers,
                             Scenario scenario, double worldMetres, Path jsonReport, double cheaterPercent,
                             boolean throttle, double premiumPercent, boolean learnCosts) {

    /** Side of a grid cell, metres (the server's default). */
    public static final double CELL_METRES = 32;
    /** Area-of-interest radius, metres (the server's default). */
    public static final double AOI_METRES = 100;
    /** Ticks per second (the server's default); a tick's budget is 50 ms. */
    public static final int TICK_RATE_HZ = 20;
    /** Player walking speed, metres per second (the server's default). */
    public static final double PLAYER_SPEED_METRES_PER_SECOND = 6;
    /** Smallest world side: two AOI radii, so that a player's area of interest fits in the world. */
    public static final double MIN_WORLD_METRES = 2 * AOI_METRES;
    /**
     * Largest world side: 100 km is about 9.8 million 32 m cells, whose per-cell arrays (grid heads,
     * region maps) take a few hundred MiB.
     */
    public static final double MAX_WORLD_METRES = 100_000;
    /**
     * Most players and NPCs per cell on average. Beyond it every AOI query reads thousands of
     * entities and the run measures a degenerate world, not the server.
     */
    public static final int MAX_ENTITIES_PER_CELL = 64;
    /** Most players: the server's {@code world.max-players} limit. */
    public static final int MAX_PLAYERS = 1_000_000;
    /** Most NPCs: the server's {@code arena.npc-count} limit. */
    public static final int MAX_NPCS = 10_000_000;
    /** Most ticks: about 14 simulated hours at 20 Hz; the run keeps 8 bytes per tick for exact percentiles. */
    public static final int MAX_TICKS = 1_000_000;
    /** Most workers (the simulation's own limit). */
    public static final int MAX_WORKERS = 256;

    /** @throws IllegalArgumentException listing every value out of range, one per line */
    public SimulateConfig {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(jsonReport, "jsonReport");
        List<String> problems = problems(players, npcs, ticks, warmupTicks, workers, null, worldMetres, jsonReport,
            cheaterPercent);
        if (!(premiumPercent >= 0 && premiumPercent <= 100)) {
            problems.add("--premium : " + premiumPercent + " (expected: a percentage from 0 to 100)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    /**
     * A run with throttling on and no premium players.
     *
     * @throws IllegalArgumentException listing every value out of range, one per line
     */
    public SimulateConfig(int players, int npcs, int ticks, int warmupTicks, long seed, int workers, Scenario scenario,
                          double worldMetres, Path jsonReport, double cheaterPercent) {
        this(players, npcs, ticks, warmupTicks, seed, workers, scenario, worldMetres, jsonReport, cheaterPercent, true, 0,
            false);
    }

    /**
     * @param on             false for {@code --no-throttle}: every behaviour every tick, nothing shed
     * @param premiumPercent {@code --premium}: percentage of players with premium status, 0 to 100
     * @return this run with those load settings
     * @throws IllegalArgumentException when the percentage is out of range
     */
    public SimulateConfig withLoad(boolean on, double premiumPercent) {
        return new SimulateConfig(players, npcs, ticks, warmupTicks, seed, workers, scenario, worldMetres, jsonReport,
            cheaterPercent, on, premiumPercent, learnCosts);
    }

    /**
     * @param on true to plan the load from costs learned from measured time, false for the deterministic
     *           cost model
     * @return this run with that setting
     */
    public SimulateConfig withLearnedCosts(boolean on) {
        return new SimulateConfig(players, npcs, ticks, warmupTicks, seed, workers, scenario, worldMetres, jsonReport,
            cheaterPercent, throttle, premiumPercent, on);
    }

    /**
     * A run without combat.
     *
     * @throws IllegalArgumentException listing every value out of range, one per line
     */
    public SimulateConfig(int players, int npcs, int ticks, int warmupTicks, long seed, int workers, Scenario scenario,
                          double worldMetres, Path jsonReport) {
        this(players, npcs, ticks, warmupTicks, seed, workers, scenario, worldMetres, jsonReport, -1);
    }

    /** @return whether the players fight (and some cheat): {@code --cheaters} was given */
    public boolean combat() {
        return cheaterPercent >= 0;
    }

    /**
     * Checks command-line values and builds the configuration. The other parameters are the
     * record's components, with the same ranges.
     *
     * @param scenario a scenario name for {@link Scenario#parse}: {@code steady}, {@code hotspot} or
     *                 {@code influx}, in any case
     * @return the configuration
     * @throws IllegalArgumentException listing every value out of range, the scenario's included, one per line
     */
    public static SimulateConfig of(int players, int npcs, int ticks, int warmupTicks, long seed, int workers,
                                    String scenario, double worldMetres, Path jsonReport) {
        return of(players, npcs, ticks, warmupTicks, seed, workers, scenario, worldMetres, jsonReport, -1);
    }

    /**
     * As {@link #of(int, int, int, int, long, int, String, double, Path)}, for a combat run.
     *
     * @param cheaterPercent percentage of cheaters, 0 to 100, or negative for no combat
     * @return the configuration
     * @throws IllegalArgumentException listing every value out of range, one per line
     */
    public static SimulateConfig of(int players, int npcs, int ticks, int warmupTicks, long seed, int workers,
                                    String scenario, double worldMetres, Path jsonReport, double cheaterPercent) {
        Objects.requireNonNull(jsonReport, "jsonReport");
        Scenario parsed = null;
        String scenarioProblem = null;
        try {
            parsed = Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            scenarioProblem = e.getMessage();
        }
        List<String> problems = problems(players, npcs, ticks, warmupTicks, workers, scenarioProblem, worldMetres,
            jsonReport, cheaterPercent);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new SimulateConfig(players, npcs, ticks, warmupTicks, seed, workers, parsed, worldMetres, jsonReport,
            cheaterPercent, true, 0, false);
    }

    /** Every problem, in the order of the options; {@code scenarioProblem} is null when the scenario is fine. */
    private static List<String> problems(int players, int npcs, int ticks, int warmupTicks, int workers,
                                         String scenarioProblem, double worldMetres, Path jsonReport,
                                         double cheaterPercent) {
        List<String> problems = new ArrayList<>();
        if (players < 0) {
            problems.add("--players : " + players + " (expected: >= 0)");
        } else if (players > MAX_PLAYERS) {
            problems.add("--players : " + players + " (expected: <= " + MAX_PLAYERS + ")");
        }
        if (npcs < 0) {
            problems.add("--npcs : " + npcs + " (expected: >= 0)");
        } else if (npcs > MAX_NPCS) {
            problems.add("--npcs : " + npcs + " (expected: <= " + MAX_NPCS + ")");
        }
        if (ticks < 1 || ticks > MAX_TICKS) {
            problems.add("--ticks : " + ticks + " (expected: 1 to " + MAX_TICKS + ")");
        }
        if (warmupTicks < 0 || (ticks >= 1 && warmupTicks >= ticks)) {
            problems.add("--warmup : " + warmupTicks + " (expected: >= 0 and < --ticks " + ticks + ")");
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            problems.add("--workers : " + workers + " (expected: 1 to " + MAX_WORKERS + ")");
        }
        if (scenarioProblem != null) {
            problems.add(scenarioProblem);
        }
        if (!Double.isFinite(worldMetres) || worldMetres < MIN_WORLD_METRES || worldMetres > MAX_WORLD_METRES) {
            problems.add("--world : " + metres(worldMetres) + " (expected: " + metres(MIN_WORLD_METRES) + " to "
                + metres(MAX_WORLD_METRES) + " metres; at least two AOI radii of " + metres(AOI_METRES) + " m)");
        } else if (players >= 0 && npcs >= 0) {
            long entities = (long) players + npcs;
            double perCell = entities * CELL_METRES * CELL_METRES / (worldMetres * worldMetres);
            if (perCell > MAX_ENTITIES_PER_CELL) {
                problems.add(String.format(Locale.ROOT, "--world : %s (expected: >= %s metres for %d players and NPCs;"
                    + " here they would average %.1f per %s m cell, at most %d fit)", metres(worldMetres),
                    metres(smallestWorldMetres(entities)), entities, perCell, metres(CELL_METRES), MAX_ENTITIES_PER_CELL));
            }
        }
        if (Double.isNaN(cheaterPercent) || cheaterPercent > 100) {
            problems.add("--cheaters : " + cheaterPercent + " (expected: a percentage from 0 to 100)");
        }
        String name = jsonReport.getFileName() == null ? "" : jsonReport.getFileName().toString();
        if (name.isEmpty() || name.toLowerCase(Locale.ROOT).endsWith(".html")) {
            problems.add("--json : " + jsonReport + " (expected: a file name not ending in .html, e.g. report.json;"
                + " the HTML report goes beside it)");
        }
        return problems;
    }

    /**
     * @param entities players and NPCs
     * @return the smallest world side, whole metres, at which they average at most
     *     {@value #MAX_ENTITIES_PER_CELL} per cell
     */
    static double smallestWorldMetres(long entities) {
        return Math.ceil(CELL_METRES * Math.sqrt((double) entities / MAX_ENTITIES_PER_CELL));
    }

    /** @return the world: square, spawn at the centre, players spawning uniformly over all of it */
    public WorldConfig world() {
        double centre = worldMetres / 2;
        return new WorldConfig(worldMetres, worldMetres, CELL_METRES, AOI_METRES, TICK_RATE_HZ, Math.max(1, players),
            centre, centre, 0, PLAYER_SPEED_METRES_PER_SECOND, seed, worldMetres);
    }

    /** @return the HTML report: {@link #jsonReport()} with its extension (if any) replaced by {@code .html} */
    public Path htmlReport() {
        String name = jsonReport.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return jsonReport.resolveSibling(base + ".html");
    }

    /** Whole metres without a decimal point, fractions as given. */
    private static String metres(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
