package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Same seed and same commands give the same world, tick after tick; the seed matters. */
class SimulationDeterminismTest {
    private static final long SCRIPT_SEED = 20_260_101L;

    @Test
    void shouldReachEqualStateHashesForTheSameSeedAndCommands() {
        Run first = new Run(config(42));
        Run second = new Run(config(42));

        for (int tick = 0; tick < 200; tick++) {
            List<Command> commands = script(tick);
            first.tick(commands);
            second.tick(commands);
            assertThat(first.simulation.world().stateHash()).as("tick %s", tick)
                .isEqualTo(second.simulation.world().stateHash());
        }

        assertThat(first.simulation.world().entityCount()).isGreaterThan(20);
        for (int i = 0; i < first.links.size(); i++) {
            assertThat(first.links.get(i).snapshots).isEqualTo(second.links.get(i).snapshots);
            assertThat(first.links.get(i).welcomes).isEqualTo(second.links.get(i).welcomes);
        }
    }

    @Test
    void shouldReachDifferentStatesForDifferentSeeds() {
        Run first = new Run(config(42));
        Run second = new Run(config(43));

        for (int tick = 0; tick < 50; tick++) {
            List<Command> commands = script(tick);
            first.tick(commands);
            second.tick(commands);
        }

        assertThat(first.simulation.world().stateHash()).isNotEqualTo(second.simulation.world().stateHash());
    }

    @Test
    void shouldReachDifferentStatesForDifferentCommands() {
        Run first = new Run(config(42));
        Run second = new Run(config(42));

        for (int tick = 0; tick < 50; tick++) {
            List<Command> commands = script(tick);
            first.tick(commands);
            if (tick == 30) {
                commands = new ArrayList<>(commands);
                commands.add(new Command.Move(0, 1_000_000, 0.5, 0.5));
            }
            second.tick(commands);
        }

        assertThat(first.simulation.world().stateHash()).isNotEqualTo(second.simulation.world().stateHash());
    }

    private static WorldConfig config(long seed) {
        return new WorldConfig(500, 500, 20, 60, 20, 8, 250, 250, 40, 5, seed);
    }

    /** A fixed script: eight players join over the first ticks, steer at random, some leave and rejoin. */
    private static List<Command> script(int tick) {
        SplittableRandom random = new SplittableRandom(SCRIPT_SEED + tick);
        List<Command> commands = new ArrayList<>();
        if (tick < 8) {
            commands.add(new Command.Join(tick, "p" + tick, "s" + tick, new RecordingLink()));
        }
        for (int connection = 0; connection < 8; connection++) {
            if (random.nextInt(4) == 0) {
                commands.add(new Command.Move(connection, tick, random.nextDouble(-2, 2), random.nextDouble(-2, 2)));
            }
        }
        if (tick == 100) {
            commands.add(new Command.Leave(3));
        }
        if (tick == 120) {
            commands.add(new Command.Join(3, "p3", "again", new RecordingLink()));
        }
        return commands;
    }

    /** One simulation fed a script; joins get fresh links per run so each run records its own messages. */
    private static final class Run {
        final Simulation simulation;
        final List<RecordingLink> links = new ArrayList<>();
        long serverTimeMs = 1_000;

        Run(WorldConfig config) {
            simulation = new Simulation(config, TestRules.randomWalkers(30, 1.4), SimulationListener.NONE);
        }

        void tick(List<Command> commands) {
            for (Command command : commands) {
                if (command instanceof Command.Join join) {
                    RecordingLink link = new RecordingLink();
                    links.add(link);
                    simulation.submit(new Command.Join(join.connectionId(), join.name(), join.session(), link));
                } else {
                    simulation.submit(command);
                }
            }
            simulation.tick(serverTimeMs);
            serverTimeMs += 50;
        }
    }
}
