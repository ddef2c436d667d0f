package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Replication against a brute-force oracle: under random joins, moves and leaves, every snapshot
 * lists exactly the live entities within the AOI of the player's entity, as the world holds them
 * after the tick, and {@code removed} is exactly what the previous snapshot had and this one lacks.
 */
class SimulationReplicationPropertiesTest {

    @Property(tries = 60)
    void shouldReplicateExactlyTheAreaOfInterestAndItsDeparturesEveryTick(
        @ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int npcs, @ForAll @IntRange(min = 5, max = 80) int aoi) {
        SplittableRandom random = new SplittableRandom(seed);
        WorldConfig config = new WorldConfig(300, 200, 10, aoi, 20, 6, 150, 100, 60, 25, seed);
        Simulation simulation = new Simulation(config, TestRules.randomWalkers(npcs, 15), SimulationListener.NONE);
        Map<Long, RecordingLink> connected = new LinkedHashMap<>();
        Map<Long, Long> lastSeq = new HashMap<>();
        Map<Long, Set<Long>> previouslyVisible = new HashMap<>();
        long nextConnection = 0;

        for (int tick = 0; tick < 80; tick++) {
            if (random.nextInt(3) == 0) {
                RecordingLink link = new RecordingLink();
                long connection = nextConnection++;
                simulation.submit(new Command.Join(connection, "p" + connection, "s", link));
                connected.put(connection, link);
            }
            for (long connection : connected.keySet()) {
                if (random.nextInt(3) == 0) {
                    long seq = lastSeq.merge(connection, (long) random.nextInt(1, 4), Long::sum);
                    simulation.submit(new Command.Move(connection, seq, random.nextDouble(-1.5, 1.5),
                        random.nextDouble(-1.5, 1.5)));
                }
            }
            if (!connected.isEmpty() && random.nextInt(8) == 0) {
                long leaving = connected.keySet().stream().skip(random.nextInt(connected.size())).findFirst().orElseThrow();
                simulation.submit(new Command.Leave(leaving));
                connected.remove(leaving);
                previouslyVisible.remove(leaving);
            }

            Map<Long, Integer> snapshotsBefore = new HashMap<>();
            connected.forEach((connection, link) -> snapshotsBefore.put(connection, link.snapshots.size()));
            simulation.tick(tick);

            World world = simulation.world();
            for (Map.Entry<Long, RecordingLink> entry : connected.entrySet()) {
                RecordingLink link = entry.getValue();
                if (link.welcomes.isEmpty()) {
                    assertThat(link.refusals).as("refused join gets no snapshot").isNotEmpty();
                    assertThat(link.snapshots).isEmpty();
                    continue;
                }
                assertThat(link.snapshots).as("one snapshot per tick").hasSize(snapshotsBefore.get(entry.getKey()) + 1);
                ServerMessage.Snapshot snapshot = link.lastSnapshot();
                int self = world.slotOf(link.entityId());
                Set<Long> expected = withinRadius(world, world.x(self), world.y(self), config.aoiRadiusMetres());
                Set<Long> actual = new HashSet<>();
                for (EntityState e : snapshot.entities()) {
                    assertThat(actual.add(e.id())).as("entity %s listed once", e.id()).isTrue();
                    int slot = world.slotOf(e.id());
                    assertThat(e).isEqualTo(new EntityState(e.id(), world.kind(slot), world.x(slot), world.y(slot),
                        world.vx(slot), world.vy(slot)));
                }
                assertThat(actual).as("seed %s tick %s connection %s", seed, tick, entry.getKey()).isEqualTo(expected);

                Set<Long> before = previouslyVisible.getOrDefault(entry.getKey(), Set.of());
                Set<Long> departed = new HashSet<>(before);
                departed.removeAll(actual);
                assertThat(snapshot.removed()).doesNotHaveDuplicates();
                assertThat(Set.copyOf(snapshot.removed())).isEqualTo(departed);
                assertThat(snapshot.ackSeq()).isEqualTo(lastSeq.getOrDefault(entry.getKey(), -1L));
                assertThat(snapshot.tick()).isEqualTo(tick);
                previouslyVisible.put(entry.getKey(), actual);
            }
        }
    }

    private static Set<Long> withinRadius(World world, double cx, double cy, double radius) {
        Set<Long> ids = new HashSet<>();
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (!world.isLive(slot)) {
                continue;
            }
            double dx = world.x(slot) - cx;
            double dy = world.y(slot) - cy;
            if (dx * dx + dy * dy <= radius * radius) {
                ids.add(world.id(slot));
            }
        }
        return ids;
    }
}
