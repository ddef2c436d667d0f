package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.proto.LudusProto;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written snapshot and delta encodings are byte for byte what the generated protobuf code writes. */
class SnapshotWireTest {
    private final ProtobufCodec codec = new ProtobufCodec();

    private static byte[] viaGeneratedBuilders(ServerMessage.Snapshot s) {
        LudusProto.Snapshot.Builder snapshot = LudusProto.Snapshot.newBuilder()
            .setTick(s.tick()).setServerTimeMs(s.serverTimeMs()).setAckSeq(s.ackSeq());
        for (EntityState e : s.entities()) {
            snapshot.addEntities(LudusProto.EntityState.newBuilder()
                .setId(e.id())
                .setKind(kindOf(e.kind()))
                .setX((float) e.x()).setY((float) e.y()).setVx((float) e.vx()).setVy((float) e.vy())
                .setRadius((float) e.radius()));
        }
        snapshot.addAllRemoved(s.removed());
        return LudusProto.ServerEnvelope.newBuilder().setSnapshot(snapshot).build().toByteArray();
    }

    private static LudusProto.EntityKind kindOf(EntityKind kind) {
        return switch (kind) {
            case PLAYER -> LudusProto.EntityKind.ENTITY_KIND_PLAYER;
            case NPC -> LudusProto.EntityKind.ENTITY_KIND_NPC;
            case ITEM -> LudusProto.EntityKind.ENTITY_KIND_ITEM;
            case RESOURCE -> LudusProto.EntityKind.ENTITY_KIND_RESOURCE;
            case PROP -> LudusProto.EntityKind.ENTITY_KIND_PROP;
        };
    }

    private static byte[] viaGeneratedBuilders(ServerMessage.Delta d) {
        LudusProto.Delta.Builder body = LudusProto.Delta.newBuilder().setTick(d.tick()).setBaseTick(d.baseTick())
            .setServerTimeMs(d.serverTimeMs()).setAckSeq(d.ackSeq()).addAllRemoved(d.removed());
        if ((float) d.timeScale() != 1f) {
            body.setTimeScale((float) d.timeScale());
        }
        for (DeltaEntity e : d.entities()) {
            LudusProto.DeltaEntity.Builder entity = LudusProto.DeltaEntity.newBuilder().setId(e.id())
                .setX(e.x()).setY(e.y()).setVx(e.vx()).setVy(e.vy()).setRadius(e.radius());
            if (e.kind() != null) {
                entity.setKind(kindOf(e.kind()));
            }
            body.addEntities(entity);
        }
        return LudusProto.ServerEnvelope.newBuilder().setDelta(body).build().toByteArray();
    }

    @Provide
    Arbitrary<ServerMessage.Delta> deltas() {
        Arbitrary<Integer> units = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-300, 300),
            Arbitraries.just(0));
        Arbitrary<DeltaEntity> known = Combinators.combine(MessageArbitraries.nonNegativeLongs(), units, units, units, units)
            .as((id, x, y, vx, vy) -> new DeltaEntity(id, null, x, y, vx, vy));
        Arbitrary<DeltaEntity> fresh = Combinators.combine(MessageArbitraries.nonNegativeLongs(),
                Arbitraries.of(EntityKind.class), units, units, units, units, Arbitraries.integers().between(0, 5_000))
            .as((id, kind, x, y, vx, vy, radius) -> new DeltaEntity(id, kind, x, y, vx, vy, kind == EntityKind.PROP ? radius : 0));
        Arbitrary<Long> tick = Arbitraries.longs().between(1, Long.MAX_VALUE);
        return Combinators.combine(tick, Arbitraries.longs(), Arbitraries.longs().between(-1, Long.MAX_VALUE),
                Arbitraries.of(1.0, 0.5, 0.25, 0.125),
                Arbitraries.oneOf(known, fresh).list().ofMaxSize(60),
                MessageArbitraries.nonNegativeLongs().list().ofMaxSize(20), Arbitraries.integers().between(0, 3))
            .as((t, serverTime, ackSeq, scale, entities, removed, base) -> new ServerMessage.Delta(t,
                base == 0 ? -1 : base == 1 ? 0 : t - 1, serverTime, ackSeq, scale, entities, removed));
    }

    @Property(tries = 2000)
    void shouldWriteADeltaAsTheGeneratedCodeDoes(@ForAll("deltas") ServerMessage.Delta delta) {
        assertThat(codec.encode(delta)).isEqualTo(viaGeneratedBuilders(delta));
        // Time scales travel as floats; these are exact in one.
        assertThat(codec.decodeServer(codec.encode(delta))).isEqualTo(delta);
    }

    @Example
    void shouldWriteATimeScaleThatIsNotExactInAFloatAsTheGeneratedCodeDoes() {
        ServerMessage.Delta delta = new ServerMessage.Delta(9, 8, 1, 2, 0.1, List.of(), List.of());
        assertThat(codec.encode(delta)).isEqualTo(viaGeneratedBuilders(delta));
        assertThat(((ServerMessage.Delta) codec.decodeServer(codec.encode(delta))).timeScale()).isEqualTo(0.1f);
    }

    @Example
    void shouldWriteAnEmptyDeltaAndBaseTickZeroLikeTheGeneratedCode() {
        ServerMessage.Delta empty = new ServerMessage.Delta(1, 0, 0, 0, 1.0, List.of(), List.of());
        assertThat(codec.encode(empty)).isEqualTo(viaGeneratedBuilders(empty));
        ServerMessage.Delta full = new ServerMessage.Delta(5, -1, -3, -1, 1.0,
            List.of(new DeltaEntity(0, EntityKind.PROP, 0, 0, 0, 0, 150), new DeltaEntity(Long.MAX_VALUE, null,
                Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 1)), List.of(0L));
        assertThat(codec.encode(full)).isEqualTo(viaGeneratedBuilders(full));
        assertThat(codec.decodeServer(codec.encode(full))).isEqualTo(full);
    }

    @Provide
    Arbitrary<ServerMessage> snapshots() {
        return MessageArbitraries.snapshots();
    }

    @Property(tries = 2000)
    void shouldWriteTheSameBytesAsTheGeneratedCode(@ForAll("snapshots") ServerMessage message) {
        ServerMessage.Snapshot snapshot = (ServerMessage.Snapshot) message;
        assertThat(codec.encode(snapshot)).isEqualTo(viaGeneratedBuilders(snapshot));
    }

    @Property(tries = 500)
    void shouldReadTheHeaderAndCountEntitiesWithoutDecodingThem(@ForAll("snapshots") ServerMessage message) {
        ServerMessage.Snapshot snapshot = (ServerMessage.Snapshot) message;
        assertThat(codec.readSnapshotHeader(codec.encode(snapshot))).hasValue(
            new SnapshotHeader(snapshot.tick(), snapshot.serverTimeMs(), snapshot.ackSeq(), snapshot.entities().size()));
    }

    @Example
    void shouldWriteZerosNegativeZeroAndNoAckLikeTheGeneratedCode() {
        ServerMessage.Snapshot snapshot = new ServerMessage.Snapshot(0, 0, -1,
            List.of(new EntityState(0, EntityKind.NPC, 0.0, -0.0, 0.0, 0.0), new EntityState(7, EntityKind.PLAYER, 1, 2, 3, 4)),
            List.of(0L, Long.MAX_VALUE));
        assertThat(codec.encode(snapshot)).isEqualTo(viaGeneratedBuilders(snapshot));
        assertThat(codec.readSnapshotHeader(codec.encode(snapshot))).hasValue(new SnapshotHeader(0, 0, -1, 2));
    }

    @Example
    void shouldFindNoSnapshotHeaderInOtherMessagesOrGarbage() {
        assertThat(codec.readSnapshotHeader(codec.encode(new ServerMessage.Pong(1, 2, 3)))).isEmpty();
        assertThat(codec.readSnapshotHeader(new byte[] {0x12, 0x05, 0x08})).isEmpty();
        assertThat(codec.readSnapshotHeader(new byte[0])).isEmpty();
    }
}
