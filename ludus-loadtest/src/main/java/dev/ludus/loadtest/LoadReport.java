package dev.ludus.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of a load test: a one-second timeline and a summary of the measurement phase, written
 * as {@code report.json} and as {@code report.html} with SVG charts (no scripts, opens offline).
 *
 * @param config                 what ran
 * @param botsPlaying            fewest bots in the world during measurement
 * @param tickMeanMillis         mean server tick duration during measurement, ms
 * @param tickP99Millis          highest 99th percentile of the server's tick duration (its 30 s window) seen during measurement, ms
 * @param tickMaxMillis          longest tick seen during measurement, ms
 * @param propagationP50Millis   median time from the start of a snapshot's tick to its arrival at a bot, ms
 * @param propagationP99Millis   99th percentile of the same, ms
 * @param propagationMaxMillis   the longest of the same, ms
 * @param inputToAckP50Millis    median time from a bot sending an input to the first frame whose {@code ackSeq}
 *                               covers it, ms (includes waiting for the next tick)
 * @param inputToAckP99Millis    99th percentile of the same, ms
 * @param inputToAckMaxMillis    the longest of the same, ms
 * @param bytesPerClientPerSecond bytes received per playing bot per second (all messages), measurement mean
 * @param roundTripP50Millis     median ping round trip, ms
 * @param snapshotsPerSecond     snapshots received per second by all bots together, measurement mean
 * @param meanSnapshotBytes      mean snapshot size, bytes, whole run
 * @param meanEntitiesPerSnapshot mean entities per snapshot, whole run
 * @param errors                 error messages received by bots
 * @param closedByServer         bots whose connection the server closed
 * @param inputsSkipped          inputs not sent because the bot's send buffer was full
 * @param tickRateHz             the server's tick rate from its welcome, 0 when no bot joined
 * @param timeline               one row per second
 * @param spectators             what the spectator connections saw (all zero without {@code --spectators})
 */
public record LoadReport(LoadTestConfig config, int botsPlaying, double tickMeanMillis, double tickP99Millis,
                         double tickMaxMillis, double propagationP50Millis, double propagationP99Millis,
                         double propagationMaxMillis, double inputToAckP50Millis, double inputToAckP99Millis,
                         double inputToAckMaxMillis, double bytesPerClientPerSecond, double roundTripP50Millis, double snapshotsPerSecond, double meanSnapshotBytes,
                         double meanEntitiesPerSnapshot, long errors, long closedByServer, long inputsSkipped,
                         int tickRateHz, List<Row> timeline, Spectators spectators) {

    /**
     * One second of the run.
     *
     * @param seconds              seconds since start
     * @param phase                ramp, warmup or measure
     * @param botsPlaying          bots in the world
     * @param snapshots            snapshots received in this second
     * @param propagationP50Millis median snapshot propagation in this second, ms (NaN when none)
     * @param propagationP99Millis 99th percentile of the same, ms
     * @param roundTripP50Millis   median ping round trip in this second, ms
     * @param inputToAckP50Millis  median input-to-ack latency in this second, ms (NaN when none)
     * @param inputToAckP99Millis  99th percentile of the same, ms
     * @param bytesIn              bytes all bots received in this second
     * @param server               the server's figures, or null when the scrape failed
     * @param spectatorsWatching   spectator connections the server accepted and still open
     * @param spectatorFrames      frames all spectators received in this second
     * @param spectatorBytesIn     bytes all spectators received in this second
     * @param spectatorLatenessP99Millis 99th percentile of the spectators' frame lateness beyond the delay in this
     *                             second, ms (NaN when none)
     */
    public record Row(double seconds, String phase, int botsPlaying, long snapshots, double propagationP50Millis,
                      double propagationP99Millis, double roundTripP50Millis, double inputToAckP50Millis,
                      double inputToAckP99Millis, long bytesIn, ServerMetricsSampler.Sample server, int spectatorsWatching,
                      long spectatorFrames, long spectatorBytesIn, double spectatorLatenessP99Millis) {
    }

    /**
     * The spectator connections of the run, over the measurement phase.
     *
     * @param requested                 spectators asked for
     * @param watching                  fewest spectators watching during measurement
     * @param framesPerSecond           frames received per second by all spectators together, measurement mean
     * @param bytesPerSpectatorPerSecond bytes received per watching spectator per second (frames and states)
     * @param latenessP50Millis         median arrival of a spectator frame after its tick start plus the delay, ms
     * @param latenessP99Millis         99th percentile of the same, ms
     * @param latenessMaxMillis         the longest of the same, ms
     * @param states                    aggregated states received, whole run
     * @param errors                    error messages received by spectators
     * @param closedByServer            spectators whose connection the server closed
     */
    public record Spectators(int requested, int watching, double framesPerSecond, double bytesPerSpectatorPerSecond,
                             double latenessP50Millis, double latenessP99Millis, double latenessMaxMillis, long states,
                             long errors, long closedByServer) {
    }

    /**
     * The short summary written with {@code --json} (issue 6's load-test contract).
     *
     * @param clients                 bots asked for
     * @param clientsPlaying          fewest bots in the world during measurement (a bot refused at login, or not
     *                                yet in by the end of the ramp, is asked for but not playing)
     * @param disconnects             bots whose connection the server closed
     * @param tickRate                the server's tick rate, Hz
     * @param propagationMillis       tick start to frame arrival, ms
     * @param inputToAckMillis        input sent to first frame acknowledging it, ms
     * @param bytesPerClientPerSecond bytes received per playing bot per second
     * @param snapshotsPerSecond      frames received per second by all bots together
     * @param format                  {@code protobuf} or {@code json}
     * @param deltas                  whether bots used delta frames
     * @param spectators              the spectator connections' figures
     */
    public record Summary(int clients, int clientsPlaying, long disconnects, int tickRate, Quantiles propagationMillis,
                          Quantiles inputToAckMillis, double bytesPerClientPerSecond, double snapshotsPerSecond,
                          String format, boolean deltas, Spectators spectators) {
    }

    /**
     * @param p50 median, ms
     * @param p99 99th percentile, ms
     * @param max maximum, ms
     */
    public record Quantiles(double p50, double p99, double max) {
    }

    /** @return the short summary */
    public Summary summary() {
        return new Summary(config.bots(), botsPlaying, closedByServer, tickRateHz,
            new Quantiles(propagationP50Millis, propagationP99Millis, propagationMaxMillis),
            new Quantiles(inputToAckP50Millis, inputToAckP99Millis, inputToAckMaxMillis), bytesPerClientPerSecond,
            snapshotsPerSecond, config.protobuf() ? "protobuf" : "json", config.deltas(), spectators);
    }

    static LoadReport summarise(LoadTestConfig config, List<Row> timeline, long[] propagation, long[] roundTrip,
                                long[] inputToAck, Bot.Counters counters, long[] spectatorLateness,
                                SpectatorBot.Counters spectatorCounters) {
        List<Row> measured = timeline.stream().filter(r -> r.phase().equals("measure")).toList();
        int botsPlaying = measured.stream().mapToInt(Row::botsPlaying).min().orElse(0);
        double tickMean = mean(measured, r -> r.server() == null ? Double.NaN : r.server().tickMeanMillis());
        double tickP99 = max(measured, r -> r.server() == null ? Double.NaN : r.server().tickP99Millis());
        double tickMax = max(measured, r -> r.server() == null ? Double.NaN : r.server().tickMaxMillis());
        double snapshotsPerSecond = mean(measured, r -> r.snapshots());
        double bytesPerClient = mean(measured, r -> r.botsPlaying() == 0 ? Double.NaN : (double) r.bytesIn() / r.botsPlaying());
        long snapshots = counters.snapshots.get();
        Spectators spectators = new Spectators(config.spectators(),
            measured.stream().mapToInt(Row::spectatorsWatching).min().orElse(0),
            config.spectators() == 0 ? 0 : mean(measured, r -> r.spectatorFrames()),
            config.spectators() == 0 ? 0 : mean(measured, r -> r.spectatorsWatching() == 0 ? Double.NaN
                : (double) r.spectatorBytesIn() / r.spectatorsWatching()),
            LatencyHistogram.quantile(spectatorLateness, 0.5), LatencyHistogram.quantile(spectatorLateness, 0.99),
            LatencyHistogram.quantile(spectatorLateness, 1.0), spectatorCounters.states.get(), spectatorCounters.errors.get(),
            spectatorCounters.closedByServer.get());
        return new LoadReport(config, botsPlaying, tickMean, tickP99, tickMax,
            LatencyHistogram.quantile(propagation, 0.5), LatencyHistogram.quantile(propagation, 0.99),
            LatencyHistogram.quantile(propagation, 1.0), LatencyHistogram.quantile(inputToAck, 0.5),
            LatencyHistogram.quantile(inputToAck, 0.99), LatencyHistogram.quantile(inputToAck, 1.0), bytesPerClient,
            LatencyHistogram.quantile(roundTrip, 0.5), snapshotsPerSecond,
            snapshots == 0 ? 0 : (double) counters.snapshotBytes.get() / snapshots,
            snapshots == 0 ? 0 : (double) counters.entitiesSeen.get() / snapshots,
            counters.errors.get(), counters.closedByServer.get(), counters.inputsSkipped.get(),
            counters.tickRateHz.get(), timeline, spectators);
    }

    private static double mean(List<Row> rows, ToDoubleFunction<Row> value) {
        return rows.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double max(List<Row> rows, ToDoubleFunction<Row> value) {
        return rows.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** @return the summary as a few lines of text */
    public String summaryText() {
        return playersText() + (spectators.requested() == 0 ? "" : String.format(Locale.ROOT,
            "%n  spectators          %d watching of %d (closed by server: %d, errors: %d), %.0f frames per second in all"
                + "%n  spectator frames    lateness beyond the delay p50 %s ms, p99 %s ms, max %s ms; %.0f bytes per spectator "
                + "per second; %d states",
            spectators.watching(), spectators.requested(), spectators.closedByServer(), spectators.errors(),
            spectators.framesPerSecond(), LoadTest.fmt(spectators.latenessP50Millis()), LoadTest.fmt(spectators.latenessP99Millis()),
            LoadTest.fmt(spectators.latenessMaxMillis()), spectators.bytesPerSpectatorPerSecond(), spectators.states()));
    }

    private String playersText() {
        return String.format(Locale.ROOT, """
            summary (measurement phase, %d s):
              bots playing        %d (closed by server: %d, errors: %d)
              server tick         mean %s ms, p99 %s ms, max %s ms
              snapshot propagation p50 %s ms, p99 %s ms, max %s ms (tick start -> arrival at bot)
              input -> ack        p50 %s ms, p99 %s ms, max %s ms (input sent -> first frame whose ackSeq covers it)
              ping round trip     p50 %s ms
              snapshots           %.0f per second, mean %.0f bytes, %.1f entities
              bandwidth           %.0f bytes per client per second (%s%s)""",
            config.durationSeconds(), botsPlaying, closedByServer, errors, LoadTest.fmt(tickMeanMillis),
            LoadTest.fmt(tickP99Millis), LoadTest.fmt(tickMaxMillis), LoadTest.fmt(propagationP50Millis),
            LoadTest.fmt(propagationP99Millis), LoadTest.fmt(propagationMaxMillis), LoadTest.fmt(inputToAckP50Millis),
            LoadTest.fmt(inputToAckP99Millis), LoadTest.fmt(inputToAckMaxMillis), LoadTest.fmt(roundTripP50Millis),
            snapshotsPerSecond, meanSnapshotBytes, meanEntitiesPerSnapshot, bytesPerClientPerSecond,
            config.protobuf() ? "protobuf" : "json", config.deltas() ? ", deltas" : ", full snapshots");
    }

    /**
     * Writes {@code report.json} and {@code report.html}.
     *
     * @param dir created when missing
     * @throws IOException when a file cannot be written
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("report.json"), mapper.writeValueAsString(this), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
        if (config.summaryFile() != null) {
            Path parent = config.summaryFile().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(config.summaryFile(), mapper.writeValueAsString(summary()), StandardCharsets.UTF_8);
        }
    }

    String html() {
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Ludus load test</title>")
            .append("<style>body{font-family:sans-serif;margin:2em;max-width:960px}pre{background:#f4f4f4;padding:1em}")
            .append("svg{border:1px solid #ddd;margin:.5em 0}</style></head><body>")
            .append("<h1>Ludus load test</h1><pre>").append(escape(summaryText())).append("</pre>");
        page.append("<h2>Server tick duration (ms)</h2>");
        List<Series> tickSeries = new java.util.ArrayList<>(List.of(
            new Series("mean", "#1f77b4", r -> r.server() == null ? Double.NaN : r.server().tickMeanMillis()),
            new Series("p99 (30 s window)", "#d62728", r -> r.server() == null ? Double.NaN : r.server().tickP99Millis())));
        if (tickRateHz > 0) {
            tickSeries.add(new Series("tick budget", "#999999", r -> 1000.0 / tickRateHz));
        }
        page.append(chart(tickSeries));
        page.append("<h2>Bots playing</h2>");
        page.append(chart(List.of(new Series("bots", "#2ca02c", r -> r.botsPlaying()))));
        page.append("<h2>Snapshot propagation, tick start to arrival (ms)</h2>");
        page.append(chart(List.of(
            new Series("p50", "#1f77b4", Row::propagationP50Millis),
            new Series("p99", "#d62728", Row::propagationP99Millis))));
        page.append("<h2>Input to acknowledgement (ms)</h2>");
        page.append(chart(List.of(
            new Series("p50", "#1f77b4", Row::inputToAckP50Millis),
            new Series("p99", "#d62728", Row::inputToAckP99Millis))));
        if (spectators.requested() > 0) {
            page.append("<h2>Spectators: frame lateness beyond the delay (ms)</h2>");
            page.append(chart(List.of(new Series("p99", "#d62728", Row::spectatorLatenessP99Millis))));
            page.append("<h2>Spectators watching and their frames per second</h2>");
            page.append(chart(List.of(new Series("watching", "#2ca02c", r -> r.spectatorsWatching()),
                new Series("frames/s", "#1f77b4", r -> r.spectatorFrames()))));
        }
        page.append("<h2>Bytes received per client per second</h2>");
        page.append(chart(List.of(new Series("bytes/s", "#9467bd",
            r -> r.botsPlaying() == 0 ? Double.NaN : (double) r.bytesIn() / r.botsPlaying()))));
        page.append("<p>Phases: ramp until the bots are connected, warm-up while they scatter from the spawn point, ")
            .append("then measurement. Configuration: <code>").append(escape(config.toString())).append("</code></p>");
        page.append("</body></html>\n");
        return page.toString();
    }

    private record Series(String label, String colour, ToDoubleFunction<Row> value) {
    }

    private String chart(List<Series> series) {
        int width = 900;
        int height = 220;
        int left = 50;
        int bottom = 25;
        double maxX = timeline.isEmpty() ? 1 : Math.max(1, timeline.getLast().seconds());
        double maxY = 0;
        for (Series s : series) {
            maxY = Math.max(maxY, max(timeline, s.value()));
        }
        maxY = Double.isNaN(maxY) || maxY <= 0 ? 1 : maxY * 1.1;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"12\" font-size=\"11\">%.1f</text>", maxY));
        svg.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"11\">0</text>", height - bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f s</text>", width - 40, height - 5, maxX));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
            left, height - bottom, width, height - bottom));
        // Dashed lines where the warm-up and the measurement begin.
        String previous = timeline.isEmpty() ? "" : timeline.getFirst().phase();
        for (Row row : timeline) {
            if (!row.phase().equals(previous)) {
                double px = left + (width - left - 10) * row.seconds() / maxX;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" "
                    + "stroke-dasharray=\"4,3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#777\">%s</text>",
                    px, px, height - bottom, px + 3, height - bottom - 4, row.phase()));
                previous = row.phase();
            }
        }
        int legendX = left + 10;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (Row row : timeline) {
                double v = s.value().applyAsDouble(row);
                if (Double.isNaN(v)) {
                    continue;
                }
                double px = left + (width - left - 10) * row.seconds() / maxX;
                double py = (height - bottom) - (height - bottom - 10) * v / maxY;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(s.colour())
                .append("\" points=\"").append(points).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-size=\"12\" fill=\"%s\">%s</text>",
                legendX, s.colour(), escape(s.label())));
            legendX += 20 + 8 * s.label().length();
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
