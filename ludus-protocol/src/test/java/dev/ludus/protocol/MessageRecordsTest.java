package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The records validate themselves, so a message that exists is well-formed. */
class MessageRecordsTest {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectAVectorWithANonFiniteComponent(double bad) {
        assertInvalidField(() -> new Vec2(bad, 0));
        assertInvalidField(() -> new Vec2(0, bad));
    }

    @Test
    void shouldRejectInputWithNonFiniteDirectionBeforeItIsBuilt() {
        assertThatThrownBy(() -> new ClientMessage.Input(1, new Vec2(Double.NaN, 0)))
            .isInstanceOf(ProtocolException.class)
            .hasMessage("vector : (NaN, 0.0) (expected: finite numbers)");
    }

    @Test
    void shouldRejectInputWithNegativeSeq() {
        assertThatThrownBy(() -> new ClientMessage.Input(-1, new Vec2(0, 0)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
            .hasMessage("input.seq : -1 (expected: >= 0)");
    }

    @Test
    void shouldRejectInputWithoutMove() {
        assertThatThrownBy(() -> new ClientMessage.Input(1, null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectPingWithNonFiniteTime(double bad) {
        assertInvalidField(() -> new ClientMessage.Ping(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "alice", "Bob_the-2nd", "abcdefghijklmnopqrstuvwxyz012345"})
    void shouldAcceptNamesOfAllowedCharacters(String name) {
        assertThat(new ClientMessage.Login(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "al ice", "alice!", "al\u00e9", "\u0430lice", "a.b", "abcdefghijklmnopqrstuvwxyz0123456",
        "alice\n"})
    void shouldRejectNamesThatAreEmptyTooLongOrHaveOtherCharacters(String name) {
        assertInvalidField(() -> new ClientMessage.Login(name));
    }

    @Test
    void shouldRejectANullName() {
        assertThatThrownBy(() -> new ClientMessage.Login(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldNameEachMessageByItsWireType() {
        assertThat(new ClientMessage.Login("a").type()).isEqualTo("login");
        assertThat(new ClientMessage.Input(0, new Vec2(0, 0)).type()).isEqualTo("input");
        assertThat(new ClientMessage.Ping(0).type()).isEqualTo("ping");
        assertThat(new ServerMessage.Welcome("s", 1, 20, 1, 1, 1, 0, 0, 1).type()).isEqualTo("welcome");
        assertThat(new ServerMessage.Snapshot(0, 0, -1, List.of(), List.of()).type()).isEqualTo("snapshot");
        assertThat(new ServerMessage.Pong(0, 0, 0).type()).isEqualTo("pong");
        assertThat(new ServerMessage.ErrorMessage(ErrorCode.RATE_LIMITED, "m").type()).isEqualTo("error");
    }

    @Test
    void shouldNameEachActionMessageByItsWireType() {
        assertThat(new ClientMessage.Attack(0, 1, Weapon.MELEE, new Vec2(1, 0), -1).type()).isEqualTo("attack");
        assertThat(new ClientMessage.PickUp(0, 1, -1).type()).isEqualTo("pickup");
        assertThat(new ClientMessage.Harvest(0, 1, -1).type()).isEqualTo("harvest");
        assertThat(new ClientMessage.Trade(0, 1, "wood", 1, "gold", 1, -1).type()).isEqualTo("trade");
        assertThat(new ClientMessage.Use(0, "potion", -1).type()).isEqualTo("use");
        assertThat(ServerMessage.ActionResult.accept(0, "use", "d", null, 0).type()).isEqualTo("action_result");
        assertThat(new ServerMessage.Status(0, 0, new java.util.TreeMap<>(), 0).type()).isEqualTo("status");
    }

    @Test
    void shouldGiveInputsWithoutViewTickOrPositionMinusOneAndNull() {
        ClientMessage.Input input = new ClientMessage.Input(3, new Vec2(1, 0));

        assertThat(input.viewTick()).isEqualTo(-1);
        assertThat(input.pos()).isNull();
    }

    @Test
    void shouldRejectOutOfRangeActionFieldsNamingThem() {
        assertThatThrownBy(() -> new ClientMessage.Attack(1, -2, Weapon.MELEE, new Vec2(1, 0), -1))
            .hasMessage("attack.target : -2 (expected: an entity id >= 0)");
        assertThatThrownBy(() -> new ClientMessage.PickUp(1, 2, -2))
            .hasMessage("pickup.viewTick : -2 (expected: >= 0, or -1 for none)");
        assertThatThrownBy(() -> new ClientMessage.Trade(1, 2, "wood", ClientMessage.MAX_COUNT + 1, "gold", 1, -1))
            .hasMessage("trade.give.count : 1000001 (expected: 1 to 1000000)");
        assertThatThrownBy(() -> new ClientMessage.Use(-1, "potion", -1)).hasMessage("use.seq : -1 (expected: >= 0)");
        assertInvalidField(() -> new ClientMessage.Harvest(1, -1, -1));
        assertInvalidField(() -> new ClientMessage.Use(1, "Potion", -1));
        assertThatThrownBy(() -> new ClientMessage.Attack(1, 2, null, new Vec2(1, 0), -1))
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldAcceptAZeroAimSoTheWorldCanCountItAsAViolation() {
        assertThat(new ClientMessage.Attack(1, 2, Weapon.RANGED, new Vec2(0, 0), -1).aim()).isEqualTo(new Vec2(0, 0));
    }

    @Test
    void shouldRequireAReasonExactlyWhenAnActionIsRejected() {
        assertThatThrownBy(() -> new ServerMessage.ActionResult(1, "use", false, null, "d", null, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a reason when rejected");
        assertThatThrownBy(() -> new ServerMessage.ActionResult(1, "use", true, ActionReason.COOLDOWN, "d", null, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null when accepted");
        assertThatThrownBy(() -> ServerMessage.ActionResult.accept(1, "attack", "d", HitZone.BODY, -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("damage : -1 (expected: >= 0)");
        assertThatThrownBy(() -> ServerMessage.ActionResult.reject(1, "use", null, "d"))
            .isInstanceOf(NullPointerException.class);
        assertThat(ServerMessage.ActionResult.reject(1, "use", ActionReason.NOT_IN_INVENTORY, "d").accepted()).isFalse();
    }

    @Test
    void shouldNotChangeAStatusWhenTheCallersMapChanges() {
        java.util.TreeMap<String, Integer> inventory = new java.util.TreeMap<>(java.util.Map.of("wood", 2));

        ServerMessage.Status status = new ServerMessage.Status(1, 100, inventory, 4);
        inventory.put("gold", 1);

        assertThat(status.inventory()).containsOnlyKeys("wood");
        assertThatThrownBy(() -> status.inventory().put("gold", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldKeepTheReasonFamiliesAndWireForms() {
        assertThat(ActionReason.ITEM_GONE.isViolation()).isFalse();
        assertThat(ActionReason.TRADE_WITH_SELF.isViolation()).isTrue();
        for (ActionReason reason : ActionReason.values()) {
            assertThat(ActionReason.fromCode(reason.code())).isSameAs(reason);
        }
        for (Weapon weapon : Weapon.values()) {
            assertThat(Weapon.fromWireName(weapon.wireName())).isSameAs(weapon);
        }
        assertInvalidField(() -> ActionReason.fromCode("nope"));
        assertInvalidField(() -> HitZone.fromWireName("toe"));
        assertInvalidField(() -> Weapon.fromWireName("bow"));
    }

    @Test
    void shouldNotChangeASnapshotWhenTheCallersListsChange() {
        List<EntityState> entities = new ArrayList<>(List.of(new EntityState(1, EntityKind.NPC, 0, 0, 0, 0)));
        List<Long> removed = new ArrayList<>(List.of(2L));

        ServerMessage.Snapshot snapshot = new ServerMessage.Snapshot(0, 0, -1, entities, removed);
        entities.clear();
        removed.add(3L);

        assertThat(snapshot.entities()).hasSize(1);
        assertThat(snapshot.removed()).containsExactly(2L);
        assertThatThrownBy(() -> snapshot.removed().add(4L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectNullsInServerMessages() {
        assertThatThrownBy(() -> new EntityState(1, null, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ServerMessage.Welcome(null, 1, 20, 1, 1, 1, 0, 0, 1))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ServerMessage.ErrorMessage(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ServerMessage.ErrorMessage(ErrorCode.RATE_LIMITED, null))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ServerMessage.Snapshot(0, 0, -1, List.of(), null))
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldTurnAProtocolExceptionIntoItsErrorReply() {
        ProtocolException failure = new ProtocolException(ErrorCode.MISSING_FIELD, "input.move is required");

        assertThat(ServerMessage.ErrorMessage.of(failure))
            .isEqualTo(new ServerMessage.ErrorMessage(ErrorCode.MISSING_FIELD, "input.move is required"));
    }

    @Test
    void shouldRequireACodeOnEveryProtocolException() {
        assertThatThrownBy(() -> new ProtocolException(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ProtocolException(null, "m", new IllegalStateException()))
            .isInstanceOf(NullPointerException.class);
        IllegalStateException cause = new IllegalStateException("parser");
        assertThat(new ProtocolException(ErrorCode.MALFORMED_JSON, "m", cause)).hasCause(cause)
            .extracting(ProtocolException::code).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    private static void assertInvalidField(ThrowingCallable call) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }
}
