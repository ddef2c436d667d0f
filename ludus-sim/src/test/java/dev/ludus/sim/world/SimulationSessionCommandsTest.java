package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

/**
 * What sessions ask of the world (docs/protocol.md §19): a parked or handed-off player arrives with its
 * stored health, and a detached player stands still until its next move.
 */
class SimulationSessionCommandsTest {
    private static final WorldConfig CONFIG = new WorldConfig(400, 400, 32, 100, 20, 10, 200, 200, 1, 5, 3);

    @Test
    void shouldStartAReturningPlayerWithItsStoredHealthAndSendItsStatus() {
        Simulation simulation = new Simulation(CONFIG, TestRules.none(), new RecordingListener());
        RecordingLink parked = new RecordingLink();
        RecordingLink overHealed = new RecordingLink();
        RecordingLink fresh = new RecordingLink();
        simulation.submit(new Command.Join(1, "parked", "s", parked, 0, false, 100, 100, 37));
        simulation.submit(new Command.Join(2, "overhealed", "s", overHealed, 0, false, 100, 100, 5_000));
        simulation.submit(new Command.Join(3, "fresh", "s", fresh));

        simulation.tick(0);

        assertThat(parked.statuses).singleElement().satisfies(status -> assertThat(status.health()).isEqualTo(37));
        assertThat(simulation.actions().health(parked.welcomes.getFirst().entityId())).isEqualTo(37);
        // Capped to the game's maximum; a player who arrives with nothing to restore sends no status.
        assertThat(overHealed.statuses).singleElement().satisfies(status -> assertThat(status.health()).isEqualTo(100));
        assertThat(fresh.statuses).isEmpty();
        assertThat(simulation.actions().health(fresh.welcomes.getFirst().entityId())).isEqualTo(100);
    }

    @Test
    void shouldReachTheSameStateHashWhenTheSameJoinsWithHealthAndHaltsAreReplayed() {
        long[] hashes = new long[2];
        for (int run = 0; run < 2; run++) {
            Simulation simulation = new Simulation(CONFIG, TestRules.none(), new RecordingListener());
            simulation.submit(new Command.Join(1, "a", "s", PlayerLink.DISCARD, 0, false, 120, 80, 12));
            simulation.submit(new Command.Move(1, 1, 1, 0));
            simulation.tick(0);
            simulation.submit(new Command.Halt(1));
            simulation.tick(50);
            hashes[run] = simulation.stateHash();
        }
        assertThat(hashes[0]).isEqualTo(hashes[1]);
    }

    @Test
    void shouldStandADetachedPlayerStillUntilItsNextMoveEvenWhenAMoveArrivedJustBeforeTheHalt() {
        Simulation simulation = new Simulation(CONFIG, TestRules.none(), new RecordingListener());
        RecordingLink walker = new RecordingLink();
        simulation.submit(new Command.Join(1, "walker", "s", walker));
        simulation.submit(new Command.Move(1, 1, 1, 0));
        simulation.tick(0);
        simulation.tick(50);
        long id = walker.welcomes.getFirst().entityId();
        assertThat(self(walker, id).vx()).isPositive();

        // The last input before the drop lands in the same tick as the halt: the halt wins.
        simulation.submit(new Command.Move(1, 2, 0, 1));
        simulation.submit(new Command.Halt(1));
        simulation.submit(new Command.Halt(99));
        simulation.tick(100);
        EntityState halted = self(walker, id);
        simulation.tick(150);
        simulation.tick(200);

        assertThat(halted.vx()).isZero();
        assertThat(halted.vy()).isZero();
        assertThat(self(walker, id).x()).isEqualTo(halted.x());
        assertThat(self(walker, id).y()).isEqualTo(halted.y());
        // The superseded move counts as received: the client's next input continues after it.
        assertThat(walker.lastSnapshot().ackSeq()).isEqualTo(2);

        simulation.submit(new Command.Move(1, 3, -1, 0));
        simulation.tick(250);
        assertThat(self(walker, id).vx()).isNegative();
    }

    @Test
    void shouldRefuseAJoinWithHealthBelowFull() {
        assertThatThrownBy(() -> new Command.Join(1, "a", "s", PlayerLink.DISCARD, 0, false, 1, 1, -2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthPoints : -2");
    }

    private static EntityState self(RecordingLink link, long id) {
        ServerMessage.Snapshot snapshot = link.lastSnapshot();
        return snapshot.entities().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    @Test
    void shouldRemoveALeavingPlayersEntityEvenWhenAnObserverThrows() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, TestRules.none(), listener);
        simulation.actionObserver(new dev.ludus.sim.action.ActionObserver() {
            @Override
            public void onLeave(long playerId) {
                throw new IllegalStateException("detector failed");
            }
        });
        simulation.submit(new Command.Join(1, "leaver", "s", new RecordingLink()));
        simulation.tick(1_000);
        int withPlayer = simulation.entityCount();
        simulation.submit(new Command.Leave(1));
        simulation.tick(1_050);

        assertThat(simulation.playerCount()).isZero();
        assertThat(simulation.entityCount()).as("no ghost entity left behind").isEqualTo(withPlayer - 1);
    }
}
