package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.EntityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * DESIGN.md §2, deterministic mode: the world after N ticks is the same for 1 worker and for many.
 * For any world seed and any worker count from 2 to 4, a run whose rules use every path a region
 * tick has (region random numbers, mail within and across regions, handovers into dormant cells,
 * spawns before the tick, player joins, moves and leaves) gives, tick for tick, the same state hash,
 * the same snapshots to every player and the same mail in the same order as the run on one worker.
 */
class SimulationParallelDeterminismPropertiesTest {
    private static final int TICKS = 80;
    /** Four quadrant centres far apart (500 m and more), so a run always has several regions. */
    private static final double[][] CENTRES = {{375, 375}, {1125, 375}, {375, 1125}, {1125, 1125}};

    @Property(tries = 25)
    void shouldReachTheSameStateOnAnyNumberOfWorkers(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int workers) {
        Run single = new Run(seed, 1);
        Run parallel = new Run(seed, workers);

        for (int tick = 0; tick < TICKS; tick++) {
            single.tick(tick);
            parallel.tick(tick);
            assertThat(parallel.simulation.stateHash()).as("tick %s", tick)
                .isEqualTo(single.simulation.stateHash());
        }

        assertThat(parallel.delivered).isEqualTo(single.delivered);
        for (int i = 0; i < single.links.size(); i++) {
            assertThat(parallel.links.get(i).snapshots).as("player %s", i).isEqualTo(single.links.get(i).snapshots);
            assertThat(parallel.links.get(i).results).as("player %s", i).isEqualTo(single.links.get(i).results);
            assertThat(parallel.links.get(i).statuses).as("player %s", i).isEqualTo(single.links.get(i).statuses);
        }
        // Actions were resolved, some of them contested.
        assertThat(single.links.stream().mapToLong(l -> l.results.size()).sum()).isPositive();
        assertThat(single.simulation.actions().accepted()).isPositive();
        // The run exercised the parallel paths.
        assertThat(single.maxRegions).isGreaterThanOrEqualTo(4);
        assertThat(single.handovers).isPositive();
        assertThat(single.crossRegionMail).isPositive();
        parallel.simulation.close();
        single.simulation.close();
    }

    /** One simulation on a fixed script derived from the seed; everything it hears is kept. */
    private static final class Run implements SimulationListener {
        final Simulation simulation;
        final List<RecordingLink> links = new ArrayList<>();
        final List<String> delivered = new ArrayList<>();
        final SplittableRandom script;
        int maxRegions;
        long handovers;
        long crossRegionMail;

        Run(long seed, int workers) {
            WorldConfig config = new WorldConfig(1500, 1500, 20, 40, 20, 16, 750, 750, 0, 5, seed);
            simulation = new Simulation(config, new Chatty(delivered), this, workers, () -> 0L);
            simulation.splitEveryPhase();   // a small world: split anyway, so the threads are exercised
            script = new SplittableRandom(seed ^ 0x5eed);
        }

        void tick(int tick) {
            if (tick < 12) {
                RecordingLink link = new RecordingLink();
                links.add(link);
                simulation.submit(new Command.Join(tick, "p" + tick, "s", link));
            }
            for (int connection = 0; connection < Math.min(tick, 12); connection++) {
                if (script.nextInt(3) == 0) {
                    simulation.submit(new Command.Move(connection, 2L * tick, script.nextDouble(-1, 1), script.nextDouble(-1, 1)));
                }
                if (script.nextInt(4) == 0 && connection < links.size() && links.get(connection).entityIdOrZero() != 0) {
                    shoot(connection, tick);
                }
            }
            if (tick == 50) {
                simulation.submit(new Command.Leave(5));
            }
            simulation.tick(tick * 50L);
            // Between ticks the test is the tick driver: send each new player to its quadrant.
            if (tick < 12) {
                World world = simulation.world();
                int slot = world.slotOf(links.get(tick).entityId());
                double[] centre = CENTRES[tick % 4];
                world.place(slot, centre[0] + script.nextDouble(-60, 60), centre[1] + script.nextDouble(-60, 60));
            }
        }

        /** A shot at the nearest other entity, aimed with some noise: hits, misses, kills, rejections. */
        private void shoot(int connection, int tick) {
            World world = simulation.world();
            int self = world.slotOf(links.get(connection).entityIdOrZero());
            if (self < 0) {
                return;
            }
            dev.ludus.sim.space.IntList near = new dev.ludus.sim.space.IntList(16);
            world.query(world.x(self), world.y(self), 30, near);
            for (int i = 0; i < near.size(); i++) {
                int slot = near.get(i);
                if (slot != self) {
                    double dx = world.x(slot) - world.x(self) + script.nextDouble(-0.5, 0.5);
                    double dy = world.y(slot) - world.y(self) + script.nextDouble(-0.5, 0.5);
                    simulation.submit(new Command.Act(connection, 2L * tick + 1, tick - 1 - script.nextInt(3),
                        new dev.ludus.sim.action.ActionRequest.Attack(world.id(slot), dev.ludus.protocol.Weapon.RANGED, dx, dy)));
                    return;
                }
            }
        }

        @Override
        public void onTickProfile(TickProfile profile) {
            maxRegions = Math.max(maxRegions, profile.regions());
            handovers += profile.handovers();
            crossRegionMail += profile.crossRegionMail();
        }

        @Override
        public void onError(String context, Exception error) {
            throw new AssertionError(context, error);
        }
    }

    /**
     * NPCs crowded around the quadrant centres, walking fast, re-aiming at random, telling the NPC
     * seven ids on (often in another quadrant) their heading by mail, and now and then a new NPC
     * spawned before the tick.
     */
    private record Chatty(List<String> delivered) implements GameRules {
        @Override
        public void populate(World world, RandomGenerator random) {
            for (int i = 0; i < 400; i++) {
                double[] centre = CENTRES[i % 4];
                int slot = world.spawn(EntityKind.NPC, centre[0] + random.nextDouble(-150, 150),
                    centre[1] + random.nextDouble(-150, 150));
                aim(world, slot, random);
            }
        }

        @Override
        public void beforeTick(World world, long tick, RandomGenerator random) {
            if (random.nextInt(10) == 0) {
                double[] centre = CENTRES[random.nextInt(4)];
                aim(world, world.spawn(EntityKind.NPC, centre[0] + random.nextDouble(-50, 50),
                    centre[1] + random.nextDouble(-50, 50)), random);
            }
        }

        @Override
        public void onTick(RegionTick region) {
            World world = region.world();
            RandomGenerator random = region.random();
            for (int i = 0; i < region.entities().size(); i++) {
                int slot = region.entities().get(i);
                if (world.kind(slot) != EntityKind.NPC) {
                    continue;
                }
                if (random.nextInt(8) == 0) {
                    aim(world, slot, random);
                }
                if (random.nextInt(6) == 0) {
                    region.send(world.id(slot) + 7, world.id(slot), world.vx(slot));
                }
            }
        }

        @Override
        public void onMail(World world, Mail mail, RandomGenerator random) {
            delivered.add(mail.targetEntityId() + "<-" + mail.senderEntityId() + "@" + mail.senderRegionId() + ":" + mail.payload());
            int slot = world.slotOf(mail.targetEntityId());
            if (slot >= 0 && world.kind(slot) == EntityKind.NPC) {
                double vx = (Double) mail.payload();
                world.setVelocity(slot, vx, random.nextDouble(-8, 8));
            }
        }

        private static void aim(World world, int slot, RandomGenerator random) {
            double heading = random.nextDouble() * 2 * Math.PI;
            world.setVelocity(slot, 8 * Math.cos(heading), 8 * Math.sin(heading));
        }
    }
}
