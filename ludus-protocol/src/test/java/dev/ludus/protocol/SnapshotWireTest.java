package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.proto.LudusProto;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written snapshot encoding is byte for byte what the generated protobuf code writes. */
class SnapshotWireTest {
    private final ProtobufCodec codec = new ProtobufCodec();

    private static byte[] viaGeneratedBuilders(ServerMessage.Snapshot s) {
        LudusProto.Snapshot.Builder snapshot = LudusProto.Snapshot.newBuilder()
            .setTick(s.tick()).setServerTimeMs(s.serverTimeMs()).setAckSeq(s.ackSeq());
        for (EntityState e : s.entities()) {
            snapshot.addEntities(LudusProto.EntityState.newBuilder()
                .setId(e.id())
                .setKind(switch (e.kind()) {
                    case PLAYER -> LudusProto.EntityKind.ENTITY_KIND_PLAYER;
                    case NPC -> LudusProto.EntityKind.ENTITY_KIND_NPC;
                    case ITEM -> LudusProto.EntityKind.ENTITY_KIND_ITEM;
                    case RESOURCE -> LudusProto.EntityKind.ENTITY_KIND_RESOURCE;
                    case PROP -> LudusProto.EntityKind.ENTITY_KIND_PROP;
                })
                .setX((float) e.x()).setY((float) e.y()).setVx((float) e.vx()).setVy((float) e.vy())
                .setRadius((float) e.radius()));
        }
        snapshot.addAllRemoved(s.removed());
        return LudusProto.ServerEnvelope.newBuilder().setSnapshot(snapshot).build().toByteArray();
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
