package dev.ludus.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ludus} command line: {@code serve}, {@code loadtest}, {@code simulate}, {@code verify},
 * {@code replay}, {@code anticheat}, {@code ledger}, {@code help}.
 * The {@code ./ludus} launcher adds {@code test} and {@code bench}, which run Maven and JMH.
 */
@Command(name = "ludus", mixinStandardHelpOptions = true, versionProvider = Ludus.Version.class,
    description = "Ludus: an authoritative real-time multiplayer game server.",
    subcommands = {ServeCommand.class, LoadTestCommand.class, SimulateCommand.class, VerifyCommand.class,
        ReplayCommand.class, AnticheatCommand.class, LedgerCommand.class, ActivityCommand.class, SessionCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Launcher-only commands (./ludus):",
        "  test      Runs the whole test suite (mvn verify).",
        "  bench     Runs the JMH benchmarks (arguments go to JMH)."})
public final class Ludus implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs a subcommand and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a subcommand without exiting the JVM (for tests).
     *
     * @param args the command line
     * @return the exit status: 0 success, 1 failure, 2 bad usage or configuration
     */
    public static int run(String... args) {
        return new CommandLine(new Ludus()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof java.io.IOException || e instanceof dev.ludus.platform.ledger.LedgerStoreException
                || e instanceof dev.ludus.platform.activity.ActivityStoreException) {
                // A file or a database that cannot be used (LUDUS_DB_URL unreachable): its message, not a stack trace.
                commandLine.getErr().println("ludus: " + e.getMessage());
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                // A malformed setting read from the environment (e.g. LUDUS_DB_URL).
                commandLine.getErr().println("ludus: " + e.getMessage());
                return 2;
            }
            throw e;
        }).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Ludus.class.getPackage().getImplementationVersion();
            return new String[] {"ludus " + (version == null ? "development build" : version)};
        }
    }
}
