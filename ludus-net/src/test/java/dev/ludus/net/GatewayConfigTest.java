package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void shouldNameTheFieldValueAndExpectation() {
        assertThatThrownBy(() -> new GatewayConfig(" ", 1, 1024, 1, 1, 1, 1)).hasMessageContaining("bindAddress");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 65536, 1024, 1, 1, 1, 1))
            .hasMessage("port : 65536 (expected: 0 to 65535)");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 10, 1, 1, 1, 1)).hasMessageContaining("maxFrameBytes : 10");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, Double.NaN, 1, 1, 1))
            .hasMessageContaining("messagesPerSecond : NaN");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, 1, 0, 1, 1)).hasMessageContaining("burstMessages : 0");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 0, 1))
            .hasMessageContaining("maxConsecutiveFaults : 0");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 1, 0))
            .hasMessageContaining("maxFaultsPerMinute : 0");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 1, 1, -1))
            .hasMessage("ioThreads : -1 (expected: 0 for one per core, or 1 to 1024)");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 1, 1, 1025))
            .hasMessageContaining("ioThreads : 1025");
    }

    @Test
    void shouldStartOneEventLoopPerCoreUnlessTold() {
        assertThat(new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 1, 1).effectiveIoThreads())
            .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new GatewayConfig("127.0.0.1", 1, 1024, 1, 1, 1, 1, 3).effectiveIoThreads()).isEqualTo(3);
    }
}
