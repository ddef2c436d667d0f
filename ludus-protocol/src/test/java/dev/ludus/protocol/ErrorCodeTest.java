package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorCodeTest {

    @Test
    void shouldKeepTheDocumentedWireForms() {
        // Codes are a protocol contract: never renamed, only added.
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).containsExactly(
            "malformed_json", "malformed_protobuf", "unknown_type", "missing_field", "invalid_field", "not_logged_in",
            "already_logged_in", "name_taken", "server_full", "seq_not_increasing", "seq_gap", "rate_limited",
            "internal_error", "ack_unknown_tick", "ack_not_increasing",
            "unknown_task", "invalid_parameters", "missing_tool", "tool_broken", "wrong_location",
            "missing_materials", "missing_station", "skill_too_low", "level_too_low", "equipment_broken", "queue_full",
            "unknown_activity", "activities_unavailable",
            "unknown_target", "invalid_delay", "already_spectating", "target_left", "invalid_area", "replay_unavailable",
            "tick_outside_log", "not_replaying",
            "token_malformed", "token_invalid", "token_expired", "token_superseded", "token_wrong_kind", "session_revoked",
            "session_unknown", "resume_ahead", "resume_gap", "handoff_wrong_server", "handoff_used", "session_detached",
            "player_data_unavailable");
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldFindEveryCodeFromItsWireForm(ErrorCode code) {
        assertThat(ErrorCode.fromCode(code.code())).isSameAs(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MALFORMED_JSON", "Name_Taken", "name taken", "teapot"})
    void shouldRejectAnUnknownWireFormAsInvalidField(String wire) {
        assertThatThrownBy(() -> ErrorCode.fromCode(wire))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
            .hasMessageStartingWith("error.code : \"" + wire + "\"");
    }

    @Test
    void shouldClipAHugeUnknownWireFormInTheMessage() {
        assertThatThrownBy(() -> ErrorCode.fromCode("z".repeat(10_000)))
            .hasMessage("error.code : \"" + "z".repeat(40) + "...\" (expected: a known code)");
    }
}
