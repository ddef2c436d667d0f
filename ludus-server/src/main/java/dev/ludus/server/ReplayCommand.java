package dev.ludus.server;

import dev.ludus.server.audit.AuditLogReplayer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ludus replay LOG}: re-simulates a recorded world and checks every tick's state hash. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-simulates a world from its audit log and checks every tick's state hash.",
        "The world is rebuilt from the header; each tick's recorded commands are submitted in order",
        "and the tick runs with its recorded time. Signatures are not checked here: run verify.",
        "Exit status: 0 every state hash matches; 1 a tick's hash differs or an entry is unreadable",
        "(the line and tick are named); 2 the file cannot be read, or bad options."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", description = "the audit log, e.g. data/audit/world-42-20260101T000000Z.ludlog")
    Path log;

    @Option(names = "--workers", defaultValue = "1",
        description = "threads of the replaying world, 1 to 256; the hashes do not depend on it (default ${DEFAULT-VALUE})")
    int workers;

    @Override
    public Integer call() {
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
}
