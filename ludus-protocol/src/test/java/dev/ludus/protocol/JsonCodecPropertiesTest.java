package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the JSON form over generated messages and generated bad input. */
class JsonCodecPropertiesTest {
    private final JsonCodec codec = new JsonCodec();

    @Property(tries = 2000)
    void shouldRoundTripEveryClientMessage(@ForAll("clientMessages") ClientMessage message) {
        assertThat(codec.decodeClient(codec.encode(message))).isEqualTo(message);
    }

    @Property(tries = 1000)
    void shouldRoundTripEveryServerMessageWithSnapshotValuesAtFloatPrecision(
        @ForAll("serverMessages") ServerMessage message) {
        ServerMessage decoded = codec.decodeServer(codec.encode(message));

        assertThat(decoded.type()).isEqualTo(message.type());
        assertThat(Snapshots.atFloatPrecision(decoded)).isEqualTo(Snapshots.atFloatPrecision(message));
    }

    @Property(tries = 1000)
    void shouldNameEveryEncodedMessageByItsTypeField(@ForAll("clientMessages") ClientMessage message) {
        String json = new String(codec.encode(message), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"type\":\"" + message.type() + "\"");
    }

    @Property(tries = 3000)
    void shouldDecodeArbitraryBytesToAMessageOrRejectThemWithAProtocolException(@ForAll @Size(max = 64) byte[] bytes) {
        assertDecodesOrRejectsCleanly(bytes);
    }

    @Property(tries = 3000)
    void shouldDecodeJsonLikeTextToAMessageOrRejectItWithAProtocolException(@ForAll("jsonLikeText") String text) {
        assertDecodesOrRejectsCleanly(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void shouldDecodeCorruptedEncodingsToAMessageOrRejectThemWithAProtocolException(
        @ForAll("clientMessages") ClientMessage message, @ForAll @IntRange(min = 0, max = 1000) int position,
        @ForAll byte replacement) {
        byte[] bytes = codec.encode(message);
        bytes[position % bytes.length] = replacement;

        assertDecodesOrRejectsCleanly(bytes);
    }

    @Property(tries = 500)
    void shouldRejectAnyNegativeSeqAsInvalidField(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long seq) {
        assertRejected("{\"type\":\"input\",\"seq\":" + seq + ",\"move\":{\"x\":0,\"y\":0}}", ErrorCode.INVALID_FIELD);
    }

    @Property(tries = 500)
    void shouldRejectAnySeqBeyondLongAsInvalidField(@ForAll @IntRange(min = 0, max = 200) int extraBits,
                                                   @ForAll @LongRange(min = 0) long low) {
        BigInteger seq = BigInteger.TWO.pow(63 + extraBits).add(BigInteger.valueOf(low));

        assertRejected("{\"type\":\"input\",\"seq\":" + seq + ",\"move\":{\"x\":0,\"y\":0}}", ErrorCode.INVALID_FIELD);
    }

    @Property(tries = 500)
    void shouldRejectAnyNameWithAForbiddenCharacterAsInvalidField(@ForAll("names") String prefix,
                                                                 @ForAll("forbiddenChars") char forbidden) {
        String name = prefix.substring(0, Math.min(prefix.length(), 31)) + forbidden;
        String json = "{\"type\":\"login\",\"name\":\"" + jsonEscape(name) + "\"}";

        assertRejected(json, ErrorCode.INVALID_FIELD);
    }

    @Property(tries = 200)
    void shouldRejectAnyNameLongerThanTheLimitAsInvalidField(@ForAll @IntRange(min = 33, max = 2000) int length) {
        assertRejected("{\"type\":\"login\",\"name\":\"" + "a".repeat(length) + "\"}", ErrorCode.INVALID_FIELD);
    }

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        return MessageArbitraries.clientMessages();
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        return MessageArbitraries.serverMessages();
    }

    @Provide
    Arbitrary<String> names() {
        return MessageArbitraries.names();
    }

    @Provide
    Arbitrary<Character> forbiddenChars() {
        return Arbitraries.chars().filter(c -> !Character.isSurrogate(c)
            && !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'));
    }

    /** Fragments of the protocol's own vocabulary, so generated text often gets past the tokenizer. */
    @Provide
    Arbitrary<String> jsonLikeText() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\"type\"", "\"login\"",
            "\"input\"", "\"ping\"", "\"name\"", "\"seq\"", "\"move\"", "\"x\"", "\"y\"", "\"t\"", "\"alice\"", "0", "-1",
            "7", "7.5", "1e999", "-0.0", "9223372036854775808", "null", "true", "false", " ", "\\u0000", "NaN",
            "\"attack\"", "\"pickup\"", "\"harvest\"", "\"trade\"", "\"use\"", "\"target\"", "\"weapon\"",
            "\"ranged\"", "\"melee\"", "\"aim\"", "\"viewTick\"", "\"pos\"", "\"item\"", "\"node\"", "\"partner\"",
            "\"give\"", "\"want\"", "\"count\"", "\"wood\"", "\"Wood\"", "1000001");
        return fragments.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    private void assertDecodesOrRejectsCleanly(byte[] bytes) {
        try {
            ClientMessage decoded = codec.decodeClient(bytes);
            // Whatever decodes is a well-formed message that survives its own round trip.
            assertThat(codec.decodeClient(codec.encode(decoded))).isEqualTo(decoded);
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(ErrorCode.MALFORMED_JSON, ErrorCode.UNKNOWN_TYPE, ErrorCode.MISSING_FIELD,
                ErrorCode.INVALID_FIELD);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private void assertRejected(String json, ErrorCode expected) {
        assertThatThrownBy(() -> codec.decodeClient(json.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    private static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
