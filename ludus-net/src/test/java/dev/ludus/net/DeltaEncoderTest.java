package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.DeltaEntity;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeltaEncoderTest {
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private static ServerMessage.Snapshot snapshot(long tick, EntityState... entities) {
        return new ServerMessage.Snapshot(tick, 1000 + tick, tick - 1, List.of(entities), List.of());
    }

    private static EntityState still(long id) {
        return new EntityState(id, EntityKind.RESOURCE, 7, 7, 0, 0);
    }

    @Test
    void shouldExtrapolateWithRoundingHalfUpAsClientsDo() {
        assertThat(DeltaEncoder.extrapolate(500, 1, 20)).isEqualTo(25);
        assertThat(DeltaEncoder.extrapolate(10, 1, 20)).isEqualTo(1);
        assertThat(DeltaEncoder.extrapolate(-10, 1, 20)).isZero();
        assertThat(DeltaEncoder.extrapolate(-11, 1, 20)).isEqualTo(-1);
        assertThat(DeltaEncoder.extrapolate(333, 3, 20)).isEqualTo(50);
        assertThat(DeltaEncoder.extrapolate(Integer.MAX_VALUE, Integer.MAX_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
    }

    private static EntityState player(long id, double x, double y) {
        return new EntityState(id, EntityKind.PLAYER, x, y, 5, 0);
    }

    /** What a client holds after applying a delta (docs/protocol.md §16.3): id to quantized {x, y, vx, vy}. */
    private static Map<Long, int[]> apply(Map<Long, int[]> held, ServerMessage.Delta delta) {
        Map<Long, int[]> baseline = new HashMap<>();
        if (!delta.isFull()) {
            int ticks = (int) (delta.tick() - delta.baseTick());
            for (Map.Entry<Long, int[]> e : held.entrySet()) {
                int[] v = e.getValue();
                // Dead reckoning: the baseline moved on by its velocity, rounded half up.
                baseline.put(e.getKey(), new int[] {v[0] + Math.floorDiv(2 * v[2] * ticks + 20, 40),
                    v[1] + Math.floorDiv(2 * v[3] * ticks + 20, 40), v[2], v[3]});
            }
        }
        Map<Long, int[]> next = new HashMap<>(baseline);
        for (Long id : delta.removed()) {
            next.remove(id);
        }
        for (DeltaEntity e : delta.entities()) {
            if (e.isNew()) {
                next.put(e.id(), new int[] {e.x(), e.y(), e.vx(), e.vy()});
            } else {
                int[] old = baseline.get(e.id());
                assertThat(old).as("change to an entity the baseline holds: %s", e.id()).isNotNull();
                next.put(e.id(), new int[] {old[0] + e.x(), old[1] + e.y(), old[2] + e.vx(), old[3] + e.vy()});
            }
        }
        return next;
    }

    @Test
    void shouldSendAFullFrameUntilTheClientAcknowledgesOne() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        ServerMessage.Delta first = encoder.encode(snapshot(10, player(1, 10, 10), player(2, 20, 20)), 1, UNLIMITED);
        ServerMessage.Delta second = encoder.encode(snapshot(11, player(1, 10.25, 10), player(2, 20, 20)), 1, UNLIMITED);

        assertThat(first.isFull()).isTrue();
        assertThat(first.entities()).extracting(DeltaEntity::id).containsExactly(1L, 2L);
        assertThat(first.entities()).allMatch(DeltaEntity::isNew);
        assertThat(first.entities().getFirst()).isEqualTo(new DeltaEntity(1, EntityKind.PLAYER, 1000, 1000, 500, 0));
        assertThat(second.isFull()).isTrue();
        assertThat(first.serverTimeMs()).isEqualTo(1010);
        assertThat(first.ackSeq()).isEqualTo(9);
    }

    @Test
    void shouldListEntitiesByIdWhateverTheSnapshotOrderAndHowLargeTheIds() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        ServerMessage.Delta small = encoder.encode(snapshot(10, player(9, 1, 1), player(3, 2, 2), player(7, 3, 3)), 3, UNLIMITED);
        long huge = 1L << 50;
        ServerMessage.Delta large = new DeltaEncoder(false, 20).encode(snapshot(10, player(huge + 2, 1, 1),
            player(5, 2, 2), player(huge, 3, 3)), 5, UNLIMITED);

        assertThat(small.entities()).extracting(DeltaEntity::id).containsExactly(3L, 7L, 9L);
        assertThat(large.entities()).extracting(DeltaEntity::id).containsExactly(5L, huge, huge + 2);
        assertThat(large.entities().get(1)).isEqualTo(new DeltaEntity(huge, EntityKind.PLAYER, 300, 300, 500, 0));
    }

    @Test
    void shouldSendAPropsRadiusWhenItIsNewToTheBaselineOnly() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        EntityState boulder = new EntityState(5, EntityKind.PROP, 12, 12, 0, 0, 0.625);
        ServerMessage.Delta first = encoder.encode(snapshot(10, player(1, 10, 10), boulder), 1, UNLIMITED);
        encoder.ack(10);
        ServerMessage.Delta shoved = encoder.encode(snapshot(11, player(1, 10.25, 10),
            new EntityState(5, EntityKind.PROP, 12.5, 12, 1, 0, 0.625)), 1, UNLIMITED);

        assertThat(first.entities()).contains(new DeltaEntity(5, EntityKind.PROP, 1200, 1200, 0, 0, 63));
        assertThat(shoved.entities()).containsExactly(new DeltaEntity(5, null, 50, 0, 100, 0));
    }

    @Test
    void shouldSendOnlyChangesAgainstTheAcknowledgedFrame() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        encoder.encode(snapshot(10, player(1, 10, 10), player(2, 20, 20), player(3, 30, 30)), 1, UNLIMITED);
        encoder.ack(10);
        // Player 1 walked on at 5 m/s (0.25 m a tick: what dead reckoning predicts); player 2 stopped
        // where it stood, 25 cm short of its prediction, and turned north.
        ServerMessage.Delta delta = encoder.encode(snapshot(11, player(1, 10.25, 10),
            new EntityState(2, EntityKind.PLAYER, 20, 20, 0, 5), player(4, 40, 40)), 1, UNLIMITED);

        assertThat(delta.baseTick()).isEqualTo(10);
        assertThat(delta.entities()).containsExactly(new DeltaEntity(2, null, -25, 0, -500, 500),
            new DeltaEntity(4, EntityKind.PLAYER, 4000, 4000, 500, 0));
        assertThat(delta.removed()).containsExactly(3L);
    }

    @Test
    void shouldKeepTheClientWithinHalfACentimetreOverARandomWalkWithLostAcks() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        DeltaEncoder encoder = new DeltaEncoder(true, 20);
        Map<Long, Map<Long, int[]>> held = new HashMap<>();
        double[][] positions = new double[30][2];
        for (double[] p : positions) {
            p[0] = random.nextDouble(0, 200);
            p[1] = random.nextDouble(0, 200);
        }
        long acked = -1;
        for (long tick = 0; tick < 300; tick++) {
            List<EntityState> entities = new ArrayList<>();
            for (int i = 0; i < positions.length; i++) {
                positions[i][0] += random.nextDouble(-0.3, 0.3);
                positions[i][1] += random.nextDouble(-0.3, 0.3);
                // Some entities leave the view for a while and come back.
                if (i == 0 || (tick / 40 + i) % 7 != 0) {
                    entities.add(new EntityState(i, i % 3 == 0 ? EntityKind.NPC : EntityKind.PLAYER, positions[i][0],
                        positions[i][1], random.nextDouble(-5, 5), 0));
                }
            }
            // A small budget: deferrals happen, and must never desynchronise the client.
            ServerMessage.Delta delta = encoder.encode(new ServerMessage.Snapshot(tick, tick, -1, entities, List.of()),
                0, random.nextInt(100, 600));
            Map<Long, int[]> base = delta.isFull() ? Map.of() : held.get(delta.baseTick());
            assertThat(base).as("seed %d: baseline %d held", seed, delta.baseTick()).isNotNull();
            Map<Long, int[]> now = apply(base, delta);
            held.put(tick, now);
            for (Map.Entry<Long, int[]> e : now.entrySet()) {
                EntityState truth = entities.stream().filter(s -> s.id() == e.getKey()).findFirst().orElse(null);
                assertThat(truth).as("seed %d tick %d: client holds %d, which left the view", seed, tick, e.getKey())
                    .isNotNull();
                if (delta.entities().stream().anyMatch(d -> d.id() == e.getKey())) {
                    assertThat(Math.abs(DeltaEntity.metres(e.getValue()[0]) - truth.x())).as("seed %d", seed)
                        .isLessThanOrEqualTo(0.005 + 1e-9);
                }
            }
            assertThat(now).as("seed %d: own entity always sent", seed).containsKey(0L);
            // A third of the acks are lost; the rest arrive a few ticks late.
            if (tick >= 3 && random.nextInt(3) != 0 && tick - 3 > acked && held.containsKey(tick - 3)) {
                acked = tick - 3;
                encoder.ack(acked);
            }
        }
        assertThat(encoder.deferredTotal()).as("seed %d: the budget deferred some updates", seed).isPositive();
    }

    @Test
    void shouldWriteTheOwnEntityAndTheClosestPlayersFirstWhenTheBudgetIsShort() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        // A full frame is never cut, whatever the budget: the client keeps nothing of what it held.
        ServerMessage.Delta full = encoder.encode(snapshot(1, player(1, 0, 0), player(2, 90, 0), player(3, 5, 0),
            new EntityState(4, EntityKind.ITEM, 5, 1, 0, 0)), 1, 25);
        assertThat(full.isFull()).isTrue();
        assertThat(full.entities()).extracting(DeltaEntity::id).containsExactly(1L, 2L, 3L, 4L);
        encoder.ack(1);

        // Against it, everybody turned (moving north now): the own entity and the closest player first.
        ServerMessage.Delta first = encoder.encode(snapshot(2, turned(1, 0, 0), turned(2, 90, 0), turned(3, 5, 0),
            new EntityState(4, EntityKind.ITEM, 5, 1, 0, 3)), 1, 25);
        assertThat(first.entities()).extracting(DeltaEntity::id).containsExactly(1L, 3L);
        // Deferred entities gain priority: the far player gets through later (the client acknowledges every frame).
        encoder.ack(2);
        List<Long> seen = new ArrayList<>();
        for (long tick = 3; tick < 13; tick++) {
            encoder.encode(snapshot(tick, turned(1, 0, 0), turned(2, 90, 0), turned(3, 5, 0),
                new EntityState(4, EntityKind.ITEM, 5, 1, 0, 3)), 1, 25).entities().forEach(e -> seen.add(e.id()));
            encoder.ack(tick);
        }
        assertThat(seen).contains(2L, 4L);
        assertThat(encoder.deferredTotal()).isPositive();
    }

    private static EntityState turned(long id, double x, double y) {
        return new EntityState(id, EntityKind.PLAYER, x, y, 0, 5);
    }

    @Test
    void shouldKeepThirtyTwoFramesAsBaselinesWhateverTheTicksBetweenThem() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        // One frame every 16 ticks (the slowest adaptive rate): 32 frames span 512 ticks.
        encoder.encode(snapshot(0, player(1, 0, 0)), 1, UNLIMITED);
        for (long tick = 16; tick <= 16L * 20; tick += 16) {
            encoder.encode(snapshot(tick, player(1, 0, 0)), 1, UNLIMITED);
        }
        // Twenty frames later the ack of the first one arrives (a congested link): it is still a baseline.
        encoder.ack(0);
        assertThat(encoder.encode(snapshot(16L * 21, player(1, 0, 0)), 1, UNLIMITED).baseTick()).isZero();
    }

    @Test
    void shouldRejectAcksForTicksNeverSentAndAcksGoingBackwards() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        assertRejected(() -> encoder.ack(0), ErrorCode.ACK_UNKNOWN_TICK, "none sent yet");
        encoder.encode(snapshot(10, still(1)), 1, UNLIMITED);
        encoder.encode(snapshot(12, still(1)), 1, UNLIMITED);
        assertRejected(() -> encoder.ack(11), ErrorCode.ACK_UNKNOWN_TICK, "the last being 12");
        assertRejected(() -> encoder.ack(13), ErrorCode.ACK_UNKNOWN_TICK, "ack.tick : 13");
        encoder.ack(12);
        encoder.ack(12);
        assertRejected(() -> encoder.ack(10), ErrorCode.ACK_NOT_INCREASING, "expected: >= 12");
        assertThat(encoder.ackedTick()).isEqualTo(12);
        ServerMessage.Delta next = encoder.encode(snapshot(13, still(1)), 1, UNLIMITED);
        assertThat(next.baseTick()).isEqualTo(12);
        assertThat(next.entities()).isEmpty();
    }

    @Test
    void shouldFallBackToAFullFrameWhenTheAcknowledgedFrameLeftTheRing() {
        DeltaEncoder encoder = new DeltaEncoder(false, 20);
        encoder.encode(snapshot(0, player(1, 0, 0)), 1, UNLIMITED);
        encoder.ack(0);
        for (long tick = 1; tick <= DeltaEncoder.HISTORY; tick++) {
            encoder.encode(snapshot(tick, player(1, 0, 0)), 1, UNLIMITED);
        }
        // Tick 0's slot now holds tick 32: no usable baseline.
        assertThat(encoder.encode(snapshot(33, player(1, 0, 0)), 1, UNLIMITED).isFull()).isTrue();
        // An ack of an evicted frame that was sent is not an error, just no baseline.
        encoder.ack(1);
        assertThat(encoder.encode(snapshot(34, player(1, 0, 0)), 1, UNLIMITED).isFull()).isTrue();
        encoder.ack(34);
        assertThat(encoder.encode(snapshot(35, player(1, 0, 0)), 1, UNLIMITED).baseTick()).isEqualTo(34);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
                                       String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code))
            .hasMessageContaining(text);
    }
}
