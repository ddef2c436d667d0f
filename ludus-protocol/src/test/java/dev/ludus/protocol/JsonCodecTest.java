package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON form: the documented examples, and the stable error code for every kind of bad input. */
class JsonCodecTest {
    private static final String MOVE = "\"move\":{\"x\":1.0,\"y\":0.0}";

    private final JsonCodec codec = new JsonCodec();

    // ------------------------------------------------------------------ documented examples

    @Test
    void shouldDecodeTheDocumentedLoginExample() {
        assertThat(decode("{\"type\":\"login\",\"name\":\"alice\"}")).isEqualTo(new ClientMessage.Login("alice"));
    }

    @Test
    void shouldDecodeTheDocumentedInputExample() {
        assertThat(decode("{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1.0,\"y\":0.0}}"))
            .isEqualTo(new ClientMessage.Input(7, new Vec2(1.0, 0.0)));
    }

    @Test
    void shouldDecodeTheDocumentedPingExample() {
        assertThat(decode("{\"type\":\"ping\",\"t\":123.5}")).isEqualTo(new ClientMessage.Ping(123.5));
    }

    @Test
    void shouldEncodeClientMessagesExactlyAsDocumented() {
        assertThat(encode(new ClientMessage.Login("alice"))).isEqualTo("{\"type\":\"login\",\"name\":\"alice\"}");
        assertThat(encode(new ClientMessage.Input(7, new Vec2(1.0, 0.0))))
            .isEqualTo("{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1.0,\"y\":0.0}}");
        assertThat(encode(new ClientMessage.Ping(123.5))).isEqualTo("{\"type\":\"ping\",\"t\":123.5}");
    }

    @Test
    void shouldEncodeServerMessagesWithCamelCaseFieldsAndWireNames() {
        assertThat(encode(new ServerMessage.Welcome("s-1", 42, 20, 4096, 2048, 100, 10, 20, 5)))
            .isEqualTo("{\"type\":\"welcome\",\"session\":\"s-1\",\"entityId\":42,\"tickRate\":20,\"worldWidth\":4096.0,"
                + "\"worldHeight\":2048.0,\"aoiRadius\":100.0,\"spawnX\":10.0,\"spawnY\":20.0,\"maxSpeed\":5.0}");
        assertThat(encode(new ServerMessage.Snapshot(3, 1_700_000_000_000L, -1,
            List.of(new EntityState(42, EntityKind.NPC, 1.5, 2.25, -1, 0)), List.of(7L, 9L))))
            .isEqualTo("{\"type\":\"snapshot\",\"tick\":3,\"serverTimeMs\":1700000000000,\"ackSeq\":-1,\"entities\":"
                + "[{\"id\":42,\"kind\":\"npc\",\"x\":1.5,\"y\":2.25,\"vx\":-1.0,\"vy\":0.0}],\"removed\":[7,9]}");
        assertThat(encode(new ServerMessage.Pong(123.5, 8, 1_700_000_000_001L)))
            .isEqualTo("{\"type\":\"pong\",\"t\":123.5,\"tick\":8,\"serverTimeMs\":1700000000001}");
        assertThat(encode(new ServerMessage.ErrorMessage(ErrorCode.NAME_TAKEN, "login.name : \"alice\"")))
            .isEqualTo("{\"type\":\"error\",\"code\":\"name_taken\",\"message\":\"login.name : \\\"alice\\\"\"}");
    }

    @Test
    void shouldAcceptIntegersWhereNumbersAreExpected() {
        assertThat(decode("{\"type\":\"ping\",\"t\":123}")).isEqualTo(new ClientMessage.Ping(123));
        assertThat(decode("{\"type\":\"input\",\"seq\":0,\"move\":{\"x\":-1,\"y\":1}}"))
            .isEqualTo(new ClientMessage.Input(0, new Vec2(-1, 1)));
    }

    @Test
    void shouldIgnoreUnknownExtraFieldsSoNewerClientsStillTalkToOlderServers() {
        assertThat(decode("{\"type\":\"ping\",\"t\":1,\"client\":{\"version\":[2,1]},\"debug\":true}"))
            .isEqualTo(new ClientMessage.Ping(1));
    }

    @Test
    void shouldAcceptFieldsInAnyOrderAndSurroundingWhitespace() {
        assertThat(decode(" \n{ \"name\" : \"bob_9\" , \"type\" : \"login\" }\r\n "))
            .isEqualTo(new ClientMessage.Login("bob_9"));
    }

    @Test
    void shouldAcceptTheLargestSeq() {
        assertThat(decode("{\"type\":\"input\",\"seq\":9223372036854775807," + MOVE + "}"))
            .isEqualTo(new ClientMessage.Input(Long.MAX_VALUE, new Vec2(1, 0)));
    }

    @Test
    void shouldAcceptANameOfExactlyTheMaximumLength() {
        String name = "a".repeat(ClientMessage.Login.MAX_NAME_LENGTH);

        assertThat(decode("{\"type\":\"login\",\"name\":\"" + name + "\"}")).isEqualTo(new ClientMessage.Login(name));
    }

    // ------------------------------------------------------------------ bad client input

    static Stream<Arguments> badClientInput() {
        String deep = "{\"type\":\"ping\",\"t\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        return Stream.of(
            // not one well-formed JSON object
            arguments("garbage", "garbage", ErrorCode.MALFORMED_JSON),
            arguments("empty frame", "", ErrorCode.MALFORMED_JSON),
            arguments("whitespace only", "  \n ", ErrorCode.MALFORMED_JSON),
            arguments("truncated object", "{\"type\":\"login\",\"name\":\"ali", ErrorCode.MALFORMED_JSON),
            arguments("truncated after colon", "{\"type\":", ErrorCode.MALFORMED_JSON),
            arguments("array instead of object", "[{\"type\":\"ping\",\"t\":1}]", ErrorCode.MALFORMED_JSON),
            arguments("string instead of object", "\"ping\"", ErrorCode.MALFORMED_JSON),
            arguments("number instead of object", "42", ErrorCode.MALFORMED_JSON),
            arguments("null instead of object", "null", ErrorCode.MALFORMED_JSON),
            arguments("two objects", "{\"type\":\"ping\",\"t\":1}{\"type\":\"ping\",\"t\":2}", ErrorCode.MALFORMED_JSON),
            arguments("trailing garbage", "{\"type\":\"ping\",\"t\":1} xyz", ErrorCode.MALFORMED_JSON),
            arguments("trailing comma", "{\"type\":\"ping\",\"t\":1,}", ErrorCode.MALFORMED_JSON),
            arguments("trailing closing brace", "{\"type\":\"ping\",\"t\":1}}", ErrorCode.MALFORMED_JSON),
            arguments("duplicate keys", "{\"type\":\"ping\",\"t\":1,\"t\":2}", ErrorCode.MALFORMED_JSON),
            arguments("duplicate type", "{\"type\":\"ping\",\"type\":\"login\",\"t\":1}", ErrorCode.MALFORMED_JSON),
            arguments("single quotes", "{'type':'ping','t':1}", ErrorCode.MALFORMED_JSON),
            arguments("NaN token", "{\"type\":\"ping\",\"t\":NaN}", ErrorCode.MALFORMED_JSON),
            arguments("Infinity token", "{\"type\":\"ping\",\"t\":Infinity}", ErrorCode.MALFORMED_JSON),
            arguments("leading zero", "{\"type\":\"ping\",\"t\":01}", ErrorCode.MALFORMED_JSON),
            arguments("leading plus", "{\"type\":\"ping\",\"t\":+1}", ErrorCode.MALFORMED_JSON),
            arguments("deep nesting", deep, ErrorCode.MALFORMED_JSON),
            arguments("deep nesting of objects", "{\"a\":".repeat(50) + "1" + "}".repeat(50), ErrorCode.MALFORMED_JSON),
            // not a known message
            arguments("unknown type", "{\"type\":\"teleport\",\"x\":1}", ErrorCode.UNKNOWN_TYPE),
            arguments("server type sent by a client", "{\"type\":\"welcome\"}", ErrorCode.UNKNOWN_TYPE),
            arguments("type in upper case", "{\"type\":\"LOGIN\",\"name\":\"alice\"}", ErrorCode.UNKNOWN_TYPE),
            arguments("missing type", "{\"name\":\"alice\"}", ErrorCode.MISSING_FIELD),
            arguments("null type", "{\"type\":null,\"name\":\"alice\"}", ErrorCode.MISSING_FIELD),
            arguments("empty object", "{}", ErrorCode.MISSING_FIELD),
            arguments("type as number", "{\"type\":3}", ErrorCode.INVALID_FIELD),
            arguments("type as object", "{\"type\":{\"name\":\"login\"}}", ErrorCode.INVALID_FIELD),
            // login
            arguments("login without name", "{\"type\":\"login\"}", ErrorCode.MISSING_FIELD),
            arguments("name null", "{\"type\":\"login\",\"name\":null}", ErrorCode.MISSING_FIELD),
            arguments("name as number", "{\"type\":\"login\",\"name\":7}", ErrorCode.INVALID_FIELD),
            arguments("name empty", "{\"type\":\"login\",\"name\":\"\"}", ErrorCode.INVALID_FIELD),
            arguments("name too long", "{\"type\":\"login\",\"name\":\"" + "a".repeat(33) + "\"}", ErrorCode.INVALID_FIELD),
            arguments("name with a space", "{\"type\":\"login\",\"name\":\"al ice\"}", ErrorCode.INVALID_FIELD),
            arguments("name with non-ASCII", "{\"type\":\"login\",\"name\":\"al\u00e9\"}", ErrorCode.INVALID_FIELD),
            arguments("name with markup", "{\"type\":\"login\",\"name\":\"<b>x</b>\"}", ErrorCode.INVALID_FIELD),
            arguments("name with NUL", "{\"type\":\"login\",\"name\":\"a\\u0000\"}", ErrorCode.INVALID_FIELD),
            arguments("name with newline", "{\"type\":\"login\",\"name\":\"alice\\n\"}", ErrorCode.INVALID_FIELD),
            // input
            arguments("input without seq", "{\"type\":\"input\"," + MOVE + "}", ErrorCode.MISSING_FIELD),
            arguments("input without move", "{\"type\":\"input\",\"seq\":7}", ErrorCode.MISSING_FIELD),
            arguments("move null", "{\"type\":\"input\",\"seq\":7,\"move\":null}", ErrorCode.MISSING_FIELD),
            arguments("move without y", "{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1}}", ErrorCode.MISSING_FIELD),
            arguments("move without x", "{\"type\":\"input\",\"seq\":7,\"move\":{\"y\":1}}", ErrorCode.MISSING_FIELD),
            arguments("seq as string", "{\"type\":\"input\",\"seq\":\"7\"," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq 7.5", "{\"type\":\"input\",\"seq\":7.5," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq 7.0", "{\"type\":\"input\",\"seq\":7.0," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq 7e0", "{\"type\":\"input\",\"seq\":7e0," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq negative", "{\"type\":\"input\",\"seq\":-1," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq 2^63", "{\"type\":\"input\",\"seq\":9223372036854775808," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("seq bigger than long", "{\"type\":\"input\",\"seq\":99999999999999999999999," + MOVE + "}",
                ErrorCode.INVALID_FIELD),
            arguments("seq as boolean", "{\"type\":\"input\",\"seq\":true," + MOVE + "}", ErrorCode.INVALID_FIELD),
            arguments("move not an object", "{\"type\":\"input\",\"seq\":7,\"move\":[1,0]}", ErrorCode.INVALID_FIELD),
            arguments("move as string", "{\"type\":\"input\",\"seq\":7,\"move\":\"north\"}", ErrorCode.INVALID_FIELD),
            arguments("move.x as string", "{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":\"1\",\"y\":0}}",
                ErrorCode.INVALID_FIELD),
            arguments("move.x 1e999", "{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1e999,\"y\":0}}", ErrorCode.INVALID_FIELD),
            arguments("move.y -1e999", "{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":0,\"y\":-1e999}}",
                ErrorCode.INVALID_FIELD),
            arguments("move.x as \"NaN\" string", "{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":\"NaN\",\"y\":0}}",
                ErrorCode.INVALID_FIELD),
            // ping
            arguments("ping without t", "{\"type\":\"ping\"}", ErrorCode.MISSING_FIELD),
            arguments("t as string", "{\"type\":\"ping\",\"t\":\"123\"}", ErrorCode.INVALID_FIELD),
            arguments("t 1e999", "{\"type\":\"ping\",\"t\":1e999}", ErrorCode.INVALID_FIELD),
            arguments("t -1e999", "{\"type\":\"ping\",\"t\":-1e999}", ErrorCode.INVALID_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClientInput")
    void shouldRejectBadClientInputWithItsStableErrorCode(String description, String json, ErrorCode expected) {
        assertThatThrownBy(() -> decode(json))
            .as(description)
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(expected);
                assertThat(e.getMessage()).isNotBlank();
            });
    }

    @Test
    void shouldRejectInvalidUtf8AsMalformedJson() {
        byte[] bytes = "{\"type\":\"login\",\"name\":\"a?\"}".getBytes(StandardCharsets.US_ASCII);
        bytes[25] = (byte) 0xC3; // a lead byte followed by '"' is not UTF-8

        assertThatThrownBy(() -> codec.decodeClient(bytes))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
    }

    @Test
    void shouldNameFieldValueAndExpectationInTheErrorMessage() {
        assertThatThrownBy(() -> decode("{\"type\":\"input\",\"seq\":7.5," + MOVE + "}"))
            .hasMessage("input.seq : 7.5 (expected: an integer)");
        assertThatThrownBy(() -> decode("{\"type\":\"input\",\"seq\":-3," + MOVE + "}"))
            .hasMessage("input.seq : -3 (expected: an integer >= 0)");
        assertThatThrownBy(() -> decode("{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1e999,\"y\":0}}"))
            .hasMessageStartingWith("input.move.x : ")
            .hasMessageEndingWith("(expected: a finite number)");
        assertThatThrownBy(() -> decode("{\"type\":\"input\",\"seq\":7,\"move\":{\"x\":1}}"))
            .hasMessage("input.move.y is required");
        assertThatThrownBy(() -> decode("{\"type\":\"teleport\"}"))
            .hasMessage("message.type : \"teleport\" (expected: login, input or ping)");
    }

    @Test
    void shouldClipLongValuesInErrorMessagesRatherThanEchoThemBack() {
        String huge = "x".repeat(100_000);

        assertThatThrownBy(() -> decode("{\"type\":\"" + huge + "\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                assertThat(e.getMessage()).hasSizeLessThan(200).contains("...");
            });
        assertThatThrownBy(() -> decode("{\"type\":\"login\",\"name\":\"" + "b".repeat(5000) + "\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                assertThat(e.getMessage()).hasSizeLessThan(200);
            });
    }

    @Test
    void shouldKeepTheParserFailureAsTheCauseOfMalformedJson() {
        assertThatThrownBy(() -> decode("{\"type\""))
            .isInstanceOf(ProtocolException.class)
            .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    // ------------------------------------------------------------------ server messages, read by bots

    @Test
    void shouldDecodeServerMessagesWithIntegersWhereDoublesAreExpected() {
        assertThat(decodeServer("{\"type\":\"pong\",\"t\":5,\"tick\":2,\"serverTimeMs\":-1}"))
            .isEqualTo(new ServerMessage.Pong(5, 2, -1));
        assertThat(decodeServer("{\"type\":\"snapshot\",\"tick\":0,\"serverTimeMs\":0,\"ackSeq\":-1,"
            + "\"entities\":[{\"id\":1,\"kind\":\"player\",\"x\":1,\"y\":2,\"vx\":0,\"vy\":0}],\"removed\":[]}"))
            .isEqualTo(new ServerMessage.Snapshot(0, 0, -1, List.of(new EntityState(1, EntityKind.PLAYER, 1, 2, 0, 0)),
                List.of()));
    }

    static Stream<Arguments> badServerInput() {
        String welcome = "\"session\":\"s\",\"entityId\":1,\"worldWidth\":1,\"worldHeight\":1,\"aoiRadius\":1,"
            + "\"spawnX\":0,\"spawnY\":0,\"maxSpeed\":1";
        String snapshotHead = "{\"type\":\"snapshot\",\"tick\":1,\"serverTimeMs\":5,\"ackSeq\":-1,";
        return Stream.of(
            arguments("not JSON", "nope", ErrorCode.MALFORMED_JSON),
            arguments("unknown type", "{\"type\":\"login\",\"name\":\"alice\"}", ErrorCode.UNKNOWN_TYPE),
            arguments("welcome without session", "{\"type\":\"welcome\",\"entityId\":1}", ErrorCode.MISSING_FIELD),
            arguments("tickRate beyond int", "{\"type\":\"welcome\"," + welcome + ",\"tickRate\":4294967316}",
                ErrorCode.INVALID_FIELD),
            arguments("tickRate negative", "{\"type\":\"welcome\"," + welcome + ",\"tickRate\":-20}", ErrorCode.INVALID_FIELD),
            arguments("snapshot without arrays", "{\"type\":\"snapshot\",\"tick\":1,\"serverTimeMs\":5,\"ackSeq\":-1}",
                ErrorCode.MISSING_FIELD),
            arguments("snapshot without removed", snapshotHead + "\"entities\":[]}", ErrorCode.MISSING_FIELD),
            arguments("entities not an array", snapshotHead + "\"entities\":{},\"removed\":[]}", ErrorCode.INVALID_FIELD),
            arguments("removed not an array", snapshotHead + "\"entities\":[],\"removed\":7}", ErrorCode.INVALID_FIELD),
            arguments("removed id as string", snapshotHead + "\"entities\":[],\"removed\":[\"7\"]}", ErrorCode.INVALID_FIELD),
            arguments("removed id 7.5", snapshotHead + "\"entities\":[],\"removed\":[7.5]}", ErrorCode.INVALID_FIELD),
            arguments("removed id beyond long", snapshotHead + "\"entities\":[],\"removed\":[18446744073709551616]}",
                ErrorCode.INVALID_FIELD),
            arguments("unknown entity kind", snapshotHead
                + "\"entities\":[{\"id\":1,\"kind\":\"ghost\",\"x\":0,\"y\":0,\"vx\":0,\"vy\":0}],\"removed\":[]}",
                ErrorCode.INVALID_FIELD),
            arguments("entity without x", snapshotHead
                + "\"entities\":[{\"id\":1,\"kind\":\"npc\",\"y\":0,\"vx\":0,\"vy\":0}],\"removed\":[]}",
                ErrorCode.MISSING_FIELD),
            arguments("unknown error code", "{\"type\":\"error\",\"code\":\"oops\",\"message\":\"m\"}", ErrorCode.INVALID_FIELD),
            arguments("pong with infinite t", "{\"type\":\"pong\",\"t\":1e999,\"tick\":1,\"serverTimeMs\":1}",
                ErrorCode.INVALID_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerInput")
    void shouldRejectBadServerInputWithItsStableErrorCode(String description, String json, ErrorCode expected) {
        assertThatThrownBy(() -> decodeServer(json))
            .as(description)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    private ClientMessage decode(String json) {
        return codec.decodeClient(json.getBytes(StandardCharsets.UTF_8));
    }

    private ServerMessage decodeServer(String json) {
        return codec.decodeServer(json.getBytes(StandardCharsets.UTF_8));
    }

    private String encode(ClientMessage message) {
        return new String(codec.encode(message), StandardCharsets.UTF_8);
    }

    private String encode(ServerMessage message) {
        return new String(codec.encode(message), StandardCharsets.UTF_8);
    }
}
