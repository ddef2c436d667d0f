package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SessionMessagesTest {
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();

    @Test
    void shouldRoundTripSessionClientMessagesInBothForms() {
        for (ClientMessage message : List.of(new ClientMessage.Resume("v1.abc.def", 17), new ClientMessage.Refresh(),
            new ClientMessage.Handoff("v1.x.y"), new ClientMessage.Logout())) {
            assertThat(json.decodeClient(json.encode(message))).isEqualTo(message);
            assertThat(protobuf.decodeClient(protobuf.encode(message))).isEqualTo(message);
        }
        assertThat(json.decodeClient(utf8("{\"type\":\"resume\",\"session\":\"t\"}")))
            .isEqualTo(new ClientMessage.Resume("t", 0));
    }

    @Test
    void shouldRoundTripSessionServerMessagesInBothForms() {
        for (ServerMessage message : List.of(new ServerMessage.Resumed("tok", 10_001, 42, -1),
            new ServerMessage.SessionToken("tok", 1_800_000_000_000L),
            new ServerMessage.Transfer("ws://b:7777/ws", "b", "v1.h.m", 1_800_000_000_000L))) {
            assertThat(json.decodeServer(json.encode(message))).isEqualTo(message);
            assertThat(protobuf.decodeServer(protobuf.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void shouldCarryTheEventNumberBesideTheEventsOwnFields() {
        ServerMessage.Status status = new ServerMessage.Status(7, 90, new TreeMap<>(java.util.Map.of("wood", 2)), 3);
        ServerMessage.Numbered numbered = new ServerMessage.Numbered(5, status);

        String text = new String(json.encode(numbered), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"type\":\"status\",\"tick\":7,").endsWith(",\"eventSeq\":5}");
        assertThat(json.decodeServer(utf8(text))).isEqualTo(numbered);
        assertThat(protobuf.decodeServer(protobuf.encode(numbered))).isEqualTo(numbered);
        assertThat(protobuf.decodeServer(protobuf.encode(status))).isEqualTo(status);
        assertThat(numbered.type()).isEqualTo("status");
        // Only the number's bytes are added to the event's envelope (field 119: a two-byte tag and a one-byte varint).
        assertThat(protobuf.encode(numbered)).hasSize(protobuf.encode(status).length + 3);
    }

    @Test
    void shouldRefuseBadSessionInputWithStableCodes() {
        assertThat(codeOf(() -> json.decodeClient(utf8("{\"type\":\"resume\",\"session\":\"\"}")))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> json.decodeClient(utf8("{\"type\":\"resume\",\"session\":\"t\",\"lastEventSeq\":-1}"))))
            .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> json.decodeClient(utf8("{\"type\":\"resume\"}")))).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(codeOf(() -> json.decodeClient(utf8("{\"type\":\"handoff\",\"token\":\"\"}")))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> json.decodeServer(utf8("{\"type\":\"status\",\"tick\":1,\"health\":1,\"inventory\":{},"
            + "\"version\":0,\"eventSeq\":0}")))).isEqualTo(ErrorCode.INVALID_FIELD);
        byte[] zeroSeq = dev.ludus.protocol.proto.LudusProto.ServerEnvelope.newBuilder().setEventSeq(0)
            .setSessionToken(dev.ludus.protocol.proto.LudusProto.SessionToken.newBuilder().setSession("t")).build().toByteArray();
        assertThat(codeOf(() -> protobuf.decodeServer(zeroSeq))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> new ServerMessage.Numbered(0, new ServerMessage.SessionToken("t", 1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerMessage.Numbered(2, new ServerMessage.Numbered(1, new ServerMessage.SessionToken("t", 1))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("expected a ProtocolException");
    }
}
