package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

/** Snapshots tell each player its region's time-dilation factor (issue 4: "clients are told the factor"). */
class SnapshotTimeScaleTest {
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 25, 100, 10, 10, 500, 500, 0, 10, 42);

    @Test
    void shouldStampEachSnapshotWithTheDilationOfThePlayersRegion() {
        SimulationLoadTest.PlanRecorder rules = new SimulationLoadTest.PlanRecorder(new double[] {200, 200},
            new double[] {800, 800});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            simulation.loadConfig(new LoadConfig(true, 3_000, 0.1, 0.05));
            RecordingLink link = new RecordingLink();
            RecordingLink realTime = new RecordingLink();
            // The south-west region (the smaller id) is the one the planner dilates first.
            simulation.submit(new Command.Join(1, "a", "s", realTime, 0, false, 800, 800));
            simulation.submit(new Command.Join(2, "b", "s", link, 0, false, 200, 200));
            for (int t = 0; t < 30; t++) {
                simulation.tick(0);
            }
            ServerMessage.Snapshot last = link.snapshots.getLast();
            assertThat(simulation.loadStats().dilationNow()).isLessThan(1);
            assertThat(link.snapshots).anyMatch(s -> s.timeScale() < 1);
            assertThat(link.snapshots).allMatch(s -> s.timeScale() > 0 && s.timeScale() <= 1);
            assertThat(rules.seen.stream().filter(s -> s.tick() == last.tick()).map(SimulationLoadTest.Seen::dilation))
                .contains(last.timeScale());
            assertThat(realTime.snapshots).allMatch(s -> s.timeScale() == 1.0);
        }
    }

    @Test
    void shouldSayOnePointZeroWhenTheRegionRunsInRealTime() {
        SimulationLoadTest.PlanRecorder rules = new SimulationLoadTest.PlanRecorder(new double[] {500, 500});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            RecordingLink link = new RecordingLink();
            simulation.submit(new Command.Join(1, "a", "s", link, 0, false, 500, 500));
            for (int t = 0; t < 5; t++) {
                simulation.tick(0);
            }
            assertThat(link.snapshots).isNotEmpty().allMatch(s -> s.timeScale() == 1.0);
        }
    }
}
