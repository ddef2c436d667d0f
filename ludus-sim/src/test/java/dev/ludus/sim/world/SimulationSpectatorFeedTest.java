package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.ActionEngine;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.spectate.WorldReader;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The spectators' port: kills as they are applied, and a read-only world at the end of every tick. */
class SimulationSpectatorFeedTest {
    /** Players spawn exactly on the spawn point (radius 0), so they stand within melee reach of each other. */
    private static final WorldConfig CONFIG = new WorldConfig(400, 400, 32, 100, 20, 10, 200, 200, 0, 5, 3);

    private static final GameRules NPC_NEARBY = new GameRules() {
        @Override
        public void populate(World world, RandomGenerator random) {
            world.spawn(EntityKind.NPC, 201, 200);
            world.spawn(EntityKind.NPC, 390, 390);
        }

        @Override
        public void populateActions(ActionEngine actions, World world, RandomGenerator random) {
        }

        @Override
        public void onTick(RegionTick region) {
        }
    };

    private record Kill(long tick, long killer, long victim, EntityKind kind) {
    }

    private static final class RecordingFeed implements SpectatorFeed {
        final List<Kill> kills = new ArrayList<>();
        final List<Long> ticks = new ArrayList<>();
        List<EntityState> nearSpawn = List.of();
        int[] counts = new int[4];
        int counted;

        @Override
        public void onKill(long tick, long killerId, long victimId, EntityKind victimKind) {
            kills.add(new Kill(tick, killerId, victimId, victimKind));
        }

        @Override
        public void onTickEnd(long tick, long serverTimeMs, WorldReader world) {
            ticks.add(tick);
            nearSpawn = world.area(200, 200, 10);
            counted = world.countPlayers(200, 2, 2, counts);
        }
    }

    /** Runs a duel: alice hits bob with melee every cooldown until he dies once; returns the state hash. */
    private static long duel(SpectatorFeed feed, RecordingLink alice, RecordingLink bob) {
        Simulation simulation = new Simulation(CONFIG, NPC_NEARBY, new RecordingListener());
        simulation.spectatorFeed(feed);
        simulation.submit(new Command.Join(1, "alice", "s", alice));
        simulation.submit(new Command.Join(2, "bob", "s", bob));
        simulation.tick(0);
        long bobId = bob.welcomes.getFirst().entityId();
        int cooldown = simulation.actions().config().meleeCooldownTicks();
        int hits = (simulation.actions().config().maxHealth() + simulation.actions().config().meleeDamage() - 1)
            / simulation.actions().config().meleeDamage();
        long seq = 1;
        for (int hit = 0; hit < hits; hit++) {
            simulation.submit(new Command.Act(1, seq++, -1, new ActionRequest.Attack(bobId, Weapon.MELEE, 1, 0)));
            for (int t = 0; t < cooldown; t++) {
                simulation.tick(50L * (simulation.completedTicks()));
            }
        }
        long hash = simulation.stateHash();
        simulation.close();
        return hash;
    }

    @Test
    void shouldReportAKillWithKillerVictimAndTickBeforeTheAttackersAnswer() {
        RecordingFeed feed = new RecordingFeed();
        RecordingLink alice = new RecordingLink();
        RecordingLink bob = new RecordingLink();
        duel(feed, alice, bob);

        long aliceId = alice.welcomes.getFirst().entityId();
        long bobId = bob.welcomes.getFirst().entityId();
        assertThat(feed.kills).singleElement().satisfies(kill -> {
            assertThat(kill.killer()).isEqualTo(aliceId);
            assertThat(kill.victim()).isEqualTo(bobId);
            assertThat(kill.kind()).isEqualTo(EntityKind.PLAYER);
        });
        assertThat(alice.results).filteredOn(r -> r.detail().equals("killed")).hasSize(1);
        assertThat(alice.results.getLast().detail()).isEqualTo("killed");
        // The feed heard of the tick of every tick end, the kill's included.
        assertThat(feed.ticks).contains(feed.kills.getFirst().tick());
    }

    @Test
    void shouldNotChangeTheSimulationByWatchingIt() {
        long watched = duel(new RecordingFeed(), new RecordingLink(), new RecordingLink());
        long unwatched = duel(SpectatorFeed.NONE, new RecordingLink(), new RecordingLink());
        assertThat(watched).isEqualTo(unwatched);
    }

    @Test
    void shouldReadAreasAndCountPlayersPerCoarseCell() {
        RecordingFeed feed = new RecordingFeed();
        Simulation simulation = new Simulation(CONFIG, NPC_NEARBY, new RecordingListener());
        simulation.spectatorFeed(feed);
        simulation.submit(new Command.Join(1, "alice", "s", new RecordingLink()));
        simulation.tick(0);

        // The NPC at (201, 200) and alice on the spawn point; not the NPC at (390, 390).
        assertThat(feed.nearSpawn).extracting(EntityState::kind)
            .containsExactlyInAnyOrder(EntityKind.NPC, EntityKind.PLAYER);
        // Alice at (200, 200) is in the north-east cell of a 2 x 2 grid of 200 m cells.
        assertThat(feed.counted).isEqualTo(1);
        assertThat(feed.counts).containsExactly(0, 0, 0, 1);
        simulation.close();
    }
}
