package dev.ludus.server;

import dev.ludus.net.Gateway;
import dev.ludus.server.audit.AuditLogReplaySource;
import dev.ludus.server.audit.AuditLogReplayer;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ludus replay LOG}: re-simulates a recorded world and checks every tick's state hash; with
 * {@code --serve}, serves the recorded game to spectators, who seek to any tick (docs/protocol.md §18.4).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-simulates a world from its audit log and checks every tick's state hash.",
        "The world is rebuilt from the header; each tick's recorded commands are submitted in order",
        "and the tick runs with its recorded time. Signatures are not checked here: run verify.",
        "With --serve, serves the recorded game on /ws to spectators instead: each spectate with",
        "\"replay\":{\"fromTick\":T} and an area re-simulates up to T, then streams at the recorded pace.",
        "Exit status: 0 every state hash matches (--serve: stopped by SIGTERM); 1 a tick's hash differs or",
        "an entry is unreadable (the line and tick are named); 2 the file cannot be read, or bad options."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", description = "the audit log, e.g. data/audit/world-42-20260101T000000Z.ludlog")
    Path log;

    @Option(names = "--workers", defaultValue = "1",
        description = "threads of the replaying world, 1 to 256; the hashes do not depend on it (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--serve", description = "serve the recorded game to spectators on /ws instead of checking it")
    boolean serve;

    @Option(names = "--port", defaultValue = "7777", description = "with --serve: TCP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "with --serve: bind address (default ${DEFAULT-VALUE})")
    String bind;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (workers < 1 || workers > 256) {
            err.println("replay: --workers : " + workers + " (expected: 1 to 256)");
            return 2;
        }
        if (!Files.isRegularFile(log)) {
            err.println("replay: LOG : " + log + " (expected: an audit log file)");
            return 2;
        }
        if (serve) {
            return serve(out, err);
        }
        AuditLogReplayer.Result result;
        try {
            result = new AuditLogReplayer(workers, out::println, System::nanoTime).replay(log);
        } catch (IOException e) {
            err.println("replay: cannot read " + log + " (" + e + ")");
            return 2;
        }
        AuditLogReplayer.Summary summary = result.summary();
        if (!result.ok()) {
            err.println("replay: FAILED " + log + " after " + summary.ticks() + " matching ticks");
            err.println("replay: " + result.problem());
            return 1;
        }
        out.println("replay: " + summary.ticks() + " ticks replayed, all state hashes match (last " + summary.lastHash()
            + ", " + summary.commands() + " commands" + (summary.errors() > 0 ? ", " + summary.errors()
            + " failed units of work, as recorded" : "") + ")");
        if (summary.endReason() == null) {
            err.println("replay: warning: the log has no end entry (its writer never closed it)");
        }
        return 0;
    }

    /** Serves the log to spectators until SIGTERM or Ctrl-C. */
    private int serve(PrintStream out, PrintStream err) throws InterruptedException {
        AuditLogReplaySource source;
        try {
            source = new AuditLogReplaySource(log);
        } catch (IOException e) {
            err.println("replay: cannot serve " + log + " (" + e.getMessage() + ")");
            return 2;
        }
        java.util.Map<String, Object> overrides = new java.util.LinkedHashMap<>();
        overrides.put("server.port", port);
        overrides.put("server.bind-address", bind);
        LudusConfig config = new ConfigLoader().load(null, System.getenv(), overrides);
        // The gateway's own world is never ticked: every spectator replays the log in a world of its own.
        Simulation idle = new Simulation(source.world(), new dev.ludus.sim.world.GameRules() {
            @Override
            public void populate(dev.ludus.sim.world.World world, java.util.random.RandomGenerator random) {
            }

            @Override
            public void onTick(dev.ludus.sim.world.RegionTick region) {
            }
        }, SimulationListener.NONE);
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        Gateway gateway = new Gateway(config.gateway(), config.netcode(), idle, () -> true, registry::scrape, registry,
            System::nanoTime);
        gateway.replays(source);
        java.net.InetSocketAddress address;
        try {
            address = gateway.start();
        } catch (java.io.UncheckedIOException e) {
            idle.close();
            err.println("replay: " + e.getMessage());
            return 1;
        }
        out.println("replay: serving " + log + " (" + source.ticks() + " ticks) on ws://" + address.getHostString() + ":"
            + address.getPort() + "/ws; spectate with \"replay\":{\"fromTick\":0 to " + (source.ticks() - 1) + "}");
        java.util.concurrent.CountDownLatch stopRequested = new java.util.concurrent.CountDownLatch(1);
        if (!TerminationSignals.install(stopRequested::countDown)) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stopRequested::countDown));
        }
        stopRequested.await();
        gateway.close();
        idle.close();
        return 0;
    }
}
