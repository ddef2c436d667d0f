package dev.ludus.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus serve}: runs the server on its embedded defaults until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs the server: WebSocket on /ws, /health/live, /health/ready, /metrics and the ledger's",
        "REST API under /v1/ (Authorization: Bearer $LUDUS_ADMIN_KEY) on one port.",
        "Configuration: defaults < --config file < LUDUS_* environment < options below."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file")
    Path configFile;

    @Option(names = "--port", description = "TCP port (default 7777; 0 picks a free one)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "bind address (default 127.0.0.1)")
    String bind;

    @Option(names = "--npcs", description = "number of NPCs in the reference world (default 10000)")
    Integer npcs;

    @Option(names = "--audit-dir", paramLabel = "DIR",
        description = "where the world's audit log and the signing key go (default ./data/audit; audit.dir)")
    Path auditDir;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
        description = "where the ledger's H2 database goes unless LUDUS_DB_URL names another (default ./data)")
    Path dataDir;

    @Option(names = "--spawn-square", paramLabel = "METRES",
        description = "players spawn uniformly over a square of this side centred on the spawn point, clipped to "
            + "the world, instead of the spawn disc (world.spawn.square-metres; default 0: the disc)")
    Double spawnSquareMetres;

    @Option(names = "--no-audit", description = "write no audit log (audit.enabled = false), e.g. for benchmarks")
    boolean noAudit;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (port != null) {
            overrides.put("server.port", port);
        }
        if (bind != null) {
            overrides.put("server.bind-address", bind);
        }
        if (npcs != null) {
            overrides.put("arena.npc-count", npcs);
        }
        if (auditDir != null) {
            overrides.put("audit.dir", auditDir.toString());
        }
        if (spawnSquareMetres != null) {
            overrides.put("world.spawn.square-metres", spawnSquareMetres);
        }
        if (noAudit) {
            overrides.put("audit.enabled", false);
        }
        LudusConfig config = new ConfigLoader().load(configFile, System.getenv(), overrides);
        LudusServer server = new LudusServer(config, dataDir, System.getenv());
        try {
            server.start();
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.io.UncheckedIOException e) {
            server.close();
            LOG.error(e.getMessage());
            return 1;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        if (!TerminationSignals.install(stopRequested::countDown)) {
            // No signal API: stop from a shutdown hook instead (the exit status is then 128 + signal).
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ludus-shutdown").unstarted(() -> stop(server)));
        }
        stopRequested.await();
        stop(server);
        return 0;
    }

    private static void stop(LudusServer server) {
        LOG.info("Shutting down: closing connections (1001) and stopping the tick");
        server.close();
        LOG.info("Stopped");
    }
}
