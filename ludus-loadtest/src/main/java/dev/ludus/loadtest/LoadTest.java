package dev.ludus.loadtest;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private static final int CALLBACK_THREADS = 4;

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
        // A small fixed pool: the JDK client's default executor grows a thread per busy socket.
        ExecutorService callbacks = Executors.newFixedThreadPool(CALLBACK_THREADS,
            Thread.ofPlatform().daemon().name("bot-", 0).factory());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();
        try {
            return run(http);
        } finally {
            callbacks.shutdownNow();
        }
    }

    private LoadReport run(HttpClient http) throws IOException, InterruptedException {
        ServerMetricsSampler sampler = new ServerMetricsSampler(http, config.httpBase());
        if (sampler.sample() == null) {
            throw new IOException("no server answers on " + config.httpBase().resolve("/metrics")
                + " (start one with ./ludus serve)");
        }
        JsonCodec json = new JsonCodec();
        ProtobufCodec protobuf = new ProtobufCodec();
        LatencyHistogram propagation = new LatencyHistogram();
        LatencyHistogram roundTrip = new LatencyHistogram();
        Bot.Counters counters = new Bot.Counters();
        SplittableRandom seeds = new SplittableRandom(config.seed());
        List<Bot> bots = new ArrayList<>(config.bots());
        List<LoadReport.Row> timeline = new ArrayList<>();
        long[] measuredPropagation = new long[100_000];
        long[] measuredRoundTrip = new long[100_000];
        String runId = Long.toString(seeds.nextLong() & 0xffffffL, 36);

        long start = System.currentTimeMillis();
        long rampEnd = start + config.rampSeconds() * 1000L;
        long measureStart = rampEnd + config.warmupSeconds() * 1000L;
        long end = measureStart + config.durationSeconds() * 1000L;
        long inputIntervalMillis = Math.max(1, Math.round(1000 / config.inputHz()));
        long nextSample = start + SAMPLE_MILLIS;
        long nextProgress = start + 5000;
        long lastSnapshots = 0;
        progress.printf(Locale.ROOT, "load test: %d bots (%s) -> %s; ramp %d s, warm-up %d s, measure %d s%n",
            config.bots(), config.protobuf() ? "protobuf" : "json", config.server(), config.rampSeconds(),
            config.warmupSeconds(), config.durationSeconds());
        try {
            for (long now = start; now < end; now = System.currentTimeMillis()) {
                int due = config.rampSeconds() == 0 ? config.bots()
                    : (int) Math.min(config.bots(), (now - start) * config.bots() / Math.max(1, rampEnd - start) + 1);
                while (bots.size() < due) {
                    Bot bot = new Bot("bot-" + runId + "-" + bots.size(), config.protobuf(), json, protobuf,
                        propagation, roundTrip, counters, seeds.nextLong());
                    bots.add(bot);
                    http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(config.server(), bot);
                }
                for (Bot bot : bots) {
                    bot.tick(now, measureStart);
                }
                if (now >= nextSample) {
                    nextSample += SAMPLE_MILLIS;
                    for (Bot bot : bots) {
                        bot.ping();
                    }
                    long[] propagationBuckets = propagation.drain();
                    long[] roundTripBuckets = roundTrip.drain();
                    String phase = now < rampEnd ? "ramp" : now < measureStart ? "warmup" : "measure";
                    if (phase.equals("measure")) {
                        LatencyHistogram.addInto(measuredPropagation, propagationBuckets);
                        LatencyHistogram.addInto(measuredRoundTrip, roundTripBuckets);
                    }
                    long snapshots = counters.snapshots.get();
                    ServerMetricsSampler.Sample server = sampler.sample();
                    timeline.add(new LoadReport.Row((now - start) / 1000.0, phase, playing(bots), snapshots - lastSnapshots,
                        LatencyHistogram.quantile(propagationBuckets, 0.5), LatencyHistogram.quantile(propagationBuckets, 0.99),
                        LatencyHistogram.quantile(roundTripBuckets, 0.5), server));
                    lastSnapshots = snapshots;
                }
                if (now >= nextProgress) {
                    nextProgress += 5000;
                    LoadReport.Row row = timeline.isEmpty() ? null : timeline.getLast();
                    progress.printf(Locale.ROOT, "  %5.0f s  %-7s bots playing %5d  tick mean %s ms p99 %s ms  snapshot p99 %s ms%n",
                        (now - start) / 1000.0, row == null ? "" : row.phase(), playing(bots),
                        row == null || row.server() == null ? "-" : fmt(row.server().tickMeanMillis()),
                        row == null || row.server() == null ? "-" : fmt(row.server().tickP99Millis()),
                        row == null ? "-" : fmt(row.propagationP99Millis()));
                }
                long sleep = Math.min(inputIntervalMillis, Math.max(1, nextSample - System.currentTimeMillis()));
                TimeUnit.MILLISECONDS.sleep(sleep);
            }
        } finally {
            for (Bot bot : bots) {
                bot.close();
            }
        }
        LoadReport report = LoadReport.summarise(config, timeline, measuredPropagation, measuredRoundTrip, counters);
        report.write(config.reportDir());
        progress.println(report.summaryText());
        progress.println("report: " + config.reportDir().resolve("report.html").toAbsolutePath());
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
