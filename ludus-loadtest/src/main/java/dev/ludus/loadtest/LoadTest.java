package dev.ludus.loadtest;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import java.io.IOException;
import java.io.PrintStream;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs bots against a server and reports what the server's tick and the bots' snapshots did.
 *
 * <p>Phases: ramp (bots connect, evenly spread over the ramp), warm-up (bots scatter from the spawn
 * point), measurement. Every second each bot pings, and the test scrapes the server's {@code /metrics} and drains the bots'
 * latency histograms into one timeline row; every five seconds it prints a progress line. The
 * report keeps the whole timeline and summarises the measurement phase.
 *
 * <p>Bounded in time by the configuration; closes every bot at the end. Not reentrant.
 */
public final class LoadTest {
    private static final long SAMPLE_MILLIS = 1000;
    /** How often the ramp connects the bots now due, ms; the bots' own timers send their inputs. */
    private static final long RAMP_STEP_MILLIS = 20;
    /** Event loops of the bots' channels: the load generator shares its machine with the server. */
    private static final int EVENT_LOOPS = 2;
    /** Longest spread of the spectators' connections, seconds. */
    private static final int SPECTATOR_RAMP_SECONDS = 5;

    private final LoadTestConfig config;
    private final PrintStream progress;

    /**
     * @param config   what to run
     * @param progress where progress lines go (standard output for the CLI)
     */
    public LoadTest(LoadTestConfig config, PrintStream progress) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs the whole test and writes {@code report.json} and {@code report.html} into the report directory.
     *
     * @return the report
     * @throws IOException when the report cannot be written
     * @throws InterruptedException when interrupted; bots are closed first
     */
    public LoadReport run() throws IOException, InterruptedException {
        // The JDK client only scrapes /metrics; the bots speak WebSocket on Netty.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(EVENT_LOOPS,
            Thread.ofPlatform().daemon().name("bot-", 0).factory(), NioIoHandler.newFactory());
        try {
            return run(http, group);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private LoadReport run(HttpClient http, EventLoopGroup group) throws IOException, InterruptedException {
        ServerMetricsSampler sampler = new ServerMetricsSampler(http, config.httpBase());
        if (sampler.sample() == null) {
            throw new IOException("no server answers on " + config.httpBase().resolve("/metrics")
                + " (start one with ./ludus serve)");
        }
        JsonCodec json = new JsonCodec();
        ProtobufCodec protobuf = new ProtobufCodec();
        LatencyHistogram propagation = new LatencyHistogram();
        LatencyHistogram roundTrip = new LatencyHistogram();
        LatencyHistogram inputToAck = new LatencyHistogram();
        Bot.Counters counters = new Bot.Counters(config.bots());
        SplittableRandom seeds = new SplittableRandom(config.seed());
        List<Bot> bots = new ArrayList<>(config.bots());
        List<LoadReport.Row> timeline = new ArrayList<>();
        long[] measuredPropagation = new long[100_000];
        long[] measuredRoundTrip = new long[100_000];
        long[] measuredInputToAck = new long[100_000];
        long lastBytesIn = 0;
        LatencyHistogram spectatorLateness = new LatencyHistogram();
        long[] measuredSpectatorLateness = new long[100_000];
        SpectatorBot.Counters spectatorCounters = new SpectatorBot.Counters();
        List<SpectatorBot> spectators = new ArrayList<>(config.spectators());
        long lastSpectatorFrames = 0;
        long lastSpectatorBytes = 0;
        String runId = Long.toString(seeds.nextLong() & 0xffffffL, 36);

        long start = System.currentTimeMillis();
        long rampEnd = start + config.rampSeconds() * 1000L;
        long measureStart = rampEnd + config.warmupSeconds() * 1000L;
        long end = measureStart + config.durationSeconds() * 1000L;
        // Spectators connect once the bots are in, over the first seconds of the warm-up, all on one view.
        long spectatorRampMillis = Math.min(config.warmupSeconds(), SPECTATOR_RAMP_SECONDS) * 1000L;
        long inputIntervalMillis = Math.max(1, Math.round(1000 / config.inputHz()));
        long nextSample = start + SAMPLE_MILLIS;
        long nextProgress = start + 5000;
        long lastSnapshots = 0;
        progress.printf(Locale.ROOT, "load test: %d bots (%s%s)%s -> %s; ramp %d s, warm-up %d s, measure %d s%n",
            config.bots(), config.protobuf() ? "protobuf" : "json", config.deltas() ? ", deltas" : "",
            config.spectators() == 0 ? "" : String.format(Locale.ROOT, ", %d spectators of %s delayed %d ms", config.spectators(),
                config.spectateArea() == null ? "the first bot" : "area " + config.spectateArea(), config.spectateDelayMs()),
            config.server(),
            config.rampSeconds(),
            config.warmupSeconds(), config.durationSeconds());
        try {
            for (long now = start; now < end; now = System.currentTimeMillis()) {
                int due = config.rampSeconds() == 0 ? config.bots()
                    : (int) Math.min(config.bots(), (now - start) * config.bots() / Math.max(1, rampEnd - start) + 1);
                while (bots.size() < due) {
                    Bot bot = new Bot("bot-" + runId + "-" + bots.size(), config.protobuf(), config.deltas(), json,
                        protobuf, propagation, roundTrip, inputToAck, counters, seeds.nextLong(),
                        config.ackEachFrame() ? Bot.AckPolicy.EACH_FRAME : Bot.AckPolicy.WITH_INPUT, inputIntervalMillis,
                        measureStart);
                    bots.add(bot);
                    WebSocketClients.connect(group, config.server(), bot, true);
                }
                if (spectators.size() < config.spectators() && now >= rampEnd
                    // The first bot's id is written just after the join count moves: wait for the id itself.
                    && (config.spectateArea() != null || counters.entityIds.get(0) > 0)) {
                    int dueSpectators = spectatorRampMillis == 0 ? config.spectators()
                        : (int) Math.min(config.spectators(), (now - rampEnd) * config.spectators() / spectatorRampMillis + 1);
                    while (spectators.size() < dueSpectators) {
                        SpectatorBot spectator = new SpectatorBot(config.protobuf(), json, protobuf, counters.entityIds.get(0),
                            config.spectateArea(), config.spectateDelayMs(), spectatorLateness, spectatorCounters);
                        spectators.add(spectator);
                        WebSocketClients.connect(group, config.server(), spectator, true);
                    }
                }
                if (now >= nextSample) {
                    nextSample += SAMPLE_MILLIS;
                    long[] propagationBuckets = propagation.drain();
                    long[] roundTripBuckets = roundTrip.drain();
                    long[] inputToAckBuckets = inputToAck.drain();
                    long[] latenessBuckets = spectatorLateness.drain();
                    String phase = now < rampEnd ? "ramp" : now < measureStart ? "warmup" : "measure";
                    if (phase.equals("measure")) {
                        LatencyHistogram.addInto(measuredPropagation, propagationBuckets);
                        LatencyHistogram.addInto(measuredRoundTrip, roundTripBuckets);
                        LatencyHistogram.addInto(measuredInputToAck, inputToAckBuckets);
                        LatencyHistogram.addInto(measuredSpectatorLateness, latenessBuckets);
                    }
                    long spectatorFrames = spectatorCounters.frames.get();
                    long spectatorBytes = spectatorCounters.bytesIn.get();
                    long snapshots = counters.snapshots.get();
                    long bytesIn = counters.bytesIn.get();
                    ServerMetricsSampler.Sample server = sampler.sample();
                    timeline.add(new LoadReport.Row((now - start) / 1000.0, phase, playing(bots), snapshots - lastSnapshots,
                        LatencyHistogram.quantile(propagationBuckets, 0.5), LatencyHistogram.quantile(propagationBuckets, 0.99),
                        LatencyHistogram.quantile(roundTripBuckets, 0.5), LatencyHistogram.quantile(inputToAckBuckets, 0.5),
                        LatencyHistogram.quantile(inputToAckBuckets, 0.99), bytesIn - lastBytesIn, server,
                        spectatorCounters.watching.get(), spectatorFrames - lastSpectatorFrames, spectatorBytes - lastSpectatorBytes,
                        LatencyHistogram.quantile(latenessBuckets, 0.99)));
                    lastSpectatorFrames = spectatorFrames;
                    lastSpectatorBytes = spectatorBytes;
                    lastSnapshots = snapshots;
                    lastBytesIn = bytesIn;
                }
                if (now >= nextProgress) {
                    nextProgress += 5000;
                    LoadReport.Row row = timeline.isEmpty() ? null : timeline.getLast();
                    progress.printf(Locale.ROOT, "  %5.0f s  %-7s bots playing %5d  tick mean %s ms p99 %s ms  snapshot p99 %s ms"
                            + "  input->ack p99 %s ms%n",
                        (now - start) / 1000.0, row == null ? "" : row.phase(), playing(bots),
                        row == null || row.server() == null ? "-" : fmt(row.server().tickMeanMillis()),
                        row == null || row.server() == null ? "-" : fmt(row.server().tickP99Millis()),
                        row == null ? "-" : fmt(row.propagationP99Millis()), row == null ? "-" : fmt(row.inputToAckP99Millis()));
                    if (config.spectators() > 0 && row != null) {
                        progress.printf(Locale.ROOT, "         spectators watching %5d  frames %d/s  lateness p99 %s ms%n",
                            row.spectatorsWatching(), row.spectatorFrames(), fmt(row.spectatorLatenessP99Millis()));
                    }
                }
                long sleep = Math.min(RAMP_STEP_MILLIS, Math.max(1, nextSample - System.currentTimeMillis()));
                TimeUnit.MILLISECONDS.sleep(sleep);
            }
        } finally {
            for (Bot bot : bots) {
                bot.close();
            }
            for (SpectatorBot spectator : spectators) {
                spectator.close();
            }
        }
        LoadReport report = LoadReport.summarise(config, timeline, measuredPropagation, measuredRoundTrip,
            measuredInputToAck, counters, measuredSpectatorLateness, spectatorCounters);
        report.write(config.reportDir());
        progress.println(report.summaryText());
        progress.println("report: " + config.reportDir().resolve("report.html").toAbsolutePath());
        if (config.summaryFile() != null) {
            progress.println("summary: " + config.summaryFile().toAbsolutePath());
        }
        return report;
    }

    private static int playing(List<Bot> bots) {
        int count = 0;
        for (Bot bot : bots) {
            if (bot.isPlaying()) {
                count++;
            }
        }
        return count;
    }

    static String fmt(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
