package dev.ludus.loadtest;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.SpectateArea;
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
 * @param deltas          whether bots log in with {@code deltas} and acknowledge the frames they receive (as a delta client does)
 * @param summaryFile     where the short JSON summary ({@code clients}, {@code disconnects}, latencies, ...) goes,
 *                        or null for none
 * @param spectators      spectator connections, {@code >= 0}, all on one view; they connect after the ramp, spread
 *                        over the first seconds of the warm-up (at most 5)
 * @param spectateArea    the area they watch, or null to follow the first bot that joined
 * @param spectateDelayMs the view's delay, milliseconds, 0 to 300,000
 * @param ackEachFrame    whether delta bots acknowledge after every socket read that brought a frame, in a message
 *                        of its own (at the frame rate), rather than with each input in the same write (at the input
 *                        rate, as Quake III's client acknowledges in every command packet)
 */
public record LoadTestConfig(URI server, int bots, int rampSeconds, int warmupSeconds, int durationSeconds,
                             boolean protobuf, double inputHz, long seed, Path reportDir, boolean deltas,
                             Path summaryFile, int spectators, SpectateArea spectateArea, long spectateDelayMs,
                             boolean ackEachFrame) {

    /** The spectators' delay when none is given: long enough to exercise the view's history, short for a run. */
    public static final long DEFAULT_SPECTATE_DELAY_MS = 1_000;

    /**
     * A test whose bots acknowledge with each input.
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
     * @param deltas          whether bots use delta frames
     * @param summaryFile     the short JSON summary's file, or null
     * @param spectators      spectator connections on one view
     * @param spectateArea    the area they watch, or null to follow the first bot
     * @param spectateDelayMs the view's delay, ms
     */
    public LoadTestConfig(URI server, int bots, int rampSeconds, int warmupSeconds, int durationSeconds,
                          boolean protobuf, double inputHz, long seed, Path reportDir, boolean deltas, Path summaryFile,
                          int spectators, SpectateArea spectateArea, long spectateDelayMs) {
        this(server, bots, rampSeconds, warmupSeconds, durationSeconds, protobuf, inputHz, seed, reportDir, deltas,
            summaryFile, spectators, spectateArea, spectateDelayMs, false);
    }

    /**
     * A test without spectators.
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
     * @param deltas          whether bots use delta frames
     * @param summaryFile     the short JSON summary's file, or null
     */
    public LoadTestConfig(URI server, int bots, int rampSeconds, int warmupSeconds, int durationSeconds,
                          boolean protobuf, double inputHz, long seed, Path reportDir, boolean deltas, Path summaryFile) {
        this(server, bots, rampSeconds, warmupSeconds, durationSeconds, protobuf, inputHz, seed, reportDir, deltas,
            summaryFile, 0, null, DEFAULT_SPECTATE_DELAY_MS);
    }

    /**
     * Parses {@code --spectate-target}: {@code bot} (the first bot that joined) or an area {@code X,Y,RADIUS} in metres.
     *
     * @param text the option's value
     * @return the area, or null for {@code bot}
     * @throws IllegalArgumentException naming the option when the text is neither
     */
    public static SpectateArea parseSpectateTarget(String text) {
        if ("bot".equals(text)) {
            return null;
        }
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 3) {
                return new SpectateArea(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                    Double.parseDouble(parts[2].trim()));
            }
        } catch (NumberFormatException | dev.ludus.protocol.ProtocolException e) {
            // reported below
        }
        throw new IllegalArgumentException("--spectate-target : " + text + " (expected: bot, or X,Y,RADIUS in metres with a "
            + "radius of " + SpectateArea.MIN_RADIUS_METRES + " to " + SpectateArea.MAX_RADIUS_METRES + ")");
    }

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
        if (spectators < 0) {
            throw new IllegalArgumentException("--spectators : " + spectators + " (expected: >= 0)");
        }
        if (spectators > 0 && spectateArea == null && bots == 0) {
            throw new IllegalArgumentException("--spectate-target : bot with --bots 0 (expected: an area X,Y,RADIUS, or bots)");
        }
        if (spectateDelayMs < 0 || spectateDelayMs > ClientMessage.Spectate.MAX_DELAY_MS) {
            throw new IllegalArgumentException("--spectate-delay : " + spectateDelayMs + " (expected: 0 to "
                + ClientMessage.Spectate.MAX_DELAY_MS + " ms)");
        }
    }

    /** @return the server's HTTP base, e.g. {@code http://127.0.0.1:7777}, for {@code /metrics} */
    public URI httpBase() {
        String scheme = "wss".equals(server.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + server.getRawAuthority());
    }
}
