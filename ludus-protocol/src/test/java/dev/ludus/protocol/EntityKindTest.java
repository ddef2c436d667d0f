package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityKindTest {

    @Test
    void shouldUseLowerCaseWireNames() {
        assertThat(EntityKind.PLAYER.wireName()).isEqualTo("player");
        assertThat(EntityKind.NPC.wireName()).isEqualTo("npc");
        assertThat(EntityKind.ITEM.wireName()).isEqualTo("item");
        assertThat(EntityKind.RESOURCE.wireName()).isEqualTo("resource");
        assertThat(EntityKind.PROP.wireName()).isEqualTo("prop");
    }

    @ParameterizedTest
    @EnumSource(EntityKind.class)
    void shouldFindEveryKindFromItsWireName(EntityKind kind) {
        assertThat(EntityKind.fromWireName(kind.wireName())).isSameAs(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PLAYER", "Npc", "monster"})
    void shouldRejectAnUnknownWireNameAsInvalidField(String wire) {
        assertThatThrownBy(() -> EntityKind.fromWireName(wire))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
            .hasMessage("entity.kind : \"" + wire + "\" (expected: player, npc, item, resource or prop)");
    }
}
