package dev.ludus.server;

import dev.ludus.loadtest.LoadReport;
import dev.ludus.loadtest.LoadTest;
import dev.ludus.loadtest.LoadTestConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus loadtest}: bots in this process against a server in another one. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = {"Runs bots against a running server and reports its tick time and snapshot latency.",
        "Start the server first (./ludus serve). Bots connect over --ramp, scatter during --warmup, and are",
        "measured for --duration; progress is printed every 5 s, then report.json and report.html are written."})
final class LoadTestCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:7777/ws", description = "server WebSocket URL (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = {"--clients", "--bots"}, defaultValue = "100",
        description = "number of bots (default ${DEFAULT-VALUE}; 0 only samples the server)")
    int bots;

    @Option(names = "--ramp", defaultValue = "10", description = "seconds to connect all bots (default ${DEFAULT-VALUE})")
    int rampSeconds;

    @Option(names = "--warmup", defaultValue = "30", description = "seconds of scatter before measuring (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = {"--seconds", "--duration"}, defaultValue = "60",
        description = "seconds of measurement (default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--format", defaultValue = "protobuf", description = "protobuf or json (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--input-hz", defaultValue = "10", description = "inputs per second per bot (default ${DEFAULT-VALUE})")
    double inputHz;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the bots' choices (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", defaultValue = "target/loadtest", description = "report directory (default ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--json", description = "also write the short JSON summary (clients, disconnects, tickRate, "
        + "propagationMillis, inputToAckMillis, bytesPerClientPerSecond, snapshotsPerSecond) to this file")
    Path summaryFile;

    @Option(names = "--deltas", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "bots log in with deltas and acknowledge the frames they receive (default ${DEFAULT-VALUE}; --no-deltas: full snapshots)")
    boolean deltas;

    @Option(names = "--ack-each-frame", description = "delta bots acknowledge after every read that brought a frame, "
        + "in a message of its own, instead of with each input in the same write (Quake III's client)")
    boolean ackEachFrame;

    @Option(names = "--spectators", defaultValue = "0",
        description = "spectator connections on one view, connected after the ramp (default ${DEFAULT-VALUE})")
    int spectators;

    @Option(names = "--spectate-target", defaultValue = "bot", paramLabel = "bot|X,Y,RADIUS",
        description = "what the spectators watch: the first bot that joined, or an area in metres (default ${DEFAULT-VALUE})")
    String spectateTarget;

    @Option(names = "--spectate-delay", defaultValue = "1000", paramLabel = "MS",
        description = "the spectators' delay, ms, 0 to 300000 (default ${DEFAULT-VALUE})")
    long spectateDelayMs;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("protobuf") && !format.equals("json")) {
            throw new ConfigException(java.util.List.of("--format : " + format + " (expected: protobuf or json)"));
        }
        LoadTestConfig config;
        try {
            config = new LoadTestConfig(url, bots, rampSeconds, warmupSeconds, durationSeconds,
                format.equals("protobuf"), inputHz, seed, reportDir, deltas, summaryFile, spectators,
                LoadTestConfig.parseSpectateTarget(spectateTarget), spectateDelayMs, ackEachFrame);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(java.util.List.of(e.getMessage()));
        }
        LoadReport report = new LoadTest(config, System.out).run();
        return report.closedByServer() == 0 && report.spectators().closedByServer() == 0 ? 0 : 1;
    }
}
