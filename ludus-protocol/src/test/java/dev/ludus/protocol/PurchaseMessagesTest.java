package dev.ludus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code buy} and {@code purchase_result} in both wire formats. */
class PurchaseMessagesTest {
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();

    @Test
    void shouldDecodeABuyFromJsonAndProtobuf() {
        ClientMessage.Buy buy = new ClientMessage.Buy("7c9e6679-7425-40de-944b-e07fc1f90ae7", "sword_skin");
        assertThat(json.decodeClient("{\"type\":\"buy\",\"key\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"sku\":\"sword_skin\"}"
            .getBytes(StandardCharsets.UTF_8))).isEqualTo(buy);
        assertThat(json.decodeClient(json.encode(buy))).isEqualTo(buy);
        assertThat(protobuf.decodeClient(protobuf.encode(buy))).isEqualTo(buy);
        assertThat(buy.type()).isEqualTo("buy");
    }

    @Test
    void shouldRefuseABadKeyOrSku() {
        assertThatThrownBy(() -> new ClientMessage.Buy("bad key", "sword_skin")).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD)).hasMessageContaining("buy.key : \"bad key\"");
        assertThatThrownBy(() -> new ClientMessage.Buy("k", "Sword")).hasMessageContaining("buy.sku : \"Sword\"");
        assertThatThrownBy(() -> new ClientMessage.Buy("k".repeat(65), "sword")).hasMessageContaining("buy.key");
        assertThatThrownBy(() -> json.decodeClient("{\"type\":\"buy\",\"sku\":\"sword\"}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    }

    @Test
    void shouldCarryAPurchaseResultBothWays() {
        ServerMessage.PurchaseResult committed = new ServerMessage.PurchaseResult("k1", "sword_skin", "committed", "tx-1", null,
            null, true);
        ServerMessage.PurchaseResult refused = new ServerMessage.PurchaseResult("k2", "sword_skin", "refused", null,
            "insufficient_funds", "player:alice/GEM : -10 after this purchase (expected: >= 0)", false);
        for (ServerMessage.PurchaseResult result : new ServerMessage.PurchaseResult[] {committed, refused}) {
            assertThat(json.decodeServer(json.encode(result))).isEqualTo(result);
            assertThat(protobuf.decodeServer(protobuf.encode(result))).isEqualTo(result);
        }
        assertThat(new String(json.encode(committed), StandardCharsets.UTF_8)).isEqualTo(
            "{\"type\":\"purchase_result\",\"key\":\"k1\",\"sku\":\"sword_skin\",\"status\":\"committed\",\"transactionId\":\"tx-1\",\"replayed\":true}");
        assertThat(committed.committed()).isTrue();
        assertThat(refused.committed()).isFalse();
        assertThat(refused.type()).isEqualTo("purchase_result");
        assertThatThrownBy(() -> new ServerMessage.PurchaseResult("k", "s", "maybe", null, null, null, false))
            .hasMessageContaining("purchase_result.status : \"maybe\"");
    }
}
