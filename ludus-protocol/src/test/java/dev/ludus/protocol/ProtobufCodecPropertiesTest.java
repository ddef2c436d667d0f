package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the protobuf form over generated messages and generated bad frames. */
class ProtobufCodecPropertiesTest {
    private final ProtobufCodec codec = new ProtobufCodec();
    private final JsonCodec json = new JsonCodec();

    @Property(tries = 2000)
    void shouldRoundTripEveryClientMessage(@ForAll("clientMessages") ClientMessage message) {
        assertThat(codec.decodeClient(codec.encode(message))).isEqualTo(message);
    }

    @Property(tries = 1000)
    void shouldRoundTripEveryServerMessageWithSnapshotValuesRoundedToFloat(
        @ForAll("serverMessages") ServerMessage message) {
        // Protobuf carries the float itself, so the decoded value is exactly the float rounding.
        assertThat(codec.decodeServer(codec.encode(message))).isEqualTo(Snapshots.atFloatPrecision(message));
    }

    @Property(tries = 1000)
    void shouldDecodeTheSameClientMessageFromEitherForm(@ForAll("clientMessages") ClientMessage message) {
        assertThat(codec.decodeClient(codec.encode(message))).isEqualTo(json.decodeClient(json.encode(message)));
    }

    @Property(tries = 5000)
    void shouldDecodeArbitraryBytesToAMessageOrRejectThemWithAProtocolException(@ForAll @Size(max = 64) byte[] bytes) {
        assertDecodesOrRejectsCleanly(bytes);
    }

    @Property(tries = 3000)
    void shouldDecodeCorruptedEncodingsToAMessageOrRejectThemWithAProtocolException(
        @ForAll("clientMessages") ClientMessage message, @ForAll @IntRange(min = 0, max = 1000) int position,
        @ForAll byte replacement) {
        byte[] bytes = codec.encode(message);
        if (bytes.length > 0) {
            bytes[position % bytes.length] = replacement;
        }

        assertDecodesOrRejectsCleanly(bytes);
    }

    @Property(tries = 1000)
    void shouldDecodeArbitraryServerBytesToAMessageOrRejectThemWithAProtocolException(
        @ForAll @Size(max = 64) byte[] bytes) {
        try {
            ServerMessage decoded = codec.decodeServer(bytes);
            assertThat(decoded).isNotNull();
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(ErrorCode.MALFORMED_PROTOBUF, ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_FIELD);
        }
    }

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        return MessageArbitraries.clientMessages();
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        return MessageArbitraries.serverMessages();
    }

    private void assertDecodesOrRejectsCleanly(byte[] bytes) {
        try {
            ClientMessage decoded = codec.decodeClient(bytes);
            // Whatever decodes is a well-formed message that survives its own round trip.
            assertThat(codec.decodeClient(codec.encode(decoded))).isEqualTo(decoded);
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(ErrorCode.MALFORMED_PROTOBUF, ErrorCode.UNKNOWN_TYPE, ErrorCode.MISSING_FIELD,
                ErrorCode.INVALID_FIELD);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
