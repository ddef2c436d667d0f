package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ServerMessage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Joins, moves and leaves through a simulation's command inbox, observed through fake links. */
class SimulationTest {
    /** 1 km square, 10 Hz, AOI 50 m, 3 players, spawn disc of 20 m around the centre, 10 m/s. */
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 25, 50, 10, 3, 500, 500, 20, 10, 42);

    private final RecordingListener listener = new RecordingListener();
    private Simulation simulation = new Simulation(CONFIG, TestRules.none(), listener);
    private long serverTimeMs = 1_700_000_000_000L;

    // ------------------------------------------------------------------ joining

    @Test
    void shouldWelcomeEachJoiningPlayerWithADistinctEntityNearTheSpawnPoint() {
        RecordingLink alice = join(1, "alice");
        RecordingLink bob = join(2, "bob");
        RecordingLink carol = join(3, "carol");

        tick();

        Set<Long> ids = new HashSet<>();
        for (RecordingLink link : new RecordingLink[] {alice, bob, carol}) {
            long id = link.entityId();
            assertThat(ids.add(id)).as("distinct entity id %s", id).isTrue();
            int slot = simulation.world().slotOf(id);
            assertThat(slot).isNotNegative();
            assertThat(simulation.world().kind(slot)).isEqualTo(EntityKind.PLAYER);
            assertThat(Math.hypot(simulation.world().x(slot) - 500, simulation.world().y(slot) - 500))
                .isLessThanOrEqualTo(20 + 1e-9);
        }
        assertThat(alice.refusals).isEmpty();
    }

    @Test
    void shouldSpreadSpawnsOverTheSpawnDiscRatherThanStackThem() {
        Simulation roomy = new Simulation(withMaxPlayers(CONFIG, 200), TestRules.none(), listener);
        double farthest = 0;
        Set<String> positions = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            RecordingLink link = new RecordingLink();
            roomy.submit(new Command.Join(i, "p" + i, "s" + i, link));
            roomy.tick(0);
            int slot = roomy.world().slotOf(link.entityId());
            double x = roomy.world().x(slot);
            double y = roomy.world().y(slot);
            positions.add(x + "," + y);
            farthest = Math.max(farthest, Math.hypot(x - 500, y - 500));
        }

        assertThat(farthest).isLessThanOrEqualTo(20 + 1e-9).isGreaterThan(15);
        assertThat(positions).hasSize(200);
    }

    @Test
    void shouldDescribeTheWorldInTheWelcome() {
        RecordingLink alice = join(1, "alice");

        tick();

        ServerMessage.Welcome welcome = alice.welcomes.getFirst();
        assertThat(welcome.session()).isEqualTo("session-1");
        assertThat(welcome.tickRate()).isEqualTo(10);
        assertThat(welcome.worldWidth()).isEqualTo(1000);
        assertThat(welcome.worldHeight()).isEqualTo(1000);
        assertThat(welcome.aoiRadius()).isEqualTo(50);
        assertThat(welcome.spawnX()).isEqualTo(500);
        assertThat(welcome.spawnY()).isEqualTo(500);
        assertThat(welcome.maxSpeed()).isEqualTo(10);
    }

    @Test
    void shouldSpawnInsideTheWorldWhenTheSpawnDiscCrossesItsEdge() {
        WorldConfig corner = new WorldConfig(100, 100, 10, 50, 10, 50, 0, 100, 30, 10, 7);
        simulation = new Simulation(corner, TestRules.none(), listener);
        RecordingLink[] links = new RecordingLink[50];
        for (int i = 0; i < links.length; i++) {
            links[i] = join(i, "p" + i);
        }

        tick();

        for (RecordingLink link : links) {
            int slot = simulation.world().slotOf(link.entityId());
            double x = simulation.world().x(slot);
            double y = simulation.world().y(slot);
            assertThat(x).isBetween(0.0, 100.0);
            assertThat(y).isBetween(0.0, 100.0);
            assertThat(Math.hypot(x, y - 100)).isLessThanOrEqualTo(30 + 1e-9);
        }
    }

    @Test
    void shouldRefuseADuplicateNameWithNameTakenUntilItsOwnerLeaves() {
        RecordingLink alice = join(1, "alice");
        RecordingLink impostor = join(2, "alice");
        tick();

        assertThat(alice.welcomes).hasSize(1);
        assertThat(impostor.welcomes).isEmpty();
        assertThat(impostor.refusals).singleElement()
            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN))
            .satisfies(e -> assertThat(e.message()).contains("alice"));
        assertThat(simulation.playerCount()).isEqualTo(1);

        simulation.submit(new Command.Leave(1));
        simulation.submit(new Command.Join(2, "alice", "session-2b", impostor));
        tick();

        assertThat(impostor.welcomes).singleElement().extracting(ServerMessage.Welcome::session).isEqualTo("session-2b");
    }

    @Test
    void shouldRefuseASecondJoinOnTheSameConnectionWithAlreadyLoggedIn() {
        RecordingLink first = join(1, "alice");
        RecordingLink second = join(1, "alice2");
        tick();

        assertThat(first.welcomes).hasSize(1);
        assertThat(second.refusals).singleElement()
            .extracting(ServerMessage.ErrorMessage::code).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
        assertThat(simulation.world().entityCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseJoinsBeyondCapacityWithServerFullUntilAPlaceFreesUp() {
        join(1, "a");
        join(2, "b");
        join(3, "c");
        RecordingLink fourth = join(4, "d");
        tick();

        assertThat(fourth.welcomes).isEmpty();
        assertThat(fourth.refusals).singleElement()
            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_FULL))
            .satisfies(e -> assertThat(e.message()).contains("3"));
        assertThat(simulation.playerCount()).isEqualTo(3);

        simulation.submit(new Command.Leave(2));
        simulation.submit(new Command.Join(4, "d", "session-4", fourth));
        tick();

        assertThat(fourth.welcomes).hasSize(1);
        assertThat(simulation.playerCount()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ moving

    @Test
    void shouldNormaliseADirectionLongerThanOneToThePlayerSpeed() {
        RecordingLink alice = join(1, "alice");
        tick();

        simulation.submit(new Command.Move(1, 1, 30, 40));
        tick();

        EntityState self = alice.lastSeen(alice.entityId()).orElseThrow();
        assertThat(self.vx()).isCloseTo(6, within(1e-12));
        assertThat(self.vy()).isCloseTo(8, within(1e-12));
    }

    @Test
    void shouldKeepTheMagnitudeOfADirectionShorterThanOne() {
        RecordingLink alice = join(1, "alice");
        tick();

        simulation.submit(new Command.Move(1, 1, 0.3, -0.4));
        tick();

        EntityState self = alice.lastSeen(alice.entityId()).orElseThrow();
        assertThat(self.vx()).isCloseTo(3, within(1e-12));
        assertThat(self.vy()).isCloseTo(-4, within(1e-12));
    }

    @Test
    void shouldMoveAtExactlyThePlayerSpeedForAUnitDirection() {
        RecordingLink alice = join(1, "alice");
        tick();
        int slot = simulation.world().slotOf(alice.entityId());

        simulation.submit(new Command.Move(1, 1, 0, 1));
        tick();

        assertThat(simulation.world().vx(slot)).isZero();
        assertThat(simulation.world().vy(slot)).isEqualTo(10);
    }

    @Test
    void shouldStopOnAZeroDirection() {
        RecordingLink alice = join(1, "alice");
        tick();
        simulation.submit(new Command.Move(1, 1, 1, 0));
        tick();
        int slot = simulation.world().slotOf(alice.entityId());
        double x = simulation.world().x(slot);

        simulation.submit(new Command.Move(1, 2, 0, 0));
        tick();
        tick();

        assertThat(simulation.world().x(slot)).isEqualTo(x);
        assertThat(alice.lastSeen(alice.entityId()).orElseThrow().vx()).isZero();
    }

    @Test
    void shouldMoveThePlayerBySpeedTimesTickSecondsEachTickUntilTheNextInput() {
        RecordingLink alice = join(1, "alice");
        tick();
        int slot = simulation.world().slotOf(alice.entityId());
        double x0 = simulation.world().x(slot);
        double y0 = simulation.world().y(slot);

        simulation.submit(new Command.Move(1, 1, -1, 0));
        for (int i = 0; i < 5; i++) {
            tick();
        }

        assertThat(simulation.world().x(slot)).isCloseTo(x0 - 5 * 10 * 0.1, within(1e-9));
        assertThat(simulation.world().y(slot)).isEqualTo(y0);
        EntityState seen = alice.lastSeen(alice.entityId()).orElseThrow();
        assertThat(seen.x()).isEqualTo(simulation.world().x(slot));
    }

    @Test
    void shouldAcknowledgeTheSeqOfTheLastAppliedInputInTheNextSnapshot() {
        RecordingLink alice = join(1, "alice");
        tick();
        assertThat(alice.lastSnapshot().ackSeq()).as("before any input").isEqualTo(-1);

        simulation.submit(new Command.Move(1, 7, 1, 0));
        tick();
        assertThat(alice.lastSnapshot().ackSeq()).isEqualTo(7);

        simulation.submit(new Command.Move(1, 8, 0, 1));
        simulation.submit(new Command.Move(1, 12, 0, -1));
        tick();
        assertThat(alice.lastSnapshot().ackSeq()).isEqualTo(12);
        assertThat(alice.lastSeen(alice.entityId()).orElseThrow().vy()).isEqualTo(-10);
    }

    @Test
    void shouldIgnoreAnInputWhoseSeqIsNotNewerThanTheLastApplied() {
        RecordingLink alice = join(1, "alice");
        tick();
        simulation.submit(new Command.Move(1, 7, 1, 0));
        tick();

        simulation.submit(new Command.Move(1, 5, -1, 0));
        simulation.submit(new Command.Move(1, 7, 0, 1));
        tick();

        assertThat(alice.lastSnapshot().ackSeq()).isEqualTo(7);
        EntityState self = alice.lastSeen(alice.entityId()).orElseThrow();
        assertThat(self.vx()).isEqualTo(10);
        assertThat(self.vy()).isZero();
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void shouldIgnoreInputFromAConnectionWithoutAPlayer() {
        RecordingLink alice = join(1, "alice");
        simulation.submit(new Command.Move(99, 1, 1, 0));
        tick();

        simulation.submit(new Command.Leave(99));
        tick();

        assertThat(alice.lastSeen(alice.entityId()).orElseThrow().vx()).isZero();
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void shouldReportANonFiniteDirectionAndStillApplyTheOtherCommands() {
        RecordingLink alice = join(1, "alice");
        tick();

        simulation.submit(new Command.Move(1, 1, Double.NaN, 0));
        simulation.submit(new Command.Move(1, 2, Double.POSITIVE_INFINITY, 0));
        RecordingLink bob = join(2, "bob");
        tick();

        assertThat(listener.failures).hasSize(2)
            .allSatisfy(f -> assertThat(f.error()).isInstanceOf(IllegalArgumentException.class))
            .allSatisfy(f -> assertThat(f.context()).startsWith("command Move[").contains("at tick 1"));
        assertThat(bob.welcomes).hasSize(1);
        EntityState self = alice.lastSeen(alice.entityId()).orElseThrow();
        assertThat(self.vx()).isZero();
        assertThat(alice.lastSnapshot().ackSeq()).as("a rejected input is not acknowledged").isEqualTo(-1);
        assertThat(simulation.completedTicks()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void shouldStampSnapshotsWithTheTickAndTheServerTime() {
        RecordingLink alice = join(1, "alice");

        simulation.tick(1000);
        simulation.tick(1050);
        simulation.tick(1100);

        assertThat(alice.snapshots).extracting(ServerMessage.Snapshot::tick).containsExactly(0L, 1L, 2L);
        assertThat(alice.snapshots).extracting(ServerMessage.Snapshot::serverTimeMs).containsExactly(1000L, 1050L, 1100L);
        assertThat(alice.lastSnapshot().removed()).isEmpty();
    }

    @Test
    void shouldShowEachPlayerItsOwnEntityAndTheEntitiesNearItButNotFarOnes() {
        simulation = new Simulation(CONFIG, TestRules.npcsAt(new double[] {500, 500}, new double[] {900, 900}), listener);
        long nearNpc = simulation.world().id(0);
        long farNpc = simulation.world().id(1);
        RecordingLink alice = join(1, "alice");
        RecordingLink bob = join(2, "bob");

        tick();

        assertThat(alice.visibleIds()).containsExactlyInAnyOrder(alice.entityId(), bob.entityId(), nearNpc)
            .doesNotContain(farNpc);
        assertThat(bob.visibleIds()).containsExactlyInAnyOrder(alice.entityId(), bob.entityId(), nearNpc);
        EntityState npc = alice.lastSeen(nearNpc).orElseThrow();
        assertThat(npc.kind()).isEqualTo(EntityKind.NPC);
        assertThat(npc.x()).isEqualTo(500);
        assertThat(alice.lastSeen(bob.entityId()).orElseThrow().kind()).isEqualTo(EntityKind.PLAYER);
    }

    @Test
    void shouldListAnEntityThatLeavesTheAreaOfInterestAsRemovedExactlyOnce() {
        simulation = new Simulation(pinnedSpawn(100), TestRules.none(), listener);
        RecordingLink alice = join(1, "alice");
        RecordingLink carol = join(2, "carol");
        tick();
        assertThat(alice.visibleIds()).contains(carol.entityId());

        // 100 m/s at 10 Hz: 10 m a tick. Still visible at exactly 50 m (boundary inside), gone at 60 m.
        simulation.submit(new Command.Move(2, 1, 1, 0));
        for (int i = 1; i <= 5; i++) {
            tick();
            assertThat(alice.visibleIds()).as("after %s ticks", i).contains(carol.entityId());
        }
        tick();
        assertThat(alice.visibleIds()).doesNotContain(carol.entityId());
        assertThat(alice.lastSnapshot().removed()).containsExactly(carol.entityId());
        assertThat(carol.lastSnapshot().removed()).containsExactly(alice.entityId());
        for (int i = 0; i < 10; i++) {
            tick();
        }

        assertThat(alice.timesRemoved(carol.entityId())).isEqualTo(1);
        assertThat(carol.timesRemoved(alice.entityId())).isEqualTo(1);
        assertThat(alice.visibleIds()).containsExactly(alice.entityId());
    }

    @Test
    void shouldListAnEntityAsRemovedAgainEachTimeItLeavesAfterComingBack() {
        simulation = new Simulation(pinnedSpawn(100), TestRules.none(), listener);
        RecordingLink alice = join(1, "alice");
        RecordingLink carol = join(2, "carol");
        tick();

        long seq = 0;
        for (int round = 0; round < 3; round++) {
            simulation.submit(new Command.Move(2, ++seq, 1, 0));
            tickTimes(8);
            simulation.submit(new Command.Move(2, ++seq, -1, 0));
            tickTimes(8);
            assertThat(alice.visibleIds()).as("back after round %s", round).contains(carol.entityId());
        }

        assertThat(alice.timesRemoved(carol.entityId())).isEqualTo(3);
        assertThat(alice.snapshots).allSatisfy(s ->
            assertThat(s.removed()).doesNotHaveDuplicates().doesNotContainAnyElementsOf(
                s.entities().stream().map(EntityState::id).toList()));
    }

    @Test
    void shouldListAPlayerWhoLeavesAsRemovedExactlyOnceAndSendItNothingMore() {
        RecordingLink alice = join(1, "alice");
        RecordingLink bob = join(2, "bob");
        tick();
        long bobId = bob.entityId();
        int bobSnapshots = bob.snapshots.size();

        simulation.submit(new Command.Leave(2));
        tickTimes(5);

        assertThat(alice.snapshots.get(1).removed()).containsExactly(bobId);
        assertThat(alice.timesRemoved(bobId)).isEqualTo(1);
        assertThat(alice.visibleIds()).containsExactly(alice.entityId());
        assertThat(bob.snapshots).hasSize(bobSnapshots);
        assertThat(simulation.world().slotOf(bobId)).isEqualTo(-1);
        assertThat(simulation.playerCount()).isEqualTo(1);
        assertThat(simulation.entityCount()).isEqualTo(1);
    }

    @Test
    void shouldSendNoSnapshotToAPlayerWhoJoinsAndLeavesInTheSameTick() {
        RecordingLink alice = join(1, "alice");
        simulation.submit(new Command.Leave(1));

        tick();

        assertThat(alice.welcomes).hasSize(1);
        assertThat(alice.snapshots).isEmpty();
        assertThat(simulation.world().entityCount()).isZero();
    }

    // ------------------------------------------------------------------ failures

    @Test
    void shouldReportFailingGameRulesAndCarryOnTicking() {
        IllegalStateException failure = new IllegalStateException("rules broke");
        simulation = new Simulation(CONFIG, TestRules.failingOnTick(1, failure), listener);
        RecordingLink alice = join(1, "alice");
        tick();
        simulation.submit(new Command.Move(1, 1, 1, 0));

        tick();
        tick();

        assertThat(listener.failures).singleElement().satisfies(f -> {
            assertThat(f.context()).startsWith("game rules in region ").endsWith(" at tick 1");
            assertThat(f.error()).isSameAs(failure);
        });
        assertThat(alice.snapshots).extracting(ServerMessage.Snapshot::tick).containsExactly(0L, 1L, 2L);
        assertThat(alice.lastSeen(alice.entityId()).orElseThrow().vx()).as("movement still integrated").isEqualTo(10);
        assertThat(simulation.completedTicks()).isEqualTo(3);
    }

    @Test
    void shouldReportGameRulesThatFailEveryTickAndStillServePlayers() {
        simulation = new Simulation(CONFIG, TestRules.failingOnTick(new UnsupportedOperationException("nope")), listener);
        RecordingLink alice = join(1, "alice");

        tickTimes(4);

        assertThat(listener.failures).hasSize(4);
        assertThat(alice.snapshots).hasSize(4);
    }

    @Test
    void shouldReportALinkThatFailsOnSnapshotAndStillServeTheOtherPlayers() {
        PlayerLink broken = new RecordingLink() {
            @Override
            public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
                throw new IllegalStateException("connection gone");
            }
        };
        simulation.submit(new Command.Join(1, "broken", "s1", broken));
        RecordingLink bob = join(2, "bob");

        tick();
        tick();

        assertThat(listener.failures).hasSize(2)
            .extracting(RecordingListener.Failure::context)
            .containsExactly("snapshot for connection 1 at tick 0", "snapshot for connection 1 at tick 1");
        assertThat(bob.snapshots).hasSize(2);
        assertThat(bob.lastSnapshot().entities()).hasSize(2);
    }

    @Test
    void shouldReportALinkThatFailsOnJoinAndApplyTheCommandsAfterIt() {
        PlayerLink broken = new RecordingLink() {
            @Override
            public void onJoined(ServerMessage.Welcome welcome) {
                throw new IllegalStateException("connection gone");
            }
        };
        simulation.submit(new Command.Join(1, "broken", "s1", broken));
        RecordingLink bob = join(2, "bob");

        tick();

        assertThat(listener.failures).singleElement()
            .satisfies(f -> assertThat(f.context()).startsWith("command Join[connectionId=1"))
            .satisfies(f -> assertThat(f.error()).hasMessage("connection gone"));
        assertThat(bob.welcomes).hasSize(1);
        assertThat(bob.snapshots).hasSize(1);
        assertThat(bob.lastSnapshot().entities()).as("no entity left behind by the failed join").hasSize(1);
        assertThat(simulation.playerCount()).isEqualTo(1);

        RecordingLink retry = join(1, "broken");
        tick();
        assertThat(retry.welcomes).as("the name was not left taken").hasSize(1);
    }

    // ------------------------------------------------------------------ figures and arguments

    @Test
    void shouldCountTicksPlayersEntitiesAndQueuedCommands() {
        simulation = new Simulation(CONFIG, TestRules.npcsAt(new double[] {1, 1}, new double[] {2, 2}), listener);
        assertThat(simulation.entityCount()).as("NPCs from populate").isEqualTo(2);
        assertThat(simulation.completedTicks()).isZero();

        join(1, "alice");
        join(2, "bob");
        assertThat(simulation.inboxSize()).isEqualTo(2);
        assertThat(simulation.playerCount()).as("joins wait for the tick").isZero();

        tick();

        assertThat(simulation.inboxSize()).isZero();
        assertThat(simulation.playerCount()).isEqualTo(2);
        assertThat(simulation.entityCount()).isEqualTo(4);
        assertThat(simulation.completedTicks()).isEqualTo(1);
    }

    @Test
    void shouldRejectNullArguments() {
        assertThatThrownBy(() -> new Simulation(CONFIG, null, listener)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Simulation(CONFIG, TestRules.none(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> simulation.submit(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Command.Join(1, null, "s", new RecordingLink())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Command.Join(1, "a", null, new RecordingLink())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Command.Join(1, "a", "s", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldIgnoreEverythingWithTheDefaultListener() {
        SimulationListener.NONE.onTick(1, 2, 3);
        SimulationListener.NONE.onError("context", new IllegalStateException());
        simulation = new Simulation(CONFIG, TestRules.failingOnTick(new IllegalStateException("x")), SimulationListener.NONE);

        tick();

        assertThat(simulation.completedTicks()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private RecordingLink join(long connectionId, String name) {
        RecordingLink link = new RecordingLink();
        simulation.submit(new Command.Join(connectionId, name, "session-" + connectionId, link));
        return link;
    }

    private void tick() {
        simulation.tick(serverTimeMs);
        serverTimeMs += 100;
    }

    private void tickTimes(int count) {
        for (int i = 0; i < count; i++) {
            tick();
        }
    }

    /** Everyone spawns exactly at the centre and moves at {@code speed}. */
    private static WorldConfig pinnedSpawn(double speed) {
        return new WorldConfig(1000, 1000, 25, 50, 10, 3, 500, 500, 0, speed, 42);
    }

    private static WorldConfig withMaxPlayers(WorldConfig c, int maxPlayers) {
        return new WorldConfig(c.widthMetres(), c.heightMetres(), c.cellSizeMetres(), c.aoiRadiusMetres(), c.tickRateHz(),
            maxPlayers, c.spawnXMetres(), c.spawnYMetres(), c.spawnRadiusMetres(), c.playerSpeedMetresPerSecond(), c.seed());
    }
}
