package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.arena.ArenaRules;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load-management meters read what the simulation's planner did, as of the last tick. */
class ServerMetricsTest {
    private static final WorldConfig WORLD = new WorldConfig(400, 400, 32, 100, 20, 10, 200, 200, 0, 5, 11);
    /** 30 herds of 4: herd 0 is predators (ids 1 to 4). */
    private static final ArenaConfig ARENA = new ArenaConfig(120, 1.4, 4.0, 0.25, 4, 0, 0, 0, false);

    private static final PlayerLink QUIET = PlayerLink.DISCARD;

    @Test
    void shouldCountCriticalBehavioursAndReportNoSkippedCriticalWorkWhileAPredatorChasesAPlayer() {
        ServerMetrics metrics = new ServerMetrics();
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(ARENA), SimulationListener.NONE)) {
            metrics.bind(simulation);
            World world = simulation.world();
            int predator = world.slotOf(1);
            simulation.submit(new Command.Join(1, "prey", "s", QUIET, 0, false, world.x(predator) + 10, world.y(predator)));
            for (int t = 0; t < 30; t++) {
                simulation.tick(0);
                metrics.onTick(t, 1_000_000, 0);
            }
            metrics.onUpdateLatency(1, true, TimeUnit.MILLISECONDS.toNanos(3));
            metrics.onUpdateLatency(2, false, TimeUnit.MILLISECONDS.toNanos(5));

            LoadStats stats = simulation.loadStats();
            var registry = metrics.registry();
            assertThat(stats.aiCritical()).as("the chase is critical work").isPositive();
            assertThat(registry.get("ludus.ai.evaluations").tag("result", "critical").functionCounter().count())
                .isEqualTo(stats.aiCritical());
            assertThat(registry.get("ludus.ai.evaluations").tag("result", "executed").functionCounter().count())
                .isEqualTo(stats.aiExecuted()).isGreaterThanOrEqualTo(stats.aiCritical());
            assertThat(registry.get("ludus.ai.evaluations").tag("result", "deferred").functionCounter().count())
                .isEqualTo(stats.aiDeferred());
            assertThat(registry.get("ludus.scheduler.critical.skipped").functionCounter().count()).isZero();
            assertThat(registry.get("ludus.dilation.factor").gauge().value()).isEqualTo(stats.dilationNow());
            assertThat(registry.get("ludus.physics.level").gauge().value()).isEqualTo(stats.physicsLevel());
            assertThat(registry.get("ludus.update.latency").tag("tier", "premium").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3);
            assertThat(registry.get("ludus.update.latency").tag("tier", "standard").timer().count()).isEqualTo(1);
        } finally {
            metrics.close();
        }
    }
}
