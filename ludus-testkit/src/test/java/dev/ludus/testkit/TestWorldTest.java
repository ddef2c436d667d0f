package dev.ludus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

class TestWorldTest {

    @Test
    void shouldTickOnAVirtualClockOneIntervalAtATime() {
        TestWorld world = TestWorld.small(TestWorld.EMPTY);
        long start = world.clock().epochMillis();
        world.tick(20);
        assertThat(world.simulation().completedTicks()).isEqualTo(20);
        assertThat(world.clock().epochMillis() - start).isEqualTo(1000);
        assertThat(world.clock().nanoTime()).isEqualTo(1_000_000_000L);
        assertThat(start).isEqualTo(VirtualClock.START_EPOCH_MILLIS);
        assertThatThrownBy(() -> world.clock().advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLetFakeClientsJoinMoveSeeEachOtherAndLeave() {
        TestWorld world = TestWorld.small(TestWorld.EMPTY);
        FakeClient alice = world.connect().login("alice");
        FakeClient bob = world.connect().login("bob");
        assertThat(alice.welcome()).isEmpty();
        assertThatThrownBy(alice::entityId).isInstanceOf(IllegalStateException.class);
        assertThat(alice.lastSnapshot()).isEmpty();
        world.tick();
        assertThat(alice.received().getFirst()).isInstanceOf(ServerMessage.Welcome.class);
        double startX = bob.lastSeen(alice.entityId()).orElseThrow().x();

        long seq = alice.move(1, 0);
        world.tick(20);
        assertThat(alice.lastSnapshot().orElseThrow().ackSeq()).isEqualTo(seq);
        assertThat(bob.lastSeen(alice.entityId()).orElseThrow().x()).isCloseTo(startX + 6, within(1e-9));

        alice.disconnect();
        world.tick();
        assertThat(bob.lastSeen(alice.entityId())).isEmpty();
        assertThat(bob.lastSnapshot().orElseThrow().removed()).containsExactly(alice.entityId());
        assertThat(world.errors()).isEmpty();
        assertThat(world.world().entityCount()).isEqualTo(1);
    }

    @Test
    void shouldRecordRefusedLogins() {
        TestWorld world = TestWorld.small(TestWorld.EMPTY);
        world.connect().login("same");
        FakeClient second = world.connect().login("same");
        world.tick();
        assertThat(second.welcome()).isEmpty();
        assertThat(second.received()).singleElement().isInstanceOfSatisfying(ServerMessage.ErrorMessage.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
    }

    @Test
    void shouldNotLoseARemovalWhileAClientRefusesSnapshots() {
        TestWorld world = TestWorld.small(TestWorld.EMPTY);
        FakeClient alice = world.connect().login("alice");
        FakeClient bob = world.connect().login("bob");
        world.tick();
        assertThat(bob.lastSeen(alice.entityId())).isPresent();

        bob.congested(true);
        alice.disconnect();
        world.tick(3);
        bob.congested(false);
        world.tick();

        assertThat(bob.lastSnapshot().orElseThrow().removed()).containsExactly(alice.entityId());
        world.tick();
        assertThat(bob.lastSnapshot().orElseThrow().removed()).isEmpty();
    }

    @Test
    void shouldTreatNamesThatDifferOnlyInCaseAsTheSame() {
        TestWorld world = TestWorld.small(TestWorld.EMPTY);
        world.connect().login("alice");
        FakeClient impostor = world.connect().login("ALICE");
        world.tick();
        assertThat(impostor.welcome()).isEmpty();
        assertThat(impostor.received()).singleElement().isInstanceOfSatisfying(ServerMessage.ErrorMessage.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
    }

    @Test
    void shouldBeDeterministicForTheSameCalls() {
        long[] hashes = new long[2];
        for (int run = 0; run < 2; run++) {
            TestWorld world = TestWorld.small(TestWorld.EMPTY);
            FakeClient client = world.connect().login("det");
            world.tick();
            client.move(0.3, -0.7);
            world.tick(50);
            hashes[run] = world.world().stateHash();
        }
        assertThat(hashes[0]).isEqualTo(hashes[1]);
    }
}
