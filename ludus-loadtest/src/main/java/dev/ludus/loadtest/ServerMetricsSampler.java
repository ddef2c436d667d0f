package dev.ludus.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the server's Prometheus text from {@code /metrics} and turns two successive scrapes into the
 * mean tick duration between them, plus the server's own windowed percentiles.
 */
final class ServerMetricsSampler {
    private final HttpClient http;
    private final URI metrics;
    private double lastSum = Double.NaN;
    private double lastCount = Double.NaN;

    ServerMetricsSampler(HttpClient http, URI httpBase) {
        this.http = http;
        this.metrics = httpBase.resolve("/metrics");
    }

    /** One scrape, reduced to the figures the report plots. */
    record Sample(double tickMeanMillis, double tickP50Millis, double tickP99Millis, double tickMaxMillis,
                  double players, double entities, double snapshotsDropped) {
    }

    /**
     * @return the figures now, with the tick mean over the time since the previous call (NaN the
     *     first time or when no tick completed), or null when the server did not answer
     */
    Sample sample() {
        Map<String, Double> values;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            values = parse(response.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        double sum = values.getOrDefault("ludus_tick_duration_seconds_sum", Double.NaN);
        double count = values.getOrDefault("ludus_tick_duration_seconds_count", Double.NaN);
        double mean = count > lastCount ? (sum - lastSum) / (count - lastCount) * 1000 : Double.NaN;
        lastSum = sum;
        lastCount = count;
        return new Sample(mean,
            values.getOrDefault("ludus_tick_duration_seconds{quantile=\"0.5\"}", Double.NaN) * 1000,
            values.getOrDefault("ludus_tick_duration_seconds{quantile=\"0.99\"}", Double.NaN) * 1000,
            values.getOrDefault("ludus_tick_duration_seconds_max", Double.NaN) * 1000,
            values.getOrDefault("ludus_players", Double.NaN),
            values.getOrDefault("ludus_entities", Double.NaN),
            values.getOrDefault("ludus_snapshots_dropped_total", Double.NaN));
    }

    /** Parses Prometheus text exposition lines {@code name{labels} value} into a map; comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                values.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
            } catch (NumberFormatException e) {
                // A value we do not plot (NaN spelled differently, exemplars); skip the line.
            }
        }
        return values;
    }
}
