package dev.ludus.server;

import dev.ludus.arena.ArenaCatalogue;
import dev.ludus.platform.ledger.LedgerAudit;
import dev.ludus.platform.ledger.LedgerListener;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.LedgerStoreException;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.RawInsertBench;
import dev.ludus.store.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus ledger audit|bench}: checks the ledger's books, or measures its commit rate. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "The ledger of purchases and rewards: audit its books, benchmark its commits.",
    subcommands = {LedgerCommand.Audit.class, LedgerCommand.Bench.class})
final class LedgerCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ludus ledger audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Checks the ledger: the journal's hash chain (every entry recomputed and linked to the one",
            "before, no gaps, the recorded head), the zero sum of every transaction per asset, no player",
            "balance below zero, and every balance against its postings. The database is the H2 file in",
            "--data-dir, or LUDUS_DB_URL. With H2, stop the server first (the file is locked while it runs).",
            "Exit status: 0 the books are sound; 1 a violation (the first one is named); 2 the database cannot be read."})
    static final class Audit implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "the server's data directory (default ./data)")
        Path dataDir;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            PrintStream err = System.err;
            StoreConfig config;
            try {
                config = StoreConfig.fromEnvironment(System.getenv(), dataDir);
            } catch (IllegalArgumentException e) {
                err.println("ledger audit: " + e.getMessage());
                return 2;
            }
            if (config.url().startsWith("jdbc:h2:file:") && !Files.isRegularFile(dataDir.resolve("ledger.mv.db"))) {
                err.println("ledger audit: --data-dir : " + dataDir + " (expected: a directory with ledger.mv.db)");
                return 2;
            }
            try (JdbcLedgerStore store = JdbcLedgerStore.open(config)) {
                LedgerAudit.Report report = LedgerAudit.run(store);
                if (report.violation().isPresent()) {
                    err.println("ledger audit: FAILED " + store.describe());
                    err.println("ledger audit: " + report.violation().get().message());
                    return 1;
                }
                out.println("ledger audit: OK " + store.describe());
                out.printf("  %d journal entries, hash chain intact to the head; %d balances match their postings%n",
                    report.entries(), report.accounts());
                return 0;
            } catch (LedgerStoreException e) {
                err.println("ledger audit: " + e.getMessage());
                return 2;
            }
        }
    }

    /** {@code ludus ledger bench}. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the ledger: the database's raw durable insert rate (a JDBC loop), then",
            "committed purchases per second with many concurrent buyers, then commit latency at a fixed rate.",
            "The database is a fresh H2 file in a temporary directory, or LUDUS_DB_URL (its ledger tables",
            "receive the benchmark's transactions: use a scratch database)."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "10", description = "length of each phase (default 10)")
        int seconds;

        @Option(names = "--clients", defaultValue = "64", description = "concurrent buyers in the throughput phase (default 64)")
        int clients;

        @Option(names = "--rate", defaultValue = "1000", description = "purchases per second in the latency phase (default 1000)")
        int rate;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            if (seconds < 1 || seconds > 3600 || clients < 1 || clients > 10_000 || rate < 1 || (long) rate * seconds > 10_000_000) {
                // As the activity commands answer bad options: the ranges on stderr, status 2.
                System.err.println("ledger bench: --seconds : " + seconds + ", --clients : " + clients + ", --rate : " + rate
                    + " (expected: 1 to 3600 s a phase, 1 to 10000 buyers, a rate of at least 1 a second and at most "
                    + "10,000,000 purchases in the latency phase)");
                return 2;
            }
            try (ScratchDatabase database = ScratchDatabase.open("ludus-ledger-bench")) {
                return measure(out, database.config());
            }
        }

        private int measure(PrintStream out, StoreConfig config) throws Exception {
            out.println("ledger bench: " + config.describe() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
            try (JdbcLedgerStore store = JdbcLedgerStore.open(config)) {
                out.printf("raw inserts (1 row + commit per loop, %d connections, %d s)...%n", config.writePoolSize(), seconds);
                double raw = RawInsertBench.insertsPerSecond(config, seconds * 1000L, config.writePoolSize());
                out.printf(Locale.ROOT, "  raw: %.0f inserts/s%n", raw);
                LedgerService ledger = new LedgerService(store, new ArenaCatalogue(), LedgerService.Settings.DEFAULT,
                    LedgerListener.NONE);
                ledger.start();
                try {
                    for (int i = 0; i < clients; i++) {
                        ledger.registerPlayer("bench" + i).join();
                    }
                    String run = Long.toString(System.currentTimeMillis(), 36);
                    double purchases = throughput(out, ledger, run);
                    out.printf(Locale.ROOT, "  purchases: %.0f committed/s, %.2f of raw%n", purchases, purchases / raw);
                    latency(out, ledger, run);
                } finally {
                    ledger.close();
                }
                LedgerAudit.Report report = LedgerAudit.run(store);
                out.println("  audit after the run: " + (report.ok() ? "OK, " + report.entries() + " entries"
                    : "FAILED " + report.violation().get().message()));
                return report.ok() ? 0 : 1;
            }
        }

        private double throughput(PrintStream out, LedgerService ledger, String run) throws InterruptedException {
            out.printf("purchases, %d concurrent buyers, %d s...%n", clients, seconds);
            AtomicLong committed = new AtomicLong();
            long endNs = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> buyers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                buyers.add(Thread.ofVirtual().start(() -> {
                    for (long i = 0; System.nanoTime() < endNs; i++) {
                        ledger.purchase("bench-" + run + "-" + client + "-" + i, "bench" + client, "gems_100",
                            PaymentPath.PAYMENT_PROVIDER).join();
                        committed.incrementAndGet();
                    }
                }));
            }
            long startNs = System.nanoTime();
            progress(out, committed, endNs);
            for (Thread buyer : buyers) {
                buyer.join();
            }
            return committed.get() * 1e9 / (System.nanoTime() - startNs);
        }

        private void latency(PrintStream out, LedgerService ledger, String run) throws InterruptedException {
            out.printf("latency at %d purchases/s, %d s...%n", rate, seconds);
            int total = rate * seconds;
            long[] latencies = new long[total];
            List<CompletableFuture<?>> pending = new ArrayList<>(total);
            AtomicLong committed = new AtomicLong();
            long startNs = System.nanoTime();
            Thread progress = Thread.ofVirtual().start(() -> progress(out, committed, startNs + seconds * 1_000_000_000L));
            for (int i = 0; i < total; i++) {
                long dueNs = startNs + i * 1_000_000_000L / rate;
                long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(waitNs);
                }
                int index = i;
                long sentNs = System.nanoTime();
                pending.add(ledger.purchase("lat-" + run + "-" + i, "bench" + (i % clients), "gems_100", PaymentPath.PAYMENT_PROVIDER)
                    .thenRun(() -> {
                        latencies[index] = System.nanoTime() - sentNs;
                        committed.incrementAndGet();
                    }));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            progress.join();
            Arrays.sort(latencies);
            out.printf(Locale.ROOT, "  latency at %d/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", rate,
                latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6, latencies[total - 1] / 1e6);
        }

        private static void progress(PrintStream out, AtomicLong committed, long endNs) {
            long last = 0;
            while (System.nanoTime() < endNs) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = committed.get();
                out.printf("  ... %d committed (+%d in the last second)%n", now, now - last);
                last = now;
            }
        }
    }
}
