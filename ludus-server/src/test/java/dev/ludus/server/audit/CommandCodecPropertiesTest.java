package dev.ludus.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.action.UpdateResult;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every command the world can receive survives the log: written as an entry and read back it is the
 * same command, bit for bit in its doubles and character for character in its strings, except the
 * join's secret session token (replaced by a placeholder) and the link and reply objects (supplied
 * by the reader).
 */
class CommandCodecPropertiesTest {
    private static final Consumer<UpdateResult> REPLY = result -> { };

    @Property(tries = 1000)
    void shouldReadBackEveryCommandItWrote(@ForAll("commands") Command command) throws MalformedEntryException {
        byte[] line = LogEntries.cmd(new Json.Buffer(), 7, command);
        JsonNode entry = Json.parseObject(line);

        Command read = CommandCodec.read(entry.get("cmd"), PlayerLink.DISCARD, REPLY);

        assertThat(read).isEqualTo(expectedAfterRoundTrip(command));
        assertThat(entry.get("tick").longValue()).isEqualTo(7);
        // Lines are pure ASCII, so one byte is one character for any verifier.
        assertThat(new String(line, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII)).isEqualTo(line);
        for (byte b : line) {
            assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
        }
    }

    @Test
    void shouldEscapeDeleteSoLinesStayPrintable() throws MalformedEntryException {
        // Found by the property above (seed -4632646147366587164): JSON allows a raw DEL, the log does not.
        byte[] line = LogEntries.cmd(new Json.Buffer(), 0, new Command.Join(1, "a\u007fb", "s", PlayerLink.DISCARD));
        assertThat(new String(line, StandardCharsets.US_ASCII)).contains("\"a\\u007Fb\"");
        assertThat(((Command.Join) CommandCodec.read(Json.parseObject(line).get("cmd"), PlayerLink.DISCARD, REPLY)).name())
            .isEqualTo("a\u007fb");
    }

    @Test
    void shouldNeverWriteTheSessionToken() {
        byte[] line = LogEntries.cmd(new Json.Buffer(), 0, new Command.Join(1, "alice", "secret-token-123",
            PlayerLink.DISCARD));
        assertThat(new String(line, StandardCharsets.US_ASCII)).doesNotContain("secret-token-123")
            .contains("\"session\":\"" + CommandCodec.SESSION_PLACEHOLDER + "\"");
    }

    @Test
    void shouldNameWhatIsWrongWithABadCommand() {
        assertThatThrownBy(() -> read("{\"kind\":\"fly\",\"conn\":1}")).hasMessageContaining("kind : \"fly\"");
        assertThatThrownBy(() -> read("{\"kind\":\"move\",\"conn\":1,\"seq\":1,\"dx\":\"up\",\"dy\":0,\"viewTick\":-1,"
            + "\"claimX\":0,\"claimY\":0}")).hasMessageContaining("dx : \"up\"");
        assertThatThrownBy(() -> read("{\"kind\":\"leave\",\"conn\":1.5}")).hasMessageContaining("conn : 1.5 (expected: an integer)");
        assertThatThrownBy(() -> read("{\"kind\":\"leave\"}")).hasMessageContaining("missing field \"conn\"");
        assertThatThrownBy(() -> read("{\"kind\":\"shadowban\",\"entity\":1,\"banned\":1}"))
            .hasMessageContaining("banned : 1 (expected: true or false)");
        assertThatThrownBy(() -> read("{\"kind\":\"join\",\"conn\":1,\"name\":\"a\",\"session\":\"redacted\",\"rank\":-1}"))
            .hasMessageContaining("cmd.rank : -1");
        assertThatThrownBy(() -> read("{\"kind\":\"join\",\"conn\":1,\"name\":\"a\",\"session\":\"redacted\",\"rank\":0,"
            + "\"health\":-1}")).hasMessageContaining("cmd.health : -1");
        assertThatThrownBy(() -> read("{\"kind\":\"act\",\"conn\":1,\"seq\":1,\"viewTick\":0,\"action\":{\"name\":\"dance\"}}"))
            .hasMessageContaining("action.name : \"dance\"");
        assertThatThrownBy(() -> read("{\"kind\":\"act\",\"conn\":1,\"seq\":1,\"viewTick\":0,\"action\":{\"name\":\"attack\","
            + "\"target\":2,\"weapon\":\"sword\",\"aimX\":1,\"aimY\":0}}")).hasMessageContaining("action.weapon : \"sword\"");
        assertThatThrownBy(() -> read("{\"kind\":\"act\",\"conn\":1,\"seq\":1,\"viewTick\":0,\"action\":3}"))
            .hasMessageContaining("expected: an object");
        assertThatThrownBy(() -> read("{\"kind\":\"update\",\"entity\":1,\"expectedVersion\":1,\"item\":\"gold\","
            + "\"delta\":9999999999}")).hasMessageContaining("delta");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII)))
            .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Json.parseObject("[1]".getBytes(StandardCharsets.US_ASCII)))
            .hasMessageContaining("not a JSON object");
    }

    private static Command read(String json) throws MalformedEntryException {
        return CommandCodec.read(Json.parseObject(json.getBytes(StandardCharsets.US_ASCII)), PlayerLink.DISCARD, REPLY);
    }

    private static Command expectedAfterRoundTrip(Command command) {
        return switch (command) {
            case Command.Join join -> new Command.Join(join.connectionId(), join.name(), CommandCodec.SESSION_PLACEHOLDER,
                PlayerLink.DISCARD, join.rankBucket(), join.premium(), join.arriveXMetres(), join.arriveYMetres(),
                join.healthPoints());
            case Command.Update update -> new Command.Update(update.entityId(), update.expectedVersion(), update.item(),
                update.delta(), REPLY);
            default -> command;
        };
    }

    @Provide
    Arbitrary<Command> commands() {
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(24);
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
            Arbitraries.longs().map(Double::longBitsToDouble),
            Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, 0.1));
        Arbitrary<Command> join = Combinators.combine(ids, text, text, Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(Command.Join.FULL_HEALTH, Integer.MAX_VALUE))
            .as((conn, name, session, rank, health) -> new Command.Join(conn, name, session, PlayerLink.DISCARD, rank, false,
                Double.NaN, Double.NaN, health));
        Arbitrary<Command> move = Combinators.combine(ids, ids, doubles, doubles, ids, doubles, doubles)
            .as(Command.Move::new);
        Arbitrary<Command> leave = ids.map(Command.Leave::new);
        Arbitrary<Command> halt = ids.map(Command.Halt::new);
        Arbitrary<Command> violation = Combinators.combine(ids, ids, text).as(Command.Violation::new);
        Arbitrary<Command> update = Combinators.combine(ids, ids, text, Arbitraries.integers())
            .as((entity, version, item, delta) -> new Command.Update(entity, version, item, delta, REPLY));
        Arbitrary<ActionRequest> attack = Combinators.combine(ids, Arbitraries.of(dev.ludus.protocol.Weapon.class), doubles, doubles)
            .as(ActionRequest.Attack::new);
        Arbitrary<ActionRequest> trade = Combinators.combine(ids, text, Arbitraries.integers(), text, Arbitraries.integers())
            .as(ActionRequest.Trade::new);
        Arbitrary<ActionRequest> action = Arbitraries.oneOf(attack, trade, ids.map(ActionRequest.PickUp::new),
            ids.map(ActionRequest.Harvest::new), text.map(ActionRequest.UseItem::new));
        Arbitrary<Command> act = Combinators.combine(ids, ids, ids, action).as(Command.Act::new);
        Arbitrary<Command> shadowBan = Combinators.combine(ids, Arbitraries.of(true, false)).as(Command.ShadowBan::new);
        return Arbitraries.oneOf(join, move, leave, halt, violation, update, act, shadowBan);
    }
}
