package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The activity messages of protocol.md §17, in JSON and protobuf. */
class ActivityMessagesTest {
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();

    private ClientMessage decode(String text) {
        return json.decodeClient(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ProtocolException refusal(Runnable decode) {
        try {
            decode.run();
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("expected a ProtocolException");
    }

    @Test
    void shouldDecodeTheDocumentedClientExamples() {
        assertThat(decode("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":10}"))
            .isEqualTo(new ClientMessage.ActivityStart("chop_wood", 10));
        assertThat(decode("{\"type\":\"activity.start\",\"task\":\"chop_wood\"}")).isEqualTo(new ClientMessage.ActivityStart("chop_wood", 1));
        assertThat(decode("{\"type\":\"activity.cancel\",\"taskId\":\"2f0c\"}")).isEqualTo(new ClientMessage.ActivityCancel("2f0c"));
        assertThat(decode("{\"type\":\"activity.list\"}")).isEqualTo(new ClientMessage.ActivityList());
        assertThat(new ClientMessage.ActivityList().type()).isEqualTo("activity.list");
    }

    @Test
    void shouldRefuseMalformedActivityRequests() {
        assertThat(refusal(() -> decode("{\"type\":\"activity.start\"}")).code()).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(refusal(() -> decode("{\"type\":\"activity.start\",\"task\":\"\"}")).getMessage())
            .isEqualTo("activity.start.task : \"\" (expected: 1-64 characters)");
        assertThat(refusal(() -> decode("{\"type\":\"activity.start\",\"task\":\"" + "x".repeat(65) + "\"}")).code())
            .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(() -> decode("{\"type\":\"activity.start\",\"task\":\"a\",\"count\":1.5}")).code())
            .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(() -> decode("{\"type\":\"activity.cancel\",\"taskId\":7}")).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(ErrorCode.fromCode("missing_tool")).isEqualTo(ErrorCode.MISSING_TOOL);
    }

    @Test
    void shouldRoundTripClientMessagesInBothForms() {
        for (ClientMessage message : List.of(new ClientMessage.ActivityStart("fletch_arrows", 20),
            new ClientMessage.ActivityCancel("2f0c8d0e"), new ClientMessage.ActivityList())) {
            assertThat(json.decodeClient(json.encode(message))).isEqualTo(message);
            assertThat(protobuf.decodeClient(protobuf.encode(message))).isEqualTo(message);
        }
        // An unset protobuf count means 1.
        byte[] bare = dev.ludus.protocol.proto.LudusProto.ClientEnvelope.newBuilder().setActivityStart(
            dev.ludus.protocol.proto.LudusProto.ActivityStart.newBuilder().setTask("chop_wood")).build().toByteArray();
        assertThat(protobuf.decodeClient(bare)).isEqualTo(new ClientMessage.ActivityStart("chop_wood", 1));
    }

    @Test
    void shouldEncodeNotificationsAsDocumented() {
        var completed = new ServerMessage.ActivityNotice("task_completed", 44, "2f0c", "chop_wood", 10, 10, 1796590600000L,
            1796590600000L, new TreeMap<>(Map.of("wood", 54L)), 0, "", List.of());
        assertThat(new String(json.encode(completed), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"task_completed\",\"seq\":44,"
            + "\"taskId\":\"2f0c\",\"task\":\"chop_wood\",\"done\":10,\"total\":10,\"atMs\":1796590600000,\"endsAtMs\":1796590600000,"
            + "\"rewards\":{\"wood\":54}}");
        var queue = new ServerMessage.ActivityNotice("queue_updated", 45, "", "", 0, 0, 1796590600000L, 0, new TreeMap<>(), 0, "",
            List.of());
        assertThat(new String(json.encode(queue), StandardCharsets.UTF_8))
            .isEqualTo("{\"type\":\"queue_updated\",\"seq\":45,\"atMs\":1796590600000,\"queue\":[]}");
        var failed = new ServerMessage.ActivityNotice("task_failed", 50, "c93b", "carve_bow", 0, 1, 17L, 0, new TreeMap<>(), 0,
            "crafting_failed", List.of());
        var crafted = new ServerMessage.ActivityNotice("task_completed", 47, "7a1e", "fletch_arrows", 16, 20, 1L, 2L,
            new TreeMap<>(Map.of("GOLD", 63L, "arrow", 211L)), 75, "", List.of());
        var listed = new ServerMessage.ActivityNotice("queue_updated", 0, "", "", 0, 0, 5L, 9L, new TreeMap<>(), 0, "",
            List.of("a", "b"));
        for (ServerMessage.ActivityNotice notice : List.of(completed, queue, failed, crafted, listed)) {
            assertThat(json.decodeServer(json.encode(notice))).isEqualTo(notice);
            assertThat(protobuf.decodeServer(protobuf.encode(notice))).isEqualTo(notice);
            assertThat(notice.type()).isEqualTo(notice.kind());
        }
    }

    @Test
    void shouldRefuseAnUnknownNotificationKind() {
        assertThatThrownBy(() -> new ServerMessage.ActivityNotice("task_exploded", 1, "", "", 0, 0, 0, 0, new TreeMap<>(), 0, "",
            List.of())).hasMessageContaining("kind : task_exploded");
        byte[] bad = dev.ludus.protocol.proto.LudusProto.ServerEnvelope.newBuilder().setActivityNotice(
            dev.ludus.protocol.proto.LudusProto.ActivityNotice.newBuilder().setKind("task_exploded")).build().toByteArray();
        assertThat(refusal(() -> protobuf.decodeServer(bad)).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }
}
