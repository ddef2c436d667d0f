package dev.ludus.sim.world;

import dev.ludus.protocol.ActionReason;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.action.ActionEngine;
import dev.ludus.sim.action.ActionObserver;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.action.UpdateResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** Actions through the whole tick: commands in, answers and statuses out to the players' links. */
class SimulationActionsTest {
    private static final WorldConfig CONFIG = new WorldConfig(400, 400, 32, 100, 20, 10, 200, 200, 1, 5, 3);

    /** An empty world with one gold coin and one potion lying at the spawn point. */
    private static final GameRules LOOT = new GameRules() {
        @Override
        public void populate(World world, RandomGenerator random) {
        }

        @Override
        public void populateActions(ActionEngine actions, World world, RandomGenerator random) {
            actions.spawnItem("gold", 200, 200);
            actions.spawnItem("potion", 201, 200);
        }

        @Override
        public void onTick(RegionTick region) {
        }
    };

    @Test
    void shouldAnswerActionsSendStatusesAndAcknowledgeTheirSequenceNumbers() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, LOOT, listener);
        RecordingLink alice = new RecordingLink();
        RecordingLink bob = new RecordingLink();
        simulation.submit(new Command.Join(1, "alice", "s", alice, 2));
        simulation.submit(new Command.Join(2, "bob", "s", bob));
        simulation.tick(0);
        long gold = 1;

        simulation.submit(new Command.Act(1, 5, 0, new ActionRequest.PickUp(gold)));
        simulation.submit(new Command.Act(2, 3, 0, new ActionRequest.PickUp(gold)));
        simulation.submit(new Command.Act(9, 1, 0, new ActionRequest.PickUp(gold)));
        simulation.tick(50);

        List<ServerMessage.ActionResult> answers = new ArrayList<>(alice.results);
        answers.addAll(bob.results);
        assertThat(answers).hasSize(2);
        assertThat(answers).filteredOn(ServerMessage.ActionResult::accepted).singleElement()
            .extracting(ServerMessage.ActionResult::detail).isEqualTo("picked up gold");
        assertThat(answers).filteredOn(r -> !r.accepted()).singleElement()
            .extracting(ServerMessage.ActionResult::reason).isEqualTo(ActionReason.ITEM_GONE);
        RecordingLink winner = alice.results.getFirst().accepted() ? alice : bob;
        assertThat(winner.statuses).singleElement().satisfies(status -> {
            assertThat(status.tick()).isEqualTo(1);
            assertThat(status.inventory()).isEqualTo(Map.of("gold", 1));
            assertThat(status.health()).isEqualTo(100);
            assertThat(status.version()).isEqualTo(1);
        });
        assertThat(alice.lastSnapshot().ackSeq()).isEqualTo(5);
        assertThat(bob.lastSnapshot().ackSeq()).isEqualTo(3);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void shouldIgnoreReplayedActionsAndAcceptMovesNumberedBelowAnAction() {
        Simulation simulation = new Simulation(CONFIG, LOOT, new RecordingListener());
        RecordingLink alice = new RecordingLink();
        simulation.submit(new Command.Join(1, "alice", "s", alice));
        simulation.tick(0);
        simulation.submit(new Command.Act(1, 2, 0, new ActionRequest.UseItem("potion")));
        simulation.submit(new Command.Move(1, 1, 1, 0));
        simulation.submit(new Command.Act(1, 2, 0, new ActionRequest.UseItem("potion")));
        simulation.tick(50);

        assertThat(alice.results).singleElement().extracting(ServerMessage.ActionResult::reason)
            .isEqualTo(ActionReason.NOT_IN_INVENTORY);
        assertThat(simulation.world().vx(simulation.world().slotOf(alice.entityId()))).as("the move applied").isEqualTo(5.0);
        assertThat(alice.lastSnapshot().ackSeq()).isEqualTo(2);
    }

    @Test
    void shouldAnswerImpossibleClaimsAndCountGatewayViolations() {
        Simulation simulation = new Simulation(CONFIG, LOOT, new RecordingListener());
        List<String> violations = new ArrayList<>();
        simulation.actionObserver(new ActionObserver() {
            @Override
            public void onViolation(long playerId, String code) {
                violations.add(playerId + " " + code);
            }

            @Override
            public void onLeave(long playerId) {
                violations.add(playerId + " left");
            }
        });
        RecordingLink alice = new RecordingLink();
        simulation.submit(new Command.Join(1, "alice", "s", alice));
        simulation.tick(0);
        long id = alice.entityId();
        double x = simulation.world().x(simulation.world().slotOf(id));
        double y = simulation.world().y(simulation.world().slotOf(id));
        simulation.submit(new Command.Move(1, 1, 1, 0, 0, x + 100, y));
        simulation.submit(new Command.Violation(1, 7, "seq_gap"));
        simulation.submit(new Command.Violation(42, 7, "seq_gap"));
        simulation.submit(new Command.Move(42, 1, 1, 0, 0, 0, 0));
        simulation.tick(50);
        simulation.submit(new Command.Leave(1));
        simulation.tick(100);

        assertThat(alice.results).singleElement().satisfies(result -> {
            assertThat(result.seq()).isEqualTo(1);
            assertThat(result.action()).isEqualTo("input");
            assertThat(result.reason()).isEqualTo(ActionReason.TELEPORT);
        });
        assertThat(violations).containsExactly(id + " teleport", id + " seq_gap", id + " left");
    }

    @Test
    void shouldApplyOutOfTickUpdatesWithOptimisticConcurrencyAndReportFailingReplies() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, LOOT, listener);
        RecordingLink alice = new RecordingLink();
        simulation.submit(new Command.Join(1, "alice", "s", alice));
        simulation.tick(0);
        List<UpdateResult> replies = new ArrayList<>();
        simulation.submit(new Command.Update(alice.entityId(), 0, "gold", 50, replies::add));
        simulation.submit(new Command.Update(alice.entityId(), 0, "gold", 50, replies::add));
        simulation.submit(new Command.Update(alice.entityId(), 1, "gold", 1, reply -> {
            throw new IllegalStateException("the service crashed");
        }));
        simulation.tick(50);

        assertThat(replies).containsExactly(new UpdateResult(true, null, 1), new UpdateResult(false, "version_conflict", 1));
        assertThat(simulation.actions().inventory(alice.entityId())).isEqualTo(Map.of("gold", 51));
        assertThat(alice.statuses.getLast().inventory()).isEqualTo(Map.of("gold", 51));
        assertThat(listener.failures).singleElement().extracting(RecordingListener.Failure::context)
            .asString().startsWith("command Update[");
        assertThat(new Command.Update(1, 0, "gold", 1, r -> { }).connectionId()).isEqualTo(-1);
    }

    @Test
    void shouldKeepTickingWhenALinkThrowsOnAnAnswerOrStatus() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, LOOT, listener);
        PlayerLink broken = new RecordingLink() {
            @Override
            public void onActionResult(ServerMessage.ActionResult result) {
                throw new IllegalStateException("socket gone");
            }

            @Override
            public void onStatus(ServerMessage.Status status) {
                throw new IllegalStateException("socket gone");
            }
        };
        simulation.submit(new Command.Join(1, "alice", "s", broken));
        simulation.tick(0);
        simulation.submit(new Command.Act(1, 1, 0, new ActionRequest.PickUp(1)));
        simulation.tick(50);

        assertThat(listener.failures).extracting(RecordingListener.Failure::context)
            .anyMatch(c -> c.startsWith("action result for player")).anyMatch(c -> c.startsWith("status for player"));
        assertThat(simulation.completedTicks()).isEqualTo(2);
        assertThat(simulation.world().slotOf(1)).as("the pick-up happened all the same").isEqualTo(-1);
    }

    @Test
    void shouldKickAPlayerThroughTheInboxAndApplyShadowBansAsCommands() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, LOOT, listener);
        List<String> kicks = new ArrayList<>();
        RecordingLink alice = new RecordingLink() {
            @Override
            public void onKicked(String reason) {
                kicks.add(reason);
            }
        };
        RecordingLink bob = new RecordingLink();
        simulation.submit(new Command.Join(1, "alice", "s", alice));
        simulation.submit(new Command.Join(2, "bob", "s", bob));
        simulation.tick(0);
        List<Command> journal = new ArrayList<>();
        simulation.journal((tick, time, commands, hash) -> journal.addAll(commands));

        assertThat(simulation.kick(alice.entityId(), "removed by anti-cheat")).isTrue();
        assertThat(simulation.kick(424242, "nobody")).isFalse();
        simulation.submit(new Command.ShadowBan(bob.entityId(), true));
        simulation.tick(50);

        assertThat(kicks).containsExactly("removed by anti-cheat");
        assertThat(simulation.playerCount()).isEqualTo(1);
        assertThat(journal).as("the kick is recorded as the player's leave")
            .contains(new Command.Leave(1), new Command.ShadowBan(bob.entityId(), true));
        assertThat(new Command.ShadowBan(1, true).connectionId()).isEqualTo(-1);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void shouldReportAFailingObserverAndKeepTicking() {
        RecordingListener listener = new RecordingListener();
        Simulation simulation = new Simulation(CONFIG, LOOT, listener);
        simulation.actionObserver(new ActionObserver() {
            @Override
            public void onTickEnd(long tick) {
                throw new IllegalStateException("detector bug");
            }
        });
        RecordingLink broken = new RecordingLink() {
            @Override
            public void onKicked(String reason) {
                throw new IllegalStateException("socket gone");
            }
        };
        simulation.submit(new Command.Join(1, "alice", "s", broken));
        simulation.tick(0);
        simulation.kick(broken.entityId(), "bye");
        simulation.tick(50);

        assertThat(listener.failures).extracting(RecordingListener.Failure::context)
            .contains("action observer at tick 0", "kick of player " + broken.entityId());
        assertThat(simulation.playerCount()).isZero();
    }

    @Test
    void shouldTellTheLinkThePlayersPositionHealthAndInventoryWhenItLeaves() {
        Simulation simulation = new Simulation(CONFIG, LOOT, new RecordingListener());
        RecordingLink link = new RecordingLink();
        simulation.submit(new Command.Join(7, "Leaver", "s", link));
        simulation.tick(1_000);
        long entity = link.entityId();
        simulation.submit(new Command.Update(entity, simulation.actions().version(entity), "wood", 4, answer -> { }));
        simulation.tick(1_050);
        double x = simulation.world().x(simulation.world().slotOf(entity));
        double y = simulation.world().y(simulation.world().slotOf(entity));

        simulation.submit(new Command.Leave(7));
        simulation.tick(1_100);

        assertThat(link.departures).containsExactly(new DepartedPlayer(entity, "Leaver", x, y,
            simulation.actions().config().maxHealth(), new java.util.TreeMap<>(java.util.Map.of("wood", 4))));
        assertThat(simulation.playerCount()).isZero();
    }
}
