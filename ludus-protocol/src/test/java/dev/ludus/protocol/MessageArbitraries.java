package dev.ludus.protocol;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of valid protocol messages, shared by the codec properties.
 *
 * <p>Values cover each field's whole documented domain (any finite double, any non-negative
 * {@code seq}, names of 1 to 32 allowed characters) plus the awkward corners: {@code -0.0}, the
 * smallest subnormal, the largest finite double, {@code Long.MAX_VALUE}.
 */
final class MessageArbitraries {
    private static final String NAME_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private MessageArbitraries() {
    }

    /** Any finite double, drawn from its bit patterns so exponents are spread evenly, plus corners. */
    static Arbitrary<Double> finiteDoubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> everyday = Arbitraries.doubles().between(-1e6, 1e6);
        Arbitrary<Double> corners = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 123.5, 1e-300, 1e300);
        return Arbitraries.oneOf(List.of(anyBits, everyday, corners));
    }

    /**
     * Doubles whose float rounding is finite: snapshots carry positions and velocities as 32-bit
     * floats, so only values a float can hold survive either codec.
     */
    static Arbitrary<Double> floatRangeDoubles() {
        Arbitrary<Double> anyFloatBits = Arbitraries.integers().map(Float::intBitsToFloat)
            .filter(Float::isFinite).map(f -> (double) f);
        Arbitrary<Double> positions = Arbitraries.doubles().between(-10_000, 10_000);
        Arbitrary<Double> corners = Arbitraries.of(0.0, -0.0, (double) Float.MIN_VALUE, (double) Float.MAX_VALUE,
            0.1, 1.0 / 3, 4096.000_1);
        return Arbitraries.oneOf(List.of(anyFloatBits, positions, corners));
    }

    static Arbitrary<Long> nonNegativeLongs() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    static Arbitrary<String> names() {
        return Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(ClientMessage.Login.MAX_NAME_LENGTH);
    }

    /** Free text as a server writes it: ASCII, whitespace, escapes and a few non-ASCII BMP characters. */
    static Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("\"\\\n\t\u0000\u00e9\u6f22\u20ac")
            .ofMaxLength(80);
    }

    static Arbitrary<ClientMessage> clientMessages() {
        Arbitrary<ClientMessage> logins = names().map(ClientMessage.Login::new);
        Arbitrary<ClientMessage> pings = finiteDoubles().map(ClientMessage.Ping::new);
        return Arbitraries.oneOf(List.of(logins, inputs(), pings, attacks(), pickUps(), harvests(), trades(), uses()));
    }

    /** A {@code viewTick}: -1 (not given) a third of the time, else any tick. */
    static Arbitrary<Long> viewTicks() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1L)), Tuple.of(2, nonNegativeLongs()));
    }

    static Arbitrary<Vec2> vectors() {
        return Combinators.combine(finiteDoubles(), finiteDoubles()).as(Vec2::new);
    }

    /** Item names: 1 to 32 characters of {@code a-z 0-9 _}. */
    static Arbitrary<String> items() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_").ofMinLength(1).ofMaxLength(32);
    }

    static Arbitrary<Integer> counts() {
        return Arbitraries.oneOf(List.of(Arbitraries.integers().between(1, ClientMessage.MAX_COUNT),
            Arbitraries.of(1, ClientMessage.MAX_COUNT)));
    }

    static Arbitrary<ClientMessage> inputs() {
        return Combinators.combine(nonNegativeLongs(), vectors(), viewTicks(), vectors().injectNull(0.5))
            .as(ClientMessage.Input::new);
    }

    static Arbitrary<ClientMessage> attacks() {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs(), Arbitraries.of(Weapon.class), vectors(),
            viewTicks()).as(ClientMessage.Attack::new);
    }

    static Arbitrary<ClientMessage> pickUps() {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs(), viewTicks()).as(ClientMessage.PickUp::new);
    }

    static Arbitrary<ClientMessage> harvests() {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs(), viewTicks()).as(ClientMessage.Harvest::new);
    }

    static Arbitrary<ClientMessage> trades() {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs(), items(), counts(), items(), counts(), viewTicks())
            .as(ClientMessage.Trade::new);
    }

    static Arbitrary<ClientMessage> uses() {
        return Combinators.combine(nonNegativeLongs(), items(), viewTicks()).as(ClientMessage.Use::new);
    }

    static Arbitrary<ServerMessage> serverMessages() {
        return Arbitraries.oneOf(List.of(welcomes(), snapshots(), pongs(), errors(), actionResults(), statuses()));
    }

    static Arbitrary<ServerMessage> actionResults() {
        Arbitrary<String> actions = Arbitraries.of("attack", "pickup", "harvest", "trade", "use", "input");
        Arbitrary<ServerMessage> accepted = Combinators.combine(nonNegativeLongs(), actions, texts(),
                Arbitraries.of(HitZone.class).injectNull(0.5), Arbitraries.integers().between(0, Integer.MAX_VALUE))
            .as(ServerMessage.ActionResult::accept);
        Arbitrary<ServerMessage> rejected = Combinators.combine(nonNegativeLongs(), actions,
                Arbitraries.of(ActionReason.class), texts())
            .as(ServerMessage.ActionResult::reject);
        return Arbitraries.oneOf(List.of(accepted, rejected));
    }

    static Arbitrary<ServerMessage> statuses() {
        Arbitrary<java.util.SortedMap<String, Integer>> inventories = Arbitraries.maps(items(),
                Arbitraries.integers().between(1, Integer.MAX_VALUE)).ofMaxSize(10)
            .map(java.util.TreeMap::new);
        return Combinators.combine(nonNegativeLongs(), Arbitraries.integers().between(0, Integer.MAX_VALUE), inventories,
            nonNegativeLongs()).as(ServerMessage.Status::new);
    }

    static Arbitrary<ServerMessage> welcomes() {
        Arbitrary<Double> d = finiteDoubles();
        Arbitrary<double[]> sixDoubles = Combinators.combine(d, d, d, d, d, d)
            .as((a, b, c, e, f, g) -> new double[] {a, b, c, e, f, g});
        return Combinators.combine(texts(), nonNegativeLongs(), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                sixDoubles)
            .as((session, entityId, tickRate, v) ->
                new ServerMessage.Welcome(session, entityId, tickRate, v[0], v[1], v[2], v[3], v[4], v[5]));
    }

    static Arbitrary<EntityState> entities() {
        Arbitrary<Double> f = floatRangeDoubles();
        // Props carry a radius (0 to 10 m, as floats travel); other kinds none.
        Arbitrary<Double> radius = Arbitraries.floats().between(0, 10).map(Float::doubleValue);
        return Combinators.combine(nonNegativeLongs(), Arbitraries.of(EntityKind.class), f, f, f, f, radius)
            .as((id, kind, x, y, vx, vy, r) -> new EntityState(id, kind, x, y, vx, vy, kind == EntityKind.PROP ? r : 0));
    }

    static Arbitrary<ServerMessage> snapshots() {
        return Combinators.combine(nonNegativeLongs(), Arbitraries.longs(), Arbitraries.longs().between(-1, Long.MAX_VALUE),
                entities().list().ofMaxSize(20), nonNegativeLongs().list().ofMaxSize(20))
            .as(ServerMessage.Snapshot::new);
    }

    static Arbitrary<ServerMessage> pongs() {
        return Combinators.combine(finiteDoubles(), nonNegativeLongs(), Arbitraries.longs())
            .as(ServerMessage.Pong::new);
    }

    static Arbitrary<ServerMessage> errors() {
        return Combinators.combine(Arbitraries.of(ErrorCode.class), texts()).as(ServerMessage.ErrorMessage::new);
    }
}
