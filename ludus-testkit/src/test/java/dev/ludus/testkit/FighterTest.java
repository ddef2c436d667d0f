package dev.ludus.testkit;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.action.ActionObserver;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.RegionTick;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The combat population does what its labels say, as the server sees it: honest players never break
 * a rule of the game, and each kind of cheater leaves its own trace in what the action engine reports.
 */
class FighterTest {
    private static final WorldConfig CONFIG = new WorldConfig(600, 600, 32, 100, 20, 200, 300, 300, 5, 5, 11, 560);

    /** Standing NPCs, one every 20 m or so, and a few rocks. */
    private static final GameRules TARGETS = new GameRules() {
        @Override
        public void populate(World world, RandomGenerator random) {
            for (int i = 0; i < 900; i++) {
                world.spawn(EntityKind.NPC, random.nextDouble(10, 590), random.nextDouble(10, 590));
            }
            for (int i = 0; i < 30; i++) {
                double x = random.nextDouble(20, 570);
                double y = random.nextDouble(20, 570);
                world.obstacles().add(x, y, x + 4, y + 4);
            }
        }

        @Override
        public void onTick(RegionTick region) {
        }
    };

    /** Everything the engine reported, per player entity. */
    private static final class Tally implements ActionObserver {
        final Map<Long, Map<String, Integer>> violations = new HashMap<>();
        final Map<Long, int[]> shots = new HashMap<>();
        final Map<Long, Double> fastestReaction = new HashMap<>();

        @Override
        public void onShot(long playerId, int rankBucket, boolean hit, boolean headHit) {
            int[] counts = shots.computeIfAbsent(playerId, id -> new int[3]);
            counts[0]++;
            counts[1] += hit ? 1 : 0;
            counts[2] += headHit ? 1 : 0;
        }

        @Override
        public void onReaction(long playerId, double reactionMillis) {
            fastestReaction.merge(playerId, reactionMillis, Math::min);
        }

        @Override
        public void onViolation(long playerId, String code) {
            violations.computeIfAbsent(playerId, id -> new HashMap<>()).merge(code, 1, Integer::sum);
        }

        int violations(List<Long> ids, String code) {
            return ids.stream().mapToInt(id -> violations.getOrDefault(id, Map.of()).getOrDefault(code, 0)).sum();
        }
    }

    @Test
    void shouldKeepHonestPlayersWithinTheRulesAndLetEachCheatShow() {
        SyntheticPlayers players = new SyntheticPlayers(CONFIG, Scenario.STEADY, 60, 5, 0.2);
        Tally tally = new Tally();
        try (Simulation simulation = new Simulation(CONFIG, TARGETS, new SimulationListener() {
            @Override
            public void onError(String context, Exception error) {
                throw new AssertionError(context, error);
            }
        })) {
            simulation.actionObserver(tally);
            players.map(simulation.world().obstacles());
            for (int tick = 0; tick < 1200; tick++) {
                players.tick(simulation);
                simulation.tick(tick * 50L);
            }
        }
        List<SyntheticPlayers.Label> labels = players.labels();
        assertThat(labels).hasSize(60);
        assertThat(labels).filteredOn(SyntheticPlayers.Label::cheater).hasSize(12)
            .extracting(SyntheticPlayers.Label::cheat).containsOnly("speed_hack", "teleport", "aimbot",
                "superhuman_accuracy", "rapid_fire", "item_duplication");
        for (SyntheticPlayers.Label label : labels) {
            List<Long> ids = label.entityIds();
            assertThat(ids).as(label.name()).isNotEmpty();
            int shots = ids.stream().mapToInt(id -> tally.shots.getOrDefault(id, new int[3])[0]).sum();
            assertThat(shots).as("%s fights", label).isGreaterThan(10);
            switch (label.cheat()) {
                case "none" -> assertThat(ids.stream().mapToInt(id -> tally.violations.getOrDefault(id, Map.of()).size()).sum())
                    .as("honest %s breaks no rule: %s", label, ids.stream().map(tally.violations::get).toList()).isZero();
                case "speed_hack" -> assertThat(tally.violations(ids, "speed")).as(label.name()).isPositive();
                case "teleport" -> assertThat(tally.violations(ids, "teleport")).as(label.name()).isPositive();
                case "rapid_fire" -> assertThat(tally.violations(ids, "cooldown")).as(label.name()).isPositive();
                case "item_duplication" -> assertThat(tally.violations(ids, "inventory")).as(label.name()).isPositive();
                case "aimbot" -> assertThat(ids.stream().mapToDouble(id -> tally.fastestReaction.getOrDefault(id, 1e9)).min()
                    .orElseThrow()).as("%s switches targets as fast as the weapon fires", label.name()).isLessThanOrEqualTo(100);
                default -> assertThat(hitRate(tally, ids)).as("%s hits far more often than honest players", label)
                    .isGreaterThan(1.5 * honestHitRate(tally, labels));
            }
        }
    }

    private static double hitRate(Tally tally, List<Long> ids) {
        int[] counts = ids.stream().map(id -> tally.shots.getOrDefault(id, new int[3]))
            .reduce(new int[3], (a, b) -> new int[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        return (double) counts[1] / counts[0];
    }

    private static double honestHitRate(Tally tally, List<SyntheticPlayers.Label> labels) {
        return hitRate(tally, labels.stream().filter(l -> !l.cheater()).flatMap(l -> l.entityIds().stream()).toList());
    }

    @Test
    void shouldRefuseACheaterShareAboveOne() {
        assertThatThrownBy(() -> new SyntheticPlayers(CONFIG, Scenario.STEADY, 10, 1, 1.5))
            .hasMessage("cheaterShare : 1.5 (expected: 0 to 1, or negative for no combat)");
        assertThat(new SyntheticPlayers(CONFIG, Scenario.STEADY, 10, 1).labels()).isEmpty();
    }
}
