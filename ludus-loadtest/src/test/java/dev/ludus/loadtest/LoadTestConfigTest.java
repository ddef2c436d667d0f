package dev.ludus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoadTestConfigTest {
    private static final Path DIR = Path.of("target/x");

    @Test
    void shouldDeriveTheHttpBaseFromTheWebSocketUrl() {
        assertThat(new LoadTestConfig(URI.create("ws://127.0.0.1:7777/ws"), 1, 0, 0, 1, true, 10, 1, DIR).httpBase())
            .isEqualTo(URI.create("http://127.0.0.1:7777"));
        assertThat(new LoadTestConfig(URI.create("wss://example.test:443/ws"), 1, 0, 0, 1, true, 10, 1, DIR).httpBase())
            .isEqualTo(URI.create("https://example.test:443"));
    }

    @Test
    void shouldRefuseValuesThatCannotRun() {
        URI ws = URI.create("ws://127.0.0.1:7777/ws");
        assertThatThrownBy(() -> new LoadTestConfig(URI.create("http://x/ws"), 1, 0, 0, 1, true, 10, 1, DIR))
            .hasMessageContaining("--url");
        assertThatThrownBy(() -> new LoadTestConfig(ws, -1, 0, 0, 1, true, 10, 1, DIR)).hasMessage("--bots : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, -1, 0, 1, true, 10, 1, DIR)).hasMessageContaining("--ramp");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, 0, 0, 0, true, 10, 1, DIR)).hasMessageContaining("--duration");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, 0, 0, 1, true, 0, 1, DIR)).hasMessageContaining("--input-hz");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, 0, 0, 1, true, 61, 1, DIR)).hasMessageContaining("--input-hz");
    }

    @Test
    void shouldParseTheSpectateTargetAndRefuseWhatCannotBeWatched() {
        assertThat(LoadTestConfig.parseSpectateTarget("bot")).isNull();
        assertThat(LoadTestConfig.parseSpectateTarget("2000, 1500.5,100"))
            .isEqualTo(new dev.ludus.protocol.SpectateArea(2000, 1500.5, 100));
        for (String bad : new String[] {"player", "1,2", "1,2,3,4", "a,b,c", "1,2,0", "1,2,501"}) {
            assertThatThrownBy(() -> LoadTestConfig.parseSpectateTarget(bad)).as(bad)
                .hasMessageStartingWith("--spectate-target : " + bad + " (expected: bot, or X,Y,RADIUS");
        }
        URI ws = URI.create("ws://127.0.0.1:7777/ws");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, 0, 0, 1, true, 10, 1, DIR, true, null, -1, null, 0))
            .hasMessage("--spectators : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 0, 0, 0, 1, true, 10, 1, DIR, true, null, 5, null, 0))
            .hasMessageContaining("--spectate-target : bot with --bots 0");
        assertThatThrownBy(() -> new LoadTestConfig(ws, 1, 0, 0, 1, true, 10, 1, DIR, true, null, 5, null, 300_001))
            .hasMessageContaining("--spectate-delay : 300001");
    }
}
