package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.proto.LudusProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code replay.control} (docs/protocol.md §18.4) in both wire forms, and its bad values with their codes. */
class ReplayControlTest {
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();

    @Test
    void shouldRoundTripEveryCombinationInBothFormsWithAbsentFieldsUnchanged() {
        for (ClientMessage.ReplayControl control : List.of(new ClientMessage.ReplayControl(1, Double.NaN, -1),
            new ClientMessage.ReplayControl(0, 2.0, -1), new ClientMessage.ReplayControl(-1, 0.25, -1),
            new ClientMessage.ReplayControl(-1, Double.NaN, 800), new ClientMessage.ReplayControl(1, 8, 0))) {
            assertThat(json.decodeClient(json.encode(control))).isEqualTo(control);
            assertThat(protobuf.decodeClient(protobuf.encode(control))).isEqualTo(control);
        }
        assertThat(json.decodeClient("{\"type\":\"replay.control\",\"speed\":2}".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(new ClientMessage.ReplayControl(-1, 2.0, -1));
        assertThat(new String(json.encode(new ClientMessage.ReplayControl(1, Double.NaN, -1)), StandardCharsets.UTF_8))
            .isEqualTo("{\"type\":\"replay.control\",\"paused\":true}");
        assertThat(LudusProto.ClientEnvelope.REPLAY_CONTROL_FIELD_NUMBER).isBetween(80, 99);
    }

    @Test
    void shouldRefuseOutOfRangeSpeedsBadPausesAndEmptyControlsWithStableCodes() {
        assertCode("{\"type\":\"replay.control\",\"speed\":8.5}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"replay.control\",\"speed\":0.2}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"replay.control\",\"speed\":\"fast\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"replay.control\",\"paused\":1}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"replay.control\",\"fromTick\":-3}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"replay.control\"}", ErrorCode.MISSING_FIELD);
        byte[] nan = LudusProto.ClientEnvelope.newBuilder().setReplayControl(LudusProto.ReplayControl.newBuilder()
            .setSpeed(Double.NaN)).build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeClient(nan))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        byte[] empty = LudusProto.ClientEnvelope.newBuilder().setReplayControl(LudusProto.ReplayControl.getDefaultInstance())
            .build().toByteArray();
        assertThatThrownBy(() -> protobuf.decodeClient(empty))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    }

    private void assertCode(String message, ErrorCode code) {
        assertThatThrownBy(() -> json.decodeClient(message.getBytes(StandardCharsets.UTF_8))).as(message)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
