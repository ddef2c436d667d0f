package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.proto.LudusProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The netcode messages: {@code ack}, {@code login.deltas}, {@code delta} and {@code timeScale}, in both forms. */
class DeltaWireTest {
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();

    private static final ServerMessage.Delta DELTA = new ServerMessage.Delta(120, 117, 1_700_000_000_000L, 41, 0.5,
        List.of(new DeltaEntity(7, EntityKind.PLAYER, 12_345, 67_890, 500, -500), new DeltaEntity(9, null, 25, -3, 0, 0)),
        List.of(3L, 4L));

    @Test
    void shouldRoundTripADeltaInBothForms() {
        assertThat(json.decodeServer(json.encode(DELTA))).isEqualTo(DELTA);
        assertThat(protobuf.decodeServer(protobuf.encode(DELTA))).isEqualTo(DELTA);
    }

    @Test
    void shouldWriteTheDocumentedJsonOfADelta() {
        assertThat(new String(json.encode(DELTA), StandardCharsets.UTF_8)).isEqualTo(
            "{\"type\":\"delta\",\"tick\":120,\"baseTick\":117,\"serverTimeMs\":1700000000000,\"ackSeq\":41,"
                + "\"entities\":[{\"id\":7,\"kind\":\"player\",\"x\":12345,\"y\":67890,\"vx\":500,\"vy\":-500},"
                + "{\"id\":9,\"x\":25,\"y\":-3}],\"removed\":[3,4],\"timeScale\":0.5}");
    }

    @Test
    void shouldOmitUnchangedValuesAndAnUndilatedTimeScaleOnTheWire() throws Exception {
        ServerMessage.Delta delta = new ServerMessage.Delta(5, -1, 1, -1, 1.0, List.of(new DeltaEntity(2, null, 0, 0, 0, 0)),
            List.of());
        LudusProto.Delta wire = LudusProto.ServerEnvelope.parseFrom(protobuf.encode(delta)).getDelta();

        assertThat(wire.getTimeScale()).isZero();
        assertThat(wire.getEntities(0).getSerializedSize()).isEqualTo(2);
        assertThat(protobuf.decodeServer(protobuf.encode(delta))).isEqualTo(delta);
        assertThat(delta.isFull()).isTrue();
    }

    @Test
    void shouldSkimADeltaHeaderWithoutDecodingIt() {
        SnapshotHeader header = protobuf.readSnapshotHeader(protobuf.encode(DELTA)).orElseThrow();

        assertThat(header).isEqualTo(new SnapshotHeader(120, 1_700_000_000_000L, 41, 2));
    }

    @Test
    void shouldCarryTheTimeScaleOfASnapshotInBothForms() throws Exception {
        ServerMessage.Snapshot dilated = new ServerMessage.Snapshot(3, 10, -1, List.of(), List.of(), 0.25);

        assertThat(protobuf.decodeServer(protobuf.encode(dilated))).isEqualTo(dilated);
        assertThat(json.decodeServer(json.encode(dilated))).isEqualTo(dilated);
        assertThat(LudusProto.ServerEnvelope.parseFrom(protobuf.encode(dilated)).getSnapshot().getTimeScale()).isEqualTo(0.25f);
        assertThat(protobuf.encode(dilated)).isEqualTo(LudusProto.ServerEnvelope.newBuilder().setSnapshot(
            LudusProto.Snapshot.newBuilder().setTick(3).setServerTimeMs(10).setAckSeq(-1).setTimeScale(0.25f)).build()
            .toByteArray());
        assertThat(new ServerMessage.Snapshot(3, 10, -1, List.of(), List.of()).timeScale()).isEqualTo(1.0);
    }

    @Test
    void shouldDecodeAckAndDeltaLoginInBothForms() {
        assertThat(json.decodeClient(bytes("{\"type\":\"ack\",\"tick\":42}"))).isEqualTo(new ClientMessage.Ack(42));
        assertThat(json.decodeClient(bytes("{\"type\":\"login\",\"name\":\"a\",\"deltas\":true}")))
            .isEqualTo(new ClientMessage.Login("a", true));
        assertThat(json.decodeClient(json.encode(new ClientMessage.Login("a", true)))).isEqualTo(new ClientMessage.Login("a", true));
        assertThat(json.decodeClient(json.encode(new ClientMessage.Ack(7)))).isEqualTo(new ClientMessage.Ack(7));
        assertThat(protobuf.decodeClient(protobuf.encode(new ClientMessage.Ack(7)))).isEqualTo(new ClientMessage.Ack(7));
        assertThat(protobuf.decodeClient(protobuf.encode(new ClientMessage.Login("b", true))))
            .isEqualTo(new ClientMessage.Login("b", true));
        assertThat(new ClientMessage.Login("c").deltas()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"ack\",\"tick\":-1}", "{\"type\":\"ack\",\"tick\":1.5}",
        "{\"type\":\"ack\",\"tick\":\"3\"}", "{\"type\":\"login\",\"name\":\"a\",\"deltas\":1}"})
    void shouldRejectABadAckOrDeltasFlagAsInvalidField(String frame) {
        assertThatThrownBy(() -> json.decodeClient(bytes(frame)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void shouldRejectAnAckWithoutTickAndAProtobufAckOfTwoToTheSixtyThree() {
        assertThatThrownBy(() -> json.decodeClient(bytes("{\"type\":\"ack\"}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        byte[] huge = LudusProto.ClientEnvelope.newBuilder().setAck(LudusProto.Ack.newBuilder().setTick(-1)).build()
            .toByteArray();
        assertThatThrownBy(() -> protobuf.decodeClient(huge))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void shouldRejectImpossibleDeltasAndTimeScales() {
        assertThatThrownBy(() -> new ServerMessage.Delta(5, 5, 0, -1, 1, List.of(), List.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseTick : 5");
        assertThatThrownBy(() -> new ServerMessage.Delta(5, -2, 0, -1, 1, List.of(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerMessage.Snapshot(5, 0, -1, List.of(), List.of(), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeScale : 0.0");
        assertThatThrownBy(() -> new DeltaEntity(-1, null, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.decodeServer(bytes("{\"type\":\"delta\",\"tick\":3,\"baseTick\":3,\"serverTimeMs\":0,"
            + "\"ackSeq\":-1,\"entities\":[],\"removed\":[]}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> json.decodeServer(bytes("{\"type\":\"snapshot\",\"tick\":3,\"serverTimeMs\":0,"
            + "\"ackSeq\":-1,\"entities\":[],\"removed\":[],\"timeScale\":2}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        byte[] badScale = LudusProto.ServerEnvelope.newBuilder().setDelta(LudusProto.Delta.newBuilder().setTick(3)
            .setBaseTick(-1).setTimeScale(-1f)).build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeServer(badScale))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        byte[] badBase = LudusProto.ServerEnvelope.newBuilder().setDelta(LudusProto.Delta.newBuilder().setTick(3)
            .setBaseTick(4)).build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeServer(badBase))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> json.decodeServer(bytes("{\"type\":\"delta\",\"tick\":3,\"baseTick\":-1,\"serverTimeMs\":0,"
            + "\"ackSeq\":-1,\"entities\":[],\"removed\":[\"x\"]}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void shouldCarryAPropsRadiusOnceInBothFormsAndRejectABadOne() throws Exception {
        ServerMessage.Delta delta = new ServerMessage.Delta(8, 6, 1, -1, 1.0,
            List.of(new DeltaEntity(11, EntityKind.PROP, 100, 200, 0, 0, 62), new DeltaEntity(12, null, 3, 0, 0, 0)),
            List.of());
        assertThat(json.decodeServer(json.encode(delta))).isEqualTo(delta);
        assertThat(protobuf.decodeServer(protobuf.encode(delta))).isEqualTo(delta);
        assertThat(new String(json.encode(delta), StandardCharsets.UTF_8))
            .contains("{\"id\":11,\"kind\":\"prop\",\"x\":100,\"y\":200,\"radius\":62}", "{\"id\":12,\"x\":3}");
        ServerMessage.Snapshot snapshot = new ServerMessage.Snapshot(8, 1, -1,
            List.of(new EntityState(11, EntityKind.PROP, 1, 2, 0.5, 0, 0.625), new EntityState(3, EntityKind.NPC, 1, 2, 0, 0)),
            List.of());
        assertThat(json.decodeServer(json.encode(snapshot))).isEqualTo(snapshot);
        assertThat(protobuf.decodeServer(protobuf.encode(snapshot))).isEqualTo(snapshot);
        assertThat(new String(json.encode(snapshot), StandardCharsets.UTF_8))
            .contains("\"kind\":\"prop\",\"x\":1.0,\"y\":2.0,\"vx\":0.5,\"vy\":0.0,\"radius\":0.625}")
            .contains("\"kind\":\"npc\",\"x\":1.0,\"y\":2.0,\"vx\":0.0,\"vy\":0.0}");

        // A radius on an entity the baseline holds, a negative one: the reader refuses them with a stable code.
        assertThatThrownBy(() -> json.decodeServer(bytes("{\"type\":\"delta\",\"tick\":3,\"baseTick\":-1,\"serverTimeMs\":0,"
            + "\"ackSeq\":-1,\"entities\":[{\"id\":1,\"radius\":5}],\"removed\":[]}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> json.decodeServer(bytes("{\"type\":\"snapshot\",\"tick\":3,\"serverTimeMs\":0,\"ackSeq\":-1,"
            + "\"entities\":[{\"id\":1,\"kind\":\"prop\",\"x\":0,\"y\":0,\"vx\":0,\"vy\":0,\"radius\":-1}],\"removed\":[]}")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        byte[] radiusOnKnown = LudusProto.ServerEnvelope.newBuilder().setDelta(LudusProto.Delta.newBuilder().setTick(3)
            .setBaseTick(1).addEntities(LudusProto.DeltaEntity.newBuilder().setId(1).setRadius(5))).build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeServer(radiusOnKnown))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        byte[] nanRadius = LudusProto.ServerEnvelope.newBuilder().setSnapshot(LudusProto.Snapshot.newBuilder().setTick(3)
            .addEntities(LudusProto.EntityState.newBuilder().setId(1).setKind(LudusProto.EntityKind.ENTITY_KIND_PROP)
                .setRadius(Float.NaN))).build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeServer(nanRadius))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> new DeltaEntity(1, null, 0, 0, 0, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EntityState(1, EntityKind.PROP, 0, 0, 0, 0, -0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldQuantizeToTheNearestCentimetre() {
        assertThat(DeltaEntity.quantize(12.345)).isEqualTo(1235);
        assertThat(DeltaEntity.quantize(-0.004)).isZero();
        assertThat(DeltaEntity.quantize(1e12)).isEqualTo(Integer.MAX_VALUE);
        assertThat(DeltaEntity.quantize(-1e12)).isEqualTo(Integer.MIN_VALUE);
        assertThat(DeltaEntity.metres(250)).isEqualTo(2.5);
        assertThat(new DeltaEntity(1, EntityKind.NPC, 0, 0, 0, 0).isNew()).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
