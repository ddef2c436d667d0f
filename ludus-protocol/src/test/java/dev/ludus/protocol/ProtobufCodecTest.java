package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.proto.LudusProto;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protobuf form: field mapping, and the stable error code for every kind of bad frame. */
class ProtobufCodecTest {
    private final ProtobufCodec codec = new ProtobufCodec();

    @Test
    void shouldDecodeALoginBuiltWithTheSchema() {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setLogin(LudusProto.Login.newBuilder().setName("alice")).build().toByteArray();

        assertThat(codec.decodeClient(bytes)).isEqualTo(new ClientMessage.Login("alice"));
    }

    @Test
    void shouldDecodeAnInputBuiltWithTheSchema() {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder()
            .setSeq(7).setMove(LudusProto.Vec2.newBuilder().setX(1.0).setY(0.0))).build().toByteArray();

        assertThat(codec.decodeClient(bytes)).isEqualTo(new ClientMessage.Input(7, new Vec2(1.0, 0.0)));
    }

    @Test
    void shouldDecodeAPingBuiltWithTheSchema() {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setPing(LudusProto.Ping.newBuilder().setT(123.5)).build().toByteArray();

        assertThat(codec.decodeClient(bytes)).isEqualTo(new ClientMessage.Ping(123.5));
    }

    @Test
    void shouldEncodeSnapshotsWithTheSchemaFieldsAndKinds() throws Exception {
        ServerMessage.Snapshot snapshot = new ServerMessage.Snapshot(3, 1_700_000_000_000L, -1,
            List.of(new EntityState(42, EntityKind.NPC, 1.5, 2.25, -1, 0),
                new EntityState(43, EntityKind.PLAYER, 0, 0, 0, 0)),
            List.of(7L, 9L));

        LudusProto.ServerEnvelope envelope = LudusProto.ServerEnvelope.parseFrom(codec.encode(snapshot));

        assertThat(envelope.getBodyCase()).isEqualTo(LudusProto.ServerEnvelope.BodyCase.SNAPSHOT);
        LudusProto.Snapshot s = envelope.getSnapshot();
        assertThat(s.getTick()).isEqualTo(3);
        assertThat(s.getServerTimeMs()).isEqualTo(1_700_000_000_000L);
        assertThat(s.getAckSeq()).isEqualTo(-1L);
        assertThat(s.getEntitiesList()).extracting(LudusProto.EntityState::getKind)
            .containsExactly(LudusProto.EntityKind.ENTITY_KIND_NPC, LudusProto.EntityKind.ENTITY_KIND_PLAYER);
        assertThat(s.getEntities(0).getX()).isEqualTo(1.5f);
        assertThat(s.getEntities(0).getY()).isEqualTo(2.25f);
        assertThat(s.getEntities(0).getVx()).isEqualTo(-1f);
        assertThat(s.getRemovedList()).containsExactly(7L, 9L);
    }

    @Test
    void shouldCarryPositionsAsFloats() {
        ServerMessage.Snapshot snapshot = new ServerMessage.Snapshot(0, 0, -1,
            List.of(new EntityState(1, EntityKind.PLAYER, 0.1, 4095.123456789, 1.0 / 3, -2.5)), List.of());

        ServerMessage.Snapshot decoded = (ServerMessage.Snapshot) codec.decodeServer(codec.encode(snapshot));

        EntityState e = decoded.entities().getFirst();
        assertThat(e.x()).isEqualTo((double) 0.1f);
        assertThat(e.y()).isEqualTo((double) 4095.123456789f).isCloseTo(4095.123456789, org.assertj.core.data.Offset.offset(0.001));
        assertThat(e.vx()).isEqualTo((double) (float) (1.0 / 3));
        assertThat(e.vy()).isEqualTo(-2.5);
    }

    // ------------------------------------------------------------------ bad client frames

    @Test
    void shouldRejectAnEmptyEnvelopeAsUnknownType() {
        assertRejected(() -> codec.decodeClient(new byte[0]), ErrorCode.UNKNOWN_TYPE);
        assertRejected(() -> codec.decodeClient(LudusProto.ClientEnvelope.getDefaultInstance().toByteArray()),
            ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectABodyFromANewerSchemaAsUnknownType() {
        // field 9, wire type 0 (varint), value 1: a oneof member this schema does not know
        byte[] bytes = {(byte) (9 << 3), 1};

        assertRejected(() -> codec.decodeClient(bytes), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectAServerEnvelopeSentByAClientAsUnknownType() {
        byte[] errorFrame = codec.encode(new ServerMessage.ErrorMessage(ErrorCode.RATE_LIMITED, "slow down"));

        // ServerEnvelope field 4 is not a ClientEnvelope field, so no known body is set.
        assertRejected(() -> codec.decodeClient(errorFrame), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectAnInputWithoutMoveAsMissingField() {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setInput(LudusProto.Input.newBuilder().setSeq(7)).build().toByteArray();

        assertThatThrownBy(() -> codec.decodeClient(bytes))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD))
            .hasMessage("input.move is required");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectANonFiniteMoveAsInvalidField(double bad) {
        assertRejected(() -> codec.decodeClient(input(7, bad, 0)), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeClient(input(7, 0, bad)), ErrorCode.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectANonFinitePingAsInvalidField(double bad) {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setPing(LudusProto.Ping.newBuilder().setT(bad)).build().toByteArray();

        assertRejected(() -> codec.decodeClient(bytes), ErrorCode.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1L, -2L})
    void shouldRejectASeqOfTwoToTheSixtyThreeOrMoreAsInvalidField(long unsignedSeq) {
        // uint64 on the wire: these bit patterns are 2^63, 2^64-1 and 2^64-2.
        assertThatThrownBy(() -> codec.decodeClient(input(unsignedSeq, 1, 0)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
            .hasMessageContaining(Long.toUnsignedString(unsignedSeq));
    }

    @Test
    void shouldAcceptTheLargestSeqBelowTwoToTheSixtyThree() {
        assertThat(codec.decodeClient(input(Long.MAX_VALUE, 1, 0)))
            .isEqualTo(new ClientMessage.Input(Long.MAX_VALUE, new Vec2(1, 0)));
    }

    @Test
    void shouldRejectALoginWithoutNameAsInvalidField() {
        // proto3 cannot tell an absent string from an empty one; both are an invalid name.
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setLogin(LudusProto.Login.getDefaultInstance()).build().toByteArray();

        assertRejected(() -> codec.decodeClient(bytes), ErrorCode.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"al ice", "al\u00e9", "a\u0000", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void shouldRejectABadNameAsInvalidField(String name) {
        byte[] bytes = LudusProto.ClientEnvelope.newBuilder()
            .setLogin(LudusProto.Login.newBuilder().setName(name)).build().toByteArray();

        assertRejected(() -> codec.decodeClient(bytes), ErrorCode.INVALID_FIELD);
    }

    @Test
    void shouldRejectTruncatedAndGarbageFramesAsMalformedProtobuf() {
        byte[] valid = codec.encode(new ClientMessage.Input(7, new Vec2(1, 0)));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);

        assertRejected(() -> codec.decodeClient(truncated), ErrorCode.MALFORMED_PROTOBUF);
        assertRejected(() -> codec.decodeClient(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}), ErrorCode.MALFORMED_PROTOBUF);
        assertRejected(() -> codec.decodeClient("{\"type\":\"ping\",\"t\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            ErrorCode.MALFORMED_PROTOBUF);
    }

    @Test
    void shouldRejectANameThatIsNotUtf8AsMalformedProtobuf() {
        byte[] bytes = {0x0a, 0x03, 0x0a, 0x01, (byte) 0xc3}; // login { name: <lone UTF-8 lead byte> }

        assertThatThrownBy(() -> codec.decodeClient(bytes))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_PROTOBUF))
            .hasCauseInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);
    }

    // ------------------------------------------------------------------ bad server frames, read by bots

    @Test
    void shouldRejectBadServerFramesWithStableCodes() {
        assertRejected(() -> codec.decodeServer(new byte[0]), ErrorCode.UNKNOWN_TYPE);
        assertRejected(() -> codec.decodeServer(new byte[] {(byte) 0xff, (byte) 0xff}), ErrorCode.MALFORMED_PROTOBUF);
        assertRejected(() -> codec.decodeServer(serverError("no_such_code")), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(snapshotWithKind(LudusProto.EntityState.newBuilder()
            .setKind(LudusProto.EntityKind.ENTITY_KIND_UNSPECIFIED))), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(snapshotWithKind(LudusProto.EntityState.newBuilder().setKindValue(7))),
            ErrorCode.INVALID_FIELD);
    }

    @Test
    void shouldDecodeEveryKnownErrorCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(codec.decodeServer(serverError(code.code())))
                .isEqualTo(new ServerMessage.ErrorMessage(code, "m"));
        }
    }

    private static byte[] input(long seq, double x, double y) {
        return LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder()
            .setSeq(seq).setMove(LudusProto.Vec2.newBuilder().setX(x).setY(y))).build().toByteArray();
    }

    private static byte[] serverError(String code) {
        return LudusProto.ServerEnvelope.newBuilder()
            .setError(LudusProto.Error.newBuilder().setCode(code).setMessage("m")).build().toByteArray();
    }

    private static byte[] snapshotWithKind(LudusProto.EntityState.Builder entity) {
        return LudusProto.ServerEnvelope.newBuilder()
            .setSnapshot(LudusProto.Snapshot.newBuilder().addEntities(entity.setId(1))).build().toByteArray();
    }

    private static void assertRejected(ThrowingCallable call, ErrorCode expected) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(expected);
                assertThat(e.getMessage()).isNotBlank();
            });
    }
}
