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
    void shouldDecodeTheDocumentedActionExamples() {
        assertThat(decode("{\"type\":\"input\",\"seq\":5,\"move\":{\"x\":1,\"y\":0},\"viewTick\":120,"
            + "\"pos\":{\"x\":10.5,\"y\":3.25}}"))
            .isEqualTo(new ClientMessage.Input(5, new Vec2(1, 0), 120, new Vec2(10.5, 3.25)));
        assertThat(decode("{\"type\":\"attack\",\"seq\":6,\"target\":42,\"weapon\":\"ranged\","
            + "\"aim\":{\"x\":0.6,\"y\":0.8},\"viewTick\":121}"))
            .isEqualTo(new ClientMessage.Attack(6, 42, Weapon.RANGED, new Vec2(0.6, 0.8), 121));
        assertThat(decode("{\"type\":\"pickup\",\"seq\":7,\"item\":77,\"viewTick\":121}"))
            .isEqualTo(new ClientMessage.PickUp(7, 77, 121));
        assertThat(decode("{\"type\":\"harvest\",\"seq\":8,\"node\":90,\"viewTick\":121}"))
            .isEqualTo(new ClientMessage.Harvest(8, 90, 121));
        assertThat(decode("{\"type\":\"trade\",\"seq\":9,\"partner\":12,\"give\":{\"item\":\"wood\",\"count\":3},"
            + "\"want\":{\"item\":\"gold\",\"count\":10},\"viewTick\":121}"))
            .isEqualTo(new ClientMessage.Trade(9, 12, "wood", 3, "gold", 10, 121));
        assertThat(decode("{\"type\":\"use\",\"seq\":10,\"item\":\"potion\"}"))
            .isEqualTo(new ClientMessage.Use(10, "potion", -1));
    }

    @Test
    void shouldTreatAnAbsentOrNullViewTickAndPosAsNotGiven() {
        ClientMessage.Input expected = new ClientMessage.Input(5, new Vec2(1, 0));

        assertThat(decode("{\"type\":\"input\",\"seq\":5," + MOVE + "}")).isEqualTo(expected);
        assertThat(decode("{\"type\":\"input\",\"seq\":5," + MOVE + ",\"viewTick\":null,\"pos\":null}"))
            .isEqualTo(expected);
        assertThat(decode("{\"type\":\"input\",\"seq\":5," + MOVE + ",\"viewTick\":-1}")).isEqualTo(expected);
        assertThat(decode("{\"type\":\"pickup\",\"seq\":7,\"item\":77}")).isEqualTo(new ClientMessage.PickUp(7, 77, -1));
    }

    @Test
    void shouldEncodeActionMessagesExactlyAsDocumented() {
        assertThat(encode(new ClientMessage.Input(5, new Vec2(1, 0), 120, new Vec2(10.5, 3.25))))
            .isEqualTo("{\"type\":\"input\",\"seq\":5,\"move\":{\"x\":1.0,\"y\":0.0},\"viewTick\":120,"
                + "\"pos\":{\"x\":10.5,\"y\":3.25}}");
        assertThat(encode(new ClientMessage.Attack(6, 42, Weapon.RANGED, new Vec2(0.6, 0.8), 121)))
            .isEqualTo("{\"type\":\"attack\",\"seq\":6,\"target\":42,\"weapon\":\"ranged\","
                + "\"aim\":{\"x\":0.6,\"y\":0.8},\"viewTick\":121}");
        assertThat(encode(new ClientMessage.PickUp(7, 77, 121)))
            .isEqualTo("{\"type\":\"pickup\",\"seq\":7,\"item\":77,\"viewTick\":121}");
        assertThat(encode(new ClientMessage.Harvest(8, 90, 121)))
            .isEqualTo("{\"type\":\"harvest\",\"seq\":8,\"node\":90,\"viewTick\":121}");
        assertThat(encode(new ClientMessage.Trade(9, 12, "wood", 3, "gold", 10, 121)))
            .isEqualTo("{\"type\":\"trade\",\"seq\":9,\"partner\":12,\"give\":{\"item\":\"wood\",\"count\":3},"
                + "\"want\":{\"item\":\"gold\",\"count\":10},\"viewTick\":121}");
        assertThat(encode(new ClientMessage.Use(10, "potion", -1))).isEqualTo("{\"type\":\"use\",\"seq\":10,\"item\":\"potion\"}");
    }

    @Test
    void shouldEncodeActionResultsAndStatusWithoutNullFields() {
        assertThat(encode(ServerMessage.ActionResult.accept(6, "attack", "hit player 42 in the head", HitZone.HEAD, 50)))
            .isEqualTo("{\"type\":\"action_result\",\"seq\":6,\"action\":\"attack\",\"accepted\":true,\"hit\":\"head\","
                + "\"damage\":50,\"detail\":\"hit player 42 in the head\"}");
        assertThat(encode(ServerMessage.ActionResult.accept(7, "pickup", "picked up wood", null, 0)))
            .isEqualTo("{\"type\":\"action_result\",\"seq\":7,\"action\":\"pickup\",\"accepted\":true,"
                + "\"detail\":\"picked up wood\"}");
        assertThat(encode(ServerMessage.ActionResult.reject(6, "attack", ActionReason.OUT_OF_RANGE, "42 is 31.0 m away")))
            .isEqualTo("{\"type\":\"action_result\",\"seq\":6,\"action\":\"attack\",\"accepted\":false,"
                + "\"reason\":\"out_of_range\",\"detail\":\"42 is 31.0 m away\"}");
        assertThat(encode(new ServerMessage.Status(130, 80, new java.util.TreeMap<>(java.util.Map.of("wood", 2, "gold", 10)), 17)))
            .isEqualTo("{\"type\":\"status\",\"tick\":130,\"health\":80,\"inventory\":{\"gold\":10,\"wood\":2},"
                + "\"version\":17}");
    }

    @Test
    void shouldDecodeActionResultsAndStatus() {
        assertThat(decodeServer("{\"type\":\"action_result\",\"seq\":6,\"action\":\"attack\",\"accepted\":false,"
            + "\"reason\":\"out_of_range\",\"detail\":\"far\"}"))
            .isEqualTo(ServerMessage.ActionResult.reject(6, "attack", ActionReason.OUT_OF_RANGE, "far"));
        assertThat(decodeServer("{\"type\":\"action_result\",\"seq\":6,\"action\":\"attack\",\"accepted\":true,"
            + "\"hit\":\"body\",\"damage\":20,\"detail\":\"d\"}"))
            .isEqualTo(ServerMessage.ActionResult.accept(6, "attack", "d", HitZone.BODY, 20));
        assertThat(decodeServer("{\"type\":\"status\",\"tick\":1,\"health\":0,\"inventory\":{},\"version\":0}"))
            .isEqualTo(new ServerMessage.Status(1, 0, new java.util.TreeMap<>(), 0));
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
            // input: optional fields
            arguments("viewTick -2", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"viewTick\":-2}", ErrorCode.INVALID_FIELD),
            arguments("viewTick 1.5", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"viewTick\":1.5}", ErrorCode.INVALID_FIELD),
            arguments("viewTick as string", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"viewTick\":\"5\"}",
                ErrorCode.INVALID_FIELD),
            arguments("pos without y", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"pos\":{\"x\":1}}", ErrorCode.MISSING_FIELD),
            arguments("pos not an object", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"pos\":[1,2]}", ErrorCode.INVALID_FIELD),
            arguments("pos.x 1e999", "{\"type\":\"input\",\"seq\":7," + MOVE + ",\"pos\":{\"x\":1e999,\"y\":0}}",
                ErrorCode.INVALID_FIELD),
            // ping
            arguments("ping without t", "{\"type\":\"ping\"}", ErrorCode.MISSING_FIELD),
            arguments("t as string", "{\"type\":\"ping\",\"t\":\"123\"}", ErrorCode.INVALID_FIELD),
            arguments("t 1e999", "{\"type\":\"ping\",\"t\":1e999}", ErrorCode.INVALID_FIELD),
            arguments("t -1e999", "{\"type\":\"ping\",\"t\":-1e999}", ErrorCode.INVALID_FIELD));
    }

    /** Every bad action field: its code, and the field named in the message. */
    static Stream<Arguments> badActionInput() {
        String aim = ",\"aim\":{\"x\":1,\"y\":0}";
        String give = ",\"give\":{\"item\":\"wood\",\"count\":3}";
        String want = ",\"want\":{\"item\":\"gold\",\"count\":10}";
        String attack = "{\"type\":\"attack\",\"seq\":6";
        String trade = "{\"type\":\"trade\",\"seq\":9,\"partner\":12";
        return Stream.of(
            // attack
            arguments(attack + ",\"weapon\":\"melee\"" + aim + "}", ErrorCode.MISSING_FIELD, "attack.target"),
            arguments(attack + ",\"target\":42" + aim + "}", ErrorCode.MISSING_FIELD, "attack.weapon"),
            arguments(attack + ",\"target\":42,\"weapon\":\"melee\"}", ErrorCode.MISSING_FIELD, "attack.aim"),
            arguments("{\"type\":\"attack\",\"target\":42,\"weapon\":\"melee\"" + aim + "}", ErrorCode.MISSING_FIELD,
                "attack.seq"),
            arguments(attack + ",\"target\":-1,\"weapon\":\"melee\"" + aim + "}", ErrorCode.INVALID_FIELD, "attack.target"),
            arguments(attack + ",\"target\":\"42\",\"weapon\":\"melee\"" + aim + "}", ErrorCode.INVALID_FIELD,
                "attack.target"),
            arguments(attack + ",\"target\":42,\"weapon\":\"bow\"" + aim + "}", ErrorCode.INVALID_FIELD, "attack.weapon"),
            arguments(attack + ",\"target\":42,\"weapon\":\"RANGED\"" + aim + "}", ErrorCode.INVALID_FIELD, "attack.weapon"),
            arguments(attack + ",\"target\":42,\"weapon\":1" + aim + "}", ErrorCode.INVALID_FIELD, "attack.weapon"),
            arguments(attack + ",\"target\":42,\"weapon\":\"melee\",\"aim\":{\"x\":1e999,\"y\":0}}",
                ErrorCode.INVALID_FIELD, "attack.aim.x"),
            arguments(attack + ",\"target\":42,\"weapon\":\"melee\",\"aim\":{\"x\":1}}", ErrorCode.MISSING_FIELD,
                "attack.aim.y"),
            arguments(attack + ",\"target\":42,\"weapon\":\"melee\"" + aim + ",\"viewTick\":-7}", ErrorCode.INVALID_FIELD,
                "attack.viewTick"),
            arguments("{\"type\":\"attack\",\"seq\":-6,\"target\":42,\"weapon\":\"melee\"" + aim + "}",
                ErrorCode.INVALID_FIELD, "attack.seq"),
            // pickup, harvest
            arguments("{\"type\":\"pickup\",\"seq\":7}", ErrorCode.MISSING_FIELD, "pickup.item"),
            arguments("{\"type\":\"pickup\",\"seq\":7,\"item\":\"wood\"}", ErrorCode.INVALID_FIELD, "pickup.item"),
            arguments("{\"type\":\"pickup\",\"seq\":7,\"item\":-77}", ErrorCode.INVALID_FIELD, "pickup.item"),
            arguments("{\"type\":\"pickup\",\"seq\":7,\"item\":77,\"viewTick\":true}", ErrorCode.INVALID_FIELD,
                "pickup.viewTick"),
            arguments("{\"type\":\"harvest\",\"seq\":8}", ErrorCode.MISSING_FIELD, "harvest.node"),
            arguments("{\"type\":\"harvest\",\"seq\":8,\"node\":9.5}", ErrorCode.INVALID_FIELD, "harvest.node"),
            arguments("{\"type\":\"harvest\",\"node\":9}", ErrorCode.MISSING_FIELD, "harvest.seq"),
            // trade
            arguments("{\"type\":\"trade\",\"seq\":9" + give + want + "}", ErrorCode.MISSING_FIELD, "trade.partner"),
            arguments(trade + want + "}", ErrorCode.MISSING_FIELD, "trade.give"),
            arguments(trade + give + "}", ErrorCode.MISSING_FIELD, "trade.want"),
            arguments(trade + ",\"give\":\"wood\"" + want + "}", ErrorCode.INVALID_FIELD, "trade.give"),
            arguments(trade + ",\"give\":{\"count\":3}" + want + "}", ErrorCode.MISSING_FIELD, "trade.give.item"),
            arguments(trade + ",\"give\":{\"item\":\"wood\"}" + want + "}", ErrorCode.MISSING_FIELD, "trade.give.count"),
            arguments(trade + ",\"give\":{\"item\":\"Wood\",\"count\":3}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.item"),
            arguments(trade + ",\"give\":{\"item\":\"\",\"count\":3}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.item"),
            arguments(trade + ",\"give\":{\"item\":\"" + "w".repeat(33) + "\",\"count\":3}" + want + "}",
                ErrorCode.INVALID_FIELD, "trade.give.item"),
            arguments(trade + ",\"give\":{\"item\":7,\"count\":3}" + want + "}", ErrorCode.INVALID_FIELD, "trade.give.item"),
            arguments(trade + ",\"give\":{\"item\":\"wood\",\"count\":0}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.count"),
            arguments(trade + ",\"give\":{\"item\":\"wood\",\"count\":-3}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.count"),
            arguments(trade + ",\"give\":{\"item\":\"wood\",\"count\":1000001}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.count"),
            arguments(trade + ",\"give\":{\"item\":\"wood\",\"count\":4294967299}" + want + "}", ErrorCode.INVALID_FIELD,
                "trade.give.count"),
            arguments(trade + give + ",\"want\":{\"item\":\"gold\",\"count\":2.5}}", ErrorCode.INVALID_FIELD,
                "trade.want.count"),
            arguments(trade + give + ",\"want\":{\"item\":\"go ld\",\"count\":2}}", ErrorCode.INVALID_FIELD,
                "trade.want.item"),
            arguments("{\"type\":\"trade\",\"seq\":9,\"partner\":-12" + give + want + "}", ErrorCode.INVALID_FIELD,
                "trade.partner"),
            // use
            arguments("{\"type\":\"use\",\"seq\":10}", ErrorCode.MISSING_FIELD, "use.item"),
            arguments("{\"type\":\"use\",\"seq\":10,\"item\":42}", ErrorCode.INVALID_FIELD, "use.item"),
            arguments("{\"type\":\"use\",\"seq\":10,\"item\":\"Potion!\"}", ErrorCode.INVALID_FIELD, "use.item"),
            arguments("{\"type\":\"use\",\"seq\":\"10\",\"item\":\"potion\"}", ErrorCode.INVALID_FIELD, "use.seq"),
            // input's optional fields
            arguments("{\"type\":\"input\",\"seq\":7," + MOVE + ",\"viewTick\":-2}", ErrorCode.INVALID_FIELD,
                "input.viewTick"),
            arguments("{\"type\":\"input\",\"seq\":7," + MOVE + ",\"pos\":{\"x\":1}}", ErrorCode.MISSING_FIELD,
                "input.pos.y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badActionInput")
    void shouldRejectEveryBadActionFieldWithItsCodeAndNameTheField(String json, ErrorCode expected, String field) {
        assertThatThrownBy(() -> decode(json))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(expected);
                assertThat(e.getMessage()).startsWith(field + (expected == ErrorCode.MISSING_FIELD ? " is required" : " : "));
            });
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
            .hasMessage("message.type : \"teleport\" (expected: login, input, attack, pickup, harvest, trade, use, ping, ack, buy, "
                + "activity.start, activity.cancel, activity.list, spectate, replay.control, resume, refresh, handoff or logout)");
        assertThatThrownBy(() -> decode("{\"type\":\"trade\",\"seq\":9,\"partner\":12,\"give\":{\"item\":\"wood\","
            + "\"count\":0},\"want\":{\"item\":\"gold\",\"count\":1}}"))
            .hasMessage("trade.give.count : 0 (expected: an integer from 1 to 1000000)");
        assertThatThrownBy(() -> decode("{\"type\":\"attack\",\"seq\":6,\"target\":42,\"weapon\":\"bow\","
            + "\"aim\":{\"x\":1,\"y\":0}}"))
            .hasMessage("attack.weapon : \"bow\" (expected: melee or ranged)");
    }

    @Test
    void shouldClipLongValuesInErrorMessagesRatherThanEchoThemBack() {
        String huge = "x".repeat(100_000);

        assertThatThrownBy(() -> decode("{\"type\":\"" + huge + "\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                // The clipped value and the list of known types, nothing more.
                assertThat(e.getMessage()).hasSizeLessThan(300).contains("...").doesNotContain("x".repeat(100));
            });
        String longField = "f".repeat(30_000);
        assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"" + longField + "\":1,\"" + longField + "\":2}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
                assertThat(e.getMessage()).as("the parser's message quotes the field: clipped").hasSizeLessThan(300);
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
        String result = "{\"type\":\"action_result\",\"seq\":1,\"action\":\"use\",\"detail\":\"d\",\"accepted\":";
        String status = "{\"type\":\"status\",\"tick\":1,\"health\":5,\"version\":1,\"inventory\":";
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
                ErrorCode.INVALID_FIELD),
            arguments("rejection without reason", result + "false}", ErrorCode.MISSING_FIELD),
            arguments("acceptance with a reason", result + "true,\"reason\":\"cooldown\"}", ErrorCode.INVALID_FIELD),
            arguments("unknown reason", result + "false,\"reason\":\"bad_luck\"}", ErrorCode.INVALID_FIELD),
            arguments("unknown hit zone", result + "true,\"hit\":\"toe\"}", ErrorCode.INVALID_FIELD),
            arguments("negative damage", result + "true,\"hit\":\"body\",\"damage\":-5}", ErrorCode.INVALID_FIELD),
            arguments("accepted as string", result + "\"yes\"}", ErrorCode.INVALID_FIELD),
            arguments("result without detail", "{\"type\":\"action_result\",\"seq\":1,\"action\":\"use\",\"accepted\":true}",
                ErrorCode.MISSING_FIELD),
            arguments("status without inventory", "{\"type\":\"status\",\"tick\":1,\"health\":5,\"version\":1}",
                ErrorCode.MISSING_FIELD),
            arguments("inventory as array", status + "[]}", ErrorCode.INVALID_FIELD),
            arguments("inventory count as string", status + "{\"wood\":\"2\"}}", ErrorCode.INVALID_FIELD),
            arguments("inventory count negative", status + "{\"wood\":-2}}", ErrorCode.INVALID_FIELD),
            arguments("inventory item name", status + "{\"Wood!\":2}}", ErrorCode.INVALID_FIELD),
            arguments("negative health", "{\"type\":\"status\",\"tick\":1,\"health\":-5,\"version\":1,\"inventory\":{}}",
                ErrorCode.INVALID_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerInput")
    void shouldRejectBadServerInputWithItsStableErrorCode(String description, String json, ErrorCode expected) {
        assertThatThrownBy(() -> decodeServer(json))
            .as(description)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @Test
    void shouldRoundTripSpectateWithItsDefaultDelayAndSpectating() {
        assertThat(decode("{\"type\":\"spectate\",\"target\":7}"))
            .isEqualTo(new ClientMessage.Spectate(7, ClientMessage.Spectate.DEFAULT_DELAY_MS));
        ClientMessage.Spectate spectate = new ClientMessage.Spectate(7, 0);
        assertThat(encode(spectate)).isEqualTo("{\"type\":\"spectate\",\"target\":7,\"delayMs\":0}");
        assertThat(decode(encode(spectate))).isEqualTo(spectate);
        ServerMessage.Spectating spectating = new ServerMessage.Spectating(7, 30_000, 4);
        assertThat(encode(spectating)).isEqualTo("{\"type\":\"spectating\",\"target\":7,\"delayMs\":30000,\"everyTicks\":4}");
        assertThat(decodeServer(encode(spectating))).isEqualTo(spectating);
    }

    @Test
    void shouldRefuseASpectateWithAnAbsurdDelayOrANegativeTarget() {
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"target\":7,\"delayMs\":86400000}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DELAY));
        assertThatThrownBy(() -> new ClientMessage.Spectate(-2, 0))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"target\":-1}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        // -1 is the record's "no target": without an area, nothing is asked for.
        assertThatThrownBy(() -> new ClientMessage.Spectate(-1, 0))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    }

    @Test
    void shouldRoundTripAnAreaSpectateAReplayAndTheirSpectating() {
        ClientMessage.Spectate area = new ClientMessage.Spectate(new SpectateArea(500, 250.5, 100), 0);
        assertThat(encode(area)).isEqualTo(
            "{\"type\":\"spectate\",\"area\":{\"x\":500.0,\"y\":250.5,\"radius\":100.0},\"delayMs\":0}");
        assertThat(decode(encode(area))).isEqualTo(area);
        assertThat(decode("{\"type\":\"spectate\",\"area\":{\"x\":1,\"y\":2,\"radius\":3}}"))
            .isEqualTo(new ClientMessage.Spectate(new SpectateArea(1, 2, 3), ClientMessage.Spectate.DEFAULT_DELAY_MS));
        ClientMessage.Spectate replay = new ClientMessage.Spectate(-1, 0, new SpectateArea(1, 2, 3), 400);
        assertThat(encode(replay)).endsWith("\"delayMs\":0,\"replay\":{\"fromTick\":400}}");
        assertThat(decode(encode(replay))).isEqualTo(replay);
        assertThat(replay.isReplay()).isTrue();

        ServerMessage.Spectating spectating = new ServerMessage.Spectating(-1, 0, 4, new SpectateArea(1, 2, 3), 400);
        assertThat(encode(spectating)).isEqualTo("{\"type\":\"spectating\",\"area\":{\"x\":1.0,\"y\":2.0,\"radius\":3.0},"
            + "\"delayMs\":0,\"everyTicks\":4,\"replay\":{\"fromTick\":400}}");
        assertThat(decodeServer(encode(spectating))).isEqualTo(spectating);
    }

    @Test
    void shouldRefuseAbsurdAreasAndATargetWithAnAreaWithTheirCodes() {
        for (String bad : new String[] {"{\"x\":1,\"y\":2,\"radius\":0}", "{\"x\":1,\"y\":2,\"radius\":1e6}",
            "{\"x\":1,\"y\":2,\"radius\":500.001}"}) {
            assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"area\":" + bad + "}")).as(bad)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AREA));
        }
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"area\":{\"x\":1,\"radius\":5}}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"target\":7,\"area\":{\"x\":1,\"y\":2,\"radius\":5}}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
            .hasMessageContaining("expected: one of them");
        assertThatThrownBy(() -> decode("{\"type\":\"spectate\",\"target\":7,\"replay\":{\"fromTick\":-3}}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void shouldRoundTripASpectatorState() {
        ServerMessage.SpectatorState state = new ServerMessage.SpectatorState(1200, 1_795_307_032_307L,
            List.of(new ServerMessage.SpectatorState.Score(10001, "ada", 2, 0)),
            List.of(new ServerMessage.SpectatorState.Kill(1187, 10001, 10002, EntityKind.PLAYER),
                new ServerMessage.SpectatorState.Kill(1190, 10001, 55, EntityKind.NPC)),
            new ServerMessage.SpectatorState.HeatMap(500, 2, 2, List.of(0, 1, 0, 3)));
        assertThat(encode(state)).isEqualTo("{\"type\":\"spectator_state\",\"tick\":1200,\"serverTimeMs\":1795307032307,"
            + "\"scoreboard\":[{\"id\":10001,\"name\":\"ada\",\"kills\":2,\"deaths\":0}],"
            + "\"kills\":[{\"tick\":1187,\"killer\":10001,\"victim\":10002,\"victimKind\":\"player\"},"
            + "{\"tick\":1190,\"killer\":10001,\"victim\":55,\"victimKind\":\"npc\"}],"
            + "\"heat\":{\"cellMetres\":500.0,\"columns\":2,\"rows\":2,\"counts\":[0,1,0,3]}}");
        assertThat(decodeServer(encode(state))).isEqualTo(state);
        assertThatThrownBy(() -> decodeServer(encode(state).replace("[0,1,0,3]", "[0,1,0]")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
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

    @Test
    void shouldKnowEveryTypeItNamesWhenATypeIsUnknown() {
        for (String type : JsonCodec.CLIENT_TYPES) {
            try {
                decode("{\"type\":\"" + type + "\"}");
            } catch (ProtocolException e) {
                assertThat(e.code()).as(type + ": " + e.getMessage()).isNotEqualTo(ErrorCode.UNKNOWN_TYPE);
            }
        }
        // One JSON type per protobuf body, so a message added to both codecs is named here too.
        assertThat(JsonCodec.CLIENT_TYPES).hasSize(dev.ludus.protocol.proto.LudusProto.ClientEnvelope.BodyCase.values().length - 1);
    }
}
