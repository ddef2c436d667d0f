package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetcodeConfigTest {

    @Test
    void shouldNameTheValueAndTheExpectation() {
        NetcodeConfig d = NetcodeConfig.defaults();
        assertThat(d.budgetBytesPerSecond()).isEqualTo(16_384);
        assertThat(d.withBudget(8192).budgetBytesPerSecond()).isEqualTo(8192);
        assertThatThrownBy(() -> d.withBudget(10)).hasMessage("budgetBytesPerSecond : 10 (expected: 1024 to 16 MiB)");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 10, 1 << 20, 1, 1, 1000, 1)).hasMessageContaining("burstMillis : 10");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 100, 1, 1, 1, 1000, 1)).hasMessageContaining("maxOutboundBytes : 1");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 100, 1 << 20, 0, 1, 1000, 1))
            .hasMessageContaining("maxStalledSnapshots : 0");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 100, 1 << 20, 1, 17, 1000, 1))
            .hasMessageContaining("maxSendIntervalTicks : 17");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 100, 1 << 20, 1, 1, 5, 1)).hasMessageContaining("pingIntervalMillis : 5");
        assertThatThrownBy(() -> new NetcodeConfig(4096, 100, 1 << 20, 1, 1, 1000, 0))
            .hasMessageContaining("jitterBufferInputs : 0");
    }
}
