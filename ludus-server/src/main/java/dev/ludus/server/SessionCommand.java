package dev.ludus.server;

import dev.ludus.loadtest.ResumeBench;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus session}: tools for sessions. */
@Command(name = "session", mixinStandardHelpOptions = true, description = "Session tools (docs/protocol.md §19).",
    subcommands = SessionCommand.Bench.class)
final class SessionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    /** {@code ludus session bench}: drop and resume players against a running server, measuring resume latency. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Players fight, then one after another lose their connection (TCP closed, no WebSocket close) and",
            "resume on a new one. Measures from the resume message to the first snapshot, and checks that every",
            "player's numbered events arrive exactly once, in order, across its connections.",
            "Start the server first (./ludus serve); it needs a grace window (LUDUS_SESSION_GRACE_MILLIS > 0, the default)."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "ws://127.0.0.1:7777/ws", description = "server WebSocket URL (default ${DEFAULT-VALUE})")
        URI url;

        @Option(names = "--clients", defaultValue = "200", description = "players (default ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--cycles", defaultValue = "5", description = "drops and resumes per player (default ${DEFAULT-VALUE})")
        int cycles;

        @Option(names = "--json", defaultValue = "target/session-bench/summary.json",
            description = "JSON summary; resume-report.html goes beside it (default ${DEFAULT-VALUE})")
        Path json;

        @Override
        public Integer call() throws Exception {
            if (clients < 2 || cycles < 1) {
                throw new ConfigException(java.util.List.of("--clients : " + clients + ", --cycles : " + cycles
                    + " (expected: at least 2 players and 1 cycle)"));
            }
            var summary = new ResumeBench(url, clients, cycles, System.out).run(json);
            return ((Long) summary.get("eventsOutOfOrder")) == 0 ? 0 : 1;
        }
    }
}
