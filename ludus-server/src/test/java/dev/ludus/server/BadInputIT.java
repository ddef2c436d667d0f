package dev.ludus.server;

import dev.ludus.net.WsClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.proto.LudusProto;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Welcome;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad input gets a stable error code or a clean close, and a bystander keeps playing:
 * its snapshots keep coming, tick after tick, with its own state intact.
 */
class BadInputIT {
    private static LudusServer server;
    private static int port;
    private static WsClient bystander;
    private static long bystanderId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(Map.of("server.max-frame-bytes", 1024));
        port = server.address().getPort();
        bystander = WsClient.connect(port);
        bystander.sendText("{\"type\":\"login\",\"name\":\"bystander\"}");
        bystanderId = bystander.await(Welcome.class).entityId();
        bystander.sendText("{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":0.6,\"y\":0.8}}");
    }

    @AfterAll
    static void stop() {
        bystander.close();
        server.close();
    }

    private static void assertBystanderStillPlays() throws InterruptedException {
        Snapshot first = bystander.await(Snapshot.class, s -> s.ackSeq() == 1);
        Snapshot later = bystander.await(Snapshot.class, s -> s.tick() >= first.tick() + 3);
        double moved = later.entities().stream().filter(e -> e.id() == bystanderId).findFirst().orElseThrow().x()
            - first.entities().stream().filter(e -> e.id() == bystanderId).findFirst().orElseThrow().x();
        assertThat(moved).as("bystander keeps moving east at 0.6 x 6 m/s").isPositive();
        assertThat(bystander.isClosed()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all                                          | malformed_json",
        "{\"type\":\"login\",\"name\":\"x\"                       | malformed_json",
        "[1,2,3]                                                  | malformed_json",
        "{\"type\":\"ping\",\"t\":1}{\"type\":\"ping\",\"t\":2}   | malformed_json",
        "{\"type\":\"teleport\",\"x\":5}                          | unknown_type",
        "{\"name\":\"nobody\"}                                    | missing_field",
        "{\"type\":\"login\"}                                     | missing_field",
        "{\"type\":\"login\",\"name\":42}                         | invalid_field",
        "{\"type\":\"login\",\"name\":\"<script>\"}               | invalid_field",
        "{\"type\":\"ping\",\"t\":\"soon\"}                       | invalid_field",
        "{\"type\":\"ping\",\"t\":1e999}                          | invalid_field",
        "{\"type\":\"ping\",\"t\":NaN}                            | malformed_json",
        "{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":1,\"y\":0}} | not_logged_in",
        "{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":1}}        | missing_field",
    })
    void shouldAnswerBadJsonWithAStableCode(String frame, String code) throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendText(frame.strip());
            ErrorMessage error = client.await(ErrorMessage.class);
            assertThat(error.code().code()).isEqualTo(code);
            assertThat(error.message()).isNotBlank();
            assertThat(client.isClosed()).isFalse();
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldRejectWrongTypedAndNonFiniteInputFieldsAfterLogin() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"login\",\"name\":\"typo\"}");
            client.await(Welcome.class);
            client.sendText("{\"type\":\"input\",\"seq\":\"7\",\"move\":{\"x\":1,\"y\":0}}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendText("{\"type\":\"input\",\"seq\":7.5,\"move\":{\"x\":1,\"y\":0}}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendText("{\"type\":\"input\",\"seq\":8,\"move\":{\"x\":1e400,\"y\":0}}");
            assertThat(client.await(ErrorMessage.class).message()).contains("input.move.x");
            client.sendText("{\"type\":\"input\",\"seq\":9,\"move\":[1,0]}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendText("{\"type\":\"input\",\"seq\":9}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.MISSING_FIELD);
            client.sendText("{\"type\":\"input\",\"seq\":10,\"move\":{\"x\":0,\"y\":1}}");
            client.await(Snapshot.class, s -> s.ackSeq() == 10);
            client.sendText("{\"type\":\"input\",\"seq\":10,\"move\":{\"x\":0,\"y\":1}}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SEQ_NOT_INCREASING);
            client.sendText("{\"type\":\"login\",\"name\":\"again\"}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldRefuseANameAlreadyInUse() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"login\",\"name\":\"bystander\"}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NAME_TAKEN);
            client.sendText("{\"type\":\"login\",\"name\":\"other-name\"}");
            assertThat(client.await(Welcome.class).entityId()).isNotEqualTo(bystanderId);
        }
    }

    @Test
    void shouldAnswerBinaryGarbageWithMalformedProtobuf() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendBinary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.MALFORMED_PROTOBUF);
            client.sendBinary(new byte[0]);
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            client.sendBinary(new ProtobufCodec().encode(new dev.ludus.protocol.ClientMessage.Ping(Double.MAX_VALUE)));
            assertThat(client.await(dev.ludus.protocol.ServerMessage.Pong.class).t()).isEqualTo(Double.MAX_VALUE);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldAnswerBadProtobufFieldsWithTheSameCodesAsJson() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            byte[] inputBeforeLogin = LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder()
                .setSeq(1).setMove(LudusProto.Vec2.newBuilder().setX(1))).build().toByteArray();
            client.sendBinary(inputBeforeLogin);
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);

            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setLogin(LudusProto.Login.newBuilder()
                .setName("bad name!")).build().toByteArray());
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setLogin(LudusProto.Login.newBuilder()
                .setName("protobad")).build().toByteArray());
            client.await(Welcome.class);

            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder().setSeq(2))
                .build().toByteArray());
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.MISSING_FIELD);
            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder().setSeq(3)
                .setMove(LudusProto.Vec2.newBuilder().setX(Double.NaN))).build().toByteArray());
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setPing(LudusProto.Ping.newBuilder()
                .setT(Double.POSITIVE_INFINITY)).build().toByteArray());
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            client.sendBinary(LudusProto.ClientEnvelope.newBuilder().setInput(LudusProto.Input.newBuilder().setSeq(-1L)
                .setMove(LudusProto.Vec2.newBuilder().setX(1))).build().toByteArray());
            assertThat(client.await(ErrorMessage.class).message()).contains("input.seq");
            assertThat(client.isClosed()).isFalse();
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldCloseAProtobufFloodWith1008() throws Exception {
        byte[] ping = LudusProto.ClientEnvelope.newBuilder().setPing(LudusProto.Ping.newBuilder().setT(1))
            .build().toByteArray();
        try (WsClient client = WsClient.connect(port)) {
            for (int i = 0; i < 400 && !client.isClosed(); i++) {
                client.sendBinary(ping);
            }
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldCloseWith1009WhenABinaryFrameIsOverTheLimit() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendBinary(new byte[4096]);
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldCloseWith1009WhenAFrameIsOverTheLimit() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            client.sendText("{\"type\":\"ping\",\"t\":1,\"pad\":\"" + "x".repeat(2048) + "\"}");
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldRateLimitAFloodThenCloseWith1008() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            for (int i = 0; i < 400 && !client.isClosed(); i++) {
                client.sendText("{\"type\":\"ping\",\"t\":" + i + "}");
            }
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
        assertBystanderStillPlays();
    }

    @Test
    void shouldCloseWith1008AfterRepeatedGarbage() throws Exception {
        try (WsClient client = WsClient.connect(port)) {
            for (int i = 0; i < 30 && !client.isClosed(); i++) {
                client.sendText("garbage " + i);
            }
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
        assertBystanderStillPlays();
    }
}
