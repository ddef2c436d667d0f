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
    void shouldRoundTripSpectateAndSpectatingInFieldsEightyAndUp() {
        byte[] bare = LudusProto.ClientEnvelope.newBuilder().setSpectate(LudusProto.Spectate.newBuilder().setTarget(9))
            .build().toByteArray();
        assertThat(codec.decodeClient(bare)).isEqualTo(new ClientMessage.Spectate(9, ClientMessage.Spectate.DEFAULT_DELAY_MS));
        ClientMessage.Spectate spectate = new ClientMessage.Spectate(9, 0);
        assertThat(codec.decodeClient(codec.encode(spectate))).isEqualTo(spectate);
        ServerMessage.Spectating spectating = new ServerMessage.Spectating(9, 1_000, 4);
        assertThat(codec.decodeServer(codec.encode(spectating))).isEqualTo(spectating);
        assertThat(LudusProto.ClientEnvelope.SPECTATE_FIELD_NUMBER).isEqualTo(80);
        assertThat(LudusProto.ServerEnvelope.SPECTATING_FIELD_NUMBER).isEqualTo(80);
        byte[] absurd = LudusProto.ClientEnvelope.newBuilder().setSpectate(LudusProto.Spectate.newBuilder().setTarget(9)
            .setDelayMs(-1L)).build().toByteArray();
        assertThatThrownBy(() -> codec.decodeClient(absurd))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DELAY));
    }

    @Test
    void shouldRoundTripAreaSpectatesReplaysAndSpectatorStatesInTheSpectatorsFields() {
        ClientMessage.Spectate area = new ClientMessage.Spectate(new SpectateArea(500, 250.5, 100), 0);
        assertThat(codec.decodeClient(codec.encode(area))).isEqualTo(area);
        ClientMessage.Spectate replay = new ClientMessage.Spectate(-1, 0, new SpectateArea(1, 2, 3), 400);
        assertThat(codec.decodeClient(codec.encode(replay))).isEqualTo(replay);
        ServerMessage.Spectating spectating = new ServerMessage.Spectating(-1, 0, 4, new SpectateArea(1, 2, 3), 0);
        assertThat(codec.decodeServer(codec.encode(spectating))).isEqualTo(spectating);
        ServerMessage.SpectatorState state = new ServerMessage.SpectatorState(1200, 1_795_307_032_307L,
            List.of(new ServerMessage.SpectatorState.Score(10001, "ada", 2, 1)),
            List.of(new ServerMessage.SpectatorState.Kill(1187, 10001, 10002, EntityKind.PLAYER)),
            new ServerMessage.SpectatorState.HeatMap(125, 32, 32, java.util.Collections.nCopies(1024, 2)));
        byte[] bytes = codec.encode(state);
        assertThat(codec.decodeServer(bytes)).isEqualTo(state);
        // Packed counts: 1,024 cells cost about a byte each.
        assertThat(bytes.length).isLessThan(1_150);
        assertThat(LudusProto.ServerEnvelope.SPECTATOR_STATE_FIELD_NUMBER).isBetween(80, 99);

        byte[] badArea = LudusProto.ClientEnvelope.newBuilder().setSpectate(LudusProto.Spectate.newBuilder()
            .setArea(LudusProto.SpectateArea.newBuilder().setX(1).setY(1).setRadius(Double.NaN))).build().toByteArray();
        assertThatThrownBy(() -> codec.decodeClient(badArea))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AREA));
        byte[] infinite = LudusProto.ClientEnvelope.newBuilder().setSpectate(LudusProto.Spectate.newBuilder()
            .setArea(LudusProto.SpectateArea.newBuilder().setX(Double.POSITIVE_INFINITY).setRadius(5))).build().toByteArray();
        assertThatThrownBy(() -> codec.decodeClient(infinite))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AREA));
    }

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
    void shouldDecodeEveryActionBuiltWithTheSchema() {
        LudusProto.Vec2 aim = LudusProto.Vec2.newBuilder().setX(0.6).setY(0.8).build();
        assertThat(codec.decodeClient(envelope(b -> b.setInput(LudusProto.Input.newBuilder().setSeq(5)
            .setMove(LudusProto.Vec2.newBuilder().setX(1)).setViewTick(120)
            .setPos(LudusProto.Vec2.newBuilder().setX(10.5).setY(3.25))))))
            .isEqualTo(new ClientMessage.Input(5, new Vec2(1, 0), 120, new Vec2(10.5, 3.25)));
        assertThat(codec.decodeClient(envelope(b -> b.setAttack(LudusProto.Attack.newBuilder().setSeq(6).setTarget(42)
            .setWeapon(LudusProto.Weapon.WEAPON_RANGED).setAim(aim).setViewTick(121)))))
            .isEqualTo(new ClientMessage.Attack(6, 42, Weapon.RANGED, new Vec2(0.6, 0.8), 121));
        assertThat(codec.decodeClient(envelope(b -> b.setPickup(LudusProto.PickUp.newBuilder().setSeq(7).setItem(77)
            .setViewTick(121))))).isEqualTo(new ClientMessage.PickUp(7, 77, 121));
        assertThat(codec.decodeClient(envelope(b -> b.setHarvest(LudusProto.Harvest.newBuilder().setSeq(8).setNode(90)))))
            .isEqualTo(new ClientMessage.Harvest(8, 90, -1));
        assertThat(codec.decodeClient(envelope(b -> b.setTrade(LudusProto.Trade.newBuilder().setSeq(9).setPartner(12)
            .setGive(stack("wood", 3)).setWant(stack("gold", 10)).setViewTick(0)))))
            .isEqualTo(new ClientMessage.Trade(9, 12, "wood", 3, "gold", 10, 0));
        assertThat(codec.decodeClient(envelope(b -> b.setUse(LudusProto.Use.newBuilder().setSeq(10).setItem("potion")))))
            .isEqualTo(new ClientMessage.Use(10, "potion", -1));
    }

    @Test
    void shouldLeaveAnAbsentViewTickUnsetOnTheWire() throws Exception {
        LudusProto.ClientEnvelope without = LudusProto.ClientEnvelope.parseFrom(codec.encode(new ClientMessage.PickUp(7, 77, -1)));
        LudusProto.ClientEnvelope with = LudusProto.ClientEnvelope.parseFrom(codec.encode(new ClientMessage.PickUp(7, 77, 0)));

        assertThat(without.getPickup().hasViewTick()).isFalse();
        assertThat(with.getPickup().hasViewTick()).isTrue();
        assertThat(with.getPickup().getViewTick()).isZero();
    }

    @Test
    void shouldEncodeActionResultsAndStatusWithTheSchemaFields() throws Exception {
        LudusProto.ActionResult hit = LudusProto.ServerEnvelope.parseFrom(codec.encode(
            ServerMessage.ActionResult.accept(6, "attack", "head shot", HitZone.HEAD, 50))).getActionResult();
        LudusProto.ActionResult refused = LudusProto.ServerEnvelope.parseFrom(codec.encode(
            ServerMessage.ActionResult.reject(6, "attack", ActionReason.OUT_OF_RANGE, "far"))).getActionResult();
        LudusProto.Status status = LudusProto.ServerEnvelope.parseFrom(codec.encode(
            new ServerMessage.Status(130, 80, new java.util.TreeMap<>(java.util.Map.of("gold", 10, "wood", 2)), 17))).getStatus();

        assertThat(hit.getHit()).isEqualTo(LudusProto.HitZone.HIT_ZONE_HEAD);
        assertThat(hit.getDamage()).isEqualTo(50);
        assertThat(hit.getReason()).isEmpty();
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getReason()).isEqualTo("out_of_range");
        assertThat(refused.getHit()).isEqualTo(LudusProto.HitZone.HIT_ZONE_UNSPECIFIED);
        assertThat(status.getInventoryMap()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("gold", 10, "wood", 2));
        assertThat(status.getVersion()).isEqualTo(17);
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
    void shouldNameEveryBodyTheSchemaKnowsWhenTheEnvelopeIsEmpty() {
        assertThatThrownBy(() -> codec.decodeClient(new byte[0]))
            .hasMessageContaining("login").hasMessageContaining("replay_control").hasMessageContaining("activity_start")
            .hasMessageNotContaining("body_not_set");
    }

    @Test
    void shouldRejectABodyFromANewerSchemaAsUnknownType() {
        // field 9, wire type 0 (varint), value 1: a oneof member this schema does not know
        byte[] bytes = {(byte) (9 << 3), 1};

        assertRejected(() -> codec.decodeClient(bytes), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectAServerErrorSentByAClient() {
        byte[] errorFrame = codec.encode(new ServerMessage.ErrorMessage(ErrorCode.RATE_LIMITED, "slow down"));

        // Protobuf frames do not name their schema: ServerEnvelope field 4 (error) reads as ClientEnvelope
        // field 4 (attack), whose numeric fields its strings do not fill, so the attack has no weapon.
        assertRejected(() -> codec.decodeClient(errorFrame), ErrorCode.MISSING_FIELD);
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

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badActionFrames() {
        LudusProto.Vec2 aim = LudusProto.Vec2.newBuilder().setX(1).build();
        LudusProto.Attack.Builder attack = LudusProto.Attack.newBuilder().setSeq(6).setTarget(42)
            .setWeapon(LudusProto.Weapon.WEAPON_MELEE).setAim(aim);
        LudusProto.Trade.Builder trade = LudusProto.Trade.newBuilder().setSeq(9).setPartner(12)
            .setGive(stack("wood", 3)).setWant(stack("gold", 10));
        return java.util.stream.Stream.of(
            bad(b -> b.setAttack(attack.clone().clearAim()), ErrorCode.MISSING_FIELD, "attack.aim"),
            bad(b -> b.setAttack(attack.clone().clearWeapon()), ErrorCode.MISSING_FIELD, "attack.weapon"),
            bad(b -> b.setAttack(attack.clone().setWeaponValue(9)), ErrorCode.INVALID_FIELD, "attack.weapon"),
            bad(b -> b.setAttack(attack.clone().setTarget(-1L)), ErrorCode.INVALID_FIELD, "attack.target"),
            bad(b -> b.setAttack(attack.clone().setSeq(-1L)), ErrorCode.INVALID_FIELD, "attack.seq"),
            bad(b -> b.setAttack(attack.clone().setViewTick(-1L)), ErrorCode.INVALID_FIELD, "attack.viewTick"),
            bad(b -> b.setAttack(attack.clone().setAim(LudusProto.Vec2.newBuilder().setY(Double.NaN))),
                ErrorCode.INVALID_FIELD, "attack.aim"),
            bad(b -> b.setInput(LudusProto.Input.newBuilder().setSeq(1).setMove(aim)
                .setPos(LudusProto.Vec2.newBuilder().setX(Double.POSITIVE_INFINITY))), ErrorCode.INVALID_FIELD, "input.pos"),
            bad(b -> b.setInput(LudusProto.Input.newBuilder().setSeq(1).setMove(aim).setViewTick(Long.MIN_VALUE)),
                ErrorCode.INVALID_FIELD, "input.viewTick"),
            bad(b -> b.setPickup(LudusProto.PickUp.newBuilder().setSeq(7).setItem(-5L)), ErrorCode.INVALID_FIELD, "pickup.item"),
            bad(b -> b.setHarvest(LudusProto.Harvest.newBuilder().setSeq(-8L).setNode(9)), ErrorCode.INVALID_FIELD,
                "harvest.seq"),
            bad(b -> b.setTrade(trade.clone().clearGive()), ErrorCode.MISSING_FIELD, "trade.give"),
            bad(b -> b.setTrade(trade.clone().clearWant()), ErrorCode.MISSING_FIELD, "trade.want"),
            bad(b -> b.setTrade(trade.clone().setGive(stack("wood", 0))), ErrorCode.INVALID_FIELD, "trade.give.count"),
            bad(b -> b.setTrade(trade.clone().setWant(stack("gold", -1))), ErrorCode.INVALID_FIELD, "trade.want.count"),
            bad(b -> b.setTrade(trade.clone().setWant(stack("gold", 1_000_001))), ErrorCode.INVALID_FIELD, "trade.want.count"),
            bad(b -> b.setTrade(trade.clone().setGive(stack("", 3))), ErrorCode.INVALID_FIELD, "trade.give.item"),
            bad(b -> b.setTrade(trade.clone().setPartner(-12L)), ErrorCode.INVALID_FIELD, "trade.partner"),
            bad(b -> b.setUse(LudusProto.Use.newBuilder().setSeq(10)), ErrorCode.INVALID_FIELD, "use.item"),
            bad(b -> b.setUse(LudusProto.Use.newBuilder().setSeq(10).setItem("Potion")), ErrorCode.INVALID_FIELD, "use.item"));
    }

    @ParameterizedTest(name = "{2}: {1}")
    @org.junit.jupiter.params.provider.MethodSource("badActionFrames")
    void shouldRejectEveryBadActionFieldWithItsCodeAndNameTheField(byte[] frame, ErrorCode expected, String field) {
        assertThatThrownBy(() -> codec.decodeClient(frame))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(expected);
                assertThat(e.getMessage()).startsWith(field + (expected == ErrorCode.MISSING_FIELD ? " is required" : " : "));
            });
    }

    @Test
    void shouldRejectBadActionResultsAndStatusFromTheServer() {
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setSeq(1).setAction("use").setDetail("d")).build().toByteArray()),
            ErrorCode.MISSING_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setAccepted(true).setReason("cooldown")).build().toByteArray()),
            ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setReason("bad_luck")).build().toByteArray()), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setAccepted(true).setHitValue(8)).build().toByteArray()),
            ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setAccepted(true).setDamage(-1)).build().toByteArray()),
            ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setActionResult(
            LudusProto.ActionResult.newBuilder().setAccepted(true).setSeq(-1L)).build().toByteArray()),
            ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setStatus(
            LudusProto.Status.newBuilder().putInventory("Wood!", 1)).build().toByteArray()), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setStatus(
            LudusProto.Status.newBuilder().putInventory("wood", -1)).build().toByteArray()), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setStatus(
            LudusProto.Status.newBuilder().setHealth(-1)).build().toByteArray()), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setStatus(
            LudusProto.Status.newBuilder().setTick(-1L)).build().toByteArray()), ErrorCode.INVALID_FIELD);
        assertRejected(() -> codec.decodeServer(LudusProto.ServerEnvelope.newBuilder().setStatus(
            LudusProto.Status.newBuilder().setVersion(-1L)).build().toByteArray()), ErrorCode.INVALID_FIELD);
    }

    @Test
    void shouldDecodeEveryKnownReasonAndHitZone() {
        for (ActionReason reason : ActionReason.values()) {
            assertThat(codec.decodeServer(codec.encode(ServerMessage.ActionResult.reject(1, "use", reason, "d"))))
                .isEqualTo(ServerMessage.ActionResult.reject(1, "use", reason, "d"));
        }
        for (HitZone zone : HitZone.values()) {
            assertThat(codec.decodeServer(codec.encode(ServerMessage.ActionResult.accept(1, "attack", "d", zone, 0))))
                .isEqualTo(ServerMessage.ActionResult.accept(1, "attack", "d", zone, 0));
        }
    }

    private static org.junit.jupiter.params.provider.Arguments bad(
        java.util.function.Consumer<LudusProto.ClientEnvelope.Builder> body, ErrorCode expected, String field) {
        return org.junit.jupiter.params.provider.Arguments.arguments(envelope(body), expected, field);
    }

    private static byte[] envelope(java.util.function.Consumer<LudusProto.ClientEnvelope.Builder> body) {
        LudusProto.ClientEnvelope.Builder builder = LudusProto.ClientEnvelope.newBuilder();
        body.accept(builder);
        return builder.build().toByteArray();
    }

    private static LudusProto.ItemStack stack(String item, int count) {
        return LudusProto.ItemStack.newBuilder().setItem(item).setCount(count).build();
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
