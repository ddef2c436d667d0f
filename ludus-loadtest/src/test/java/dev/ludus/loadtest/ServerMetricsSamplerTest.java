package dev.ludus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsSamplerTest {

    @Test
    void shouldParsePrometheusTextSkippingCommentsAndOddLines() {
        Map<String, Double> values = ServerMetricsSampler.parse("""
            # HELP ludus_tick_duration_seconds Time to simulate one tick
            # TYPE ludus_tick_duration_seconds summary
            ludus_tick_duration_seconds{quantile="0.99"} 0.015
            ludus_tick_duration_seconds_count 70
            ludus_players 3.0
            garbage
            ludus_weird notanumber

            """);
        assertThat(values).containsEntry("ludus_tick_duration_seconds{quantile=\"0.99\"}", 0.015)
            .containsEntry("ludus_tick_duration_seconds_count", 70.0)
            .containsEntry("ludus_players", 3.0)
            .doesNotContainKey("ludus_weird")
            .hasSize(3);
    }
}
