package dev.ludus.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a load test does. Immutable.
 *
 * @param server          the server's WebSocket endpoint, e.g. {@code ws://127.0.0.1:7777/ws}
 * @param bots            simulated players, {@code >= 0} (0 only samples the server)
 * @param rampSeconds     seconds over which the bots connect, evenly spread, {@code >= 0}
 * @param warmupSeconds   seconds after the ramp before measuring (bots scatter from the spawn point), {@code >= 0}
 * @param durationSeconds seconds of measurement, {@code >= 1}
 * @param protobuf        whether bots speak protobuf (binary frames) rather than JSON (text frames)
 * @param inputHz         inputs per second per bot, {@code > 0} and at most 60
 * @param seed            seed of the bots' choices (headings, timing)
 * @param reportDir       where {@code report.json} and {@code report.html} are written
 * @param deltas          whether bots log in with {@code deltas} and acknowledge every frame (as a delta client does)
 * @param summaryFile     where the short JSON summary ({@code clients}, {@code disconnects}, latencies, ...) goes,
 *                        or null for none
 */
public record LoadTestConfig(URI server, int bots, int rampSeconds, int warmupSeconds, int durationSeconds,
                             boolean protobuf, double inputHz, long seed, Path reportDir, boolean deltas,
                             Path summaryFile) {

    /**
     * A test with delta bots and no separate summary file.
     *
     * @param server          the WebSocket endpoint
     * @param bots            simulated players
     * @param rampSeconds     seconds to connect them
     * @param warmupSeconds   seconds before measuring
     * @param durationSeconds seconds of measurement
     * @param protobuf        binary frames rather than JSON
     * @param inputHz         inputs per second per bot
     * @param seed            seed of the bots' choices
     * @param reportDir       where the reports go
     */
    public LoadTestConfig(URI server, int bots, int rampSeconds, int warmupSeconds, int durationSeconds,
                          boolean protobuf, double inputHz, long seed, Path reportDir) {
        this(server, bots, rampSeconds, warmupSeconds, durationSeconds, protobuf, inputHz, seed, reportDir, true, null);
    }

    /** @throws IllegalArgumentException naming the first value out of range */
    public LoadTestConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reportDir, "reportDir");
        if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
            throw new IllegalArgumentException("--url : " + server + " (expected: ws:// or wss://)");
        }
        if (bots < 0) {
            throw new IllegalArgumentException("--bots : " + bots + " (expected: >= 0)");
        }
        if (rampSeconds < 0 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--ramp/--warmup : " + rampSeconds + "/" + warmupSeconds + " (expected: >= 0)");
        }
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("--duration : " + durationSeconds + " (expected: >= 1)");
        }
        if (!(inputHz > 0 && inputHz <= 60)) {
            throw new IllegalArgumentException("--input-hz : " + inputHz + " (expected: > 0 and <= 60)");
        }
    }

    /** @return the server's HTTP base, e.g. {@code http://127.0.0.1:7777}, for {@code /metrics} */
    public URI httpBase() {
        String scheme = "wss".equals(server.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + server.getRawAuthority());
    }
}
