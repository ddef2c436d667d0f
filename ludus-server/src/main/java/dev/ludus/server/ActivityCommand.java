package dev.ludus.server;

import dev.ludus.arena.ArenaActivities;
import dev.ludus.arena.ArenaCatalogue;
import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.activity.TaskDefinition;
import dev.ludus.platform.activity.Notice;
import dev.ludus.platform.ledger.Grant;
import dev.ludus.platform.ledger.LedgerAudit;
import dev.ludus.platform.ledger.LedgerListener;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.Receipt;
import dev.ludus.platform.ledger.RetryPolicy;
import dev.ludus.store.JdbcActivityStore;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.SettlementFloorBench;
import dev.ludus.store.StoreConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus activity bench}: settles a burst of idle tasks that all end in the same second. */
@Command(name = "activity", mixinStandardHelpOptions = true,
    description = "Idle activities: benchmark the settling of tasks (docs/activities.md).",
    subcommands = {ActivityCommand.Bench.class, ActivityCommand.Floor.class})
final class ActivityCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ludus activity bench}. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Stores --tasks running tasks (one per player, the reference game's chop_wood) that all end",
            "at the same millisecond, starts the activity lane on a manual clock, moves the clock past that",
            "moment and measures the time until every task is settled: reward computed, credited through the",
            "ledger in settlements of --settlement tasks (each task under its key activity:<taskId>), task and",
            "notices saved. Then checks exactly-once: each task's key credited once in the journal, a second",
            "credit of a sample (alone) replayed, and the ledger's audit. The database is a",
            "fresh H2 file in a temporary directory, or LUDUS_DB_URL (use a scratch database)."})
    static final class Bench implements Callable<Integer> {
        /** Most tasks of one burst: about 300 bytes each in the lane, plus the bench's own bookkeeping. */
        static final int MAX_TASKS = 2_000_000;

        @Option(names = "--tasks", defaultValue = "100000", description = "tasks ending together, 1 to 2000000 (default 100000)")
        int tasks;

        @Option(names = "--in-flight", defaultValue = "20000", description = "most credits waiting for the ledger (default 20000)")
        int inFlight;

        @Option(names = "--settlement", defaultValue = "1000",
            description = "tasks credited in one ledger transaction, 1 to 5000 (default 1000; 1: one transaction per task)")
        int settlementMax;

        @Option(names = "--warmup", defaultValue = "0",
            description = {"tasks of a first burst, settled and checked the same way before the measured one (default 0: the",
                "measured burst is the process's first, its code still being compiled)"})
        int warmup;

        @Option(names = "--ledger", defaultValue = "database", paramLabel = "database|memory",
            description = {"where credits go: the ledger on the same database (default), or an in-memory ledger store,",
                "to measure the activity lane and its store without the ledger's commit path"})
        String ledgerKind;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            if (settlementMax < 1 || settlementMax > 5000 || inFlight < 1 || warmup < 0 || warmup > MAX_TASKS || tasks < 1
                || tasks > MAX_TASKS) {
                System.err.println("activity bench: --tasks : " + tasks + ", --settlement : " + settlementMax + ", --in-flight : "
                    + inFlight + ", --warmup : " + warmup + " (expected: 1 to " + MAX_TASKS + " tasks, 1 to 5000 tasks a settlement, "
                    + "at least 1 credit in flight, a warm-up of 0 to " + MAX_TASKS + " tasks)");
                return 2;
            }
            try (ScratchDatabase database = ScratchDatabase.open("ludus-activity-bench")) {
                return run(out, database.config());
            }
        }

        private int run(PrintStream out, StoreConfig config) throws Exception {
            out.printf("activity bench: %s, %d tasks, %d cores, %d MiB heap%n", config.describe(), tasks,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            String run = Long.toString(System.currentTimeMillis(), 36);
            try (JdbcLedgerStore ledgerStore = JdbcLedgerStore.open(config);
                 JdbcActivityStore activityStore = JdbcActivityStore.open(config)) {
                if (!ledgerKind.equals("database") && !ledgerKind.equals("memory")) {
                    System.err.println("activity bench: --ledger : " + ledgerKind + " (expected: database or memory)");
                    return 2;
                }
                dev.ludus.platform.ledger.LedgerStore credits = ledgerKind.equals("memory")
                    ? new dev.ludus.platform.ledger.InMemoryLedgerStore() : ledgerStore;
                out.println("  ledger: " + (ledgerKind.equals("memory") ? "in memory (the activity lane and its store alone)"
                    : "on the same database"));
                LedgerService ledger = new LedgerService(credits, new ArenaCatalogue(), LedgerService.Settings.DEFAULT,
                    LedgerListener.NONE);
                ledger.start();
                try {
                    if (warmup > 0) {
                        out.printf("warm-up: a burst of %d tasks first, so that the measured one runs on compiled code, as on a server "
                            + "that has settled before%n", warmup);
                        if (measure(out, run + "w", warmup, ledger, credits, activityStore) != 0) {
                            return 1;
                        }
                        out.println("measured burst:");
                    }
                    return measure(out, run, tasks, ledger, credits, activityStore);
                } finally {
                    ledger.close();
                }
            }
        }

        /** Stores {@code tasks} running tasks of new players, settles them and checks them; 0 when every check passed. */
        private int measure(PrintStream out, String run, int tasks, LedgerService ledger, dev.ludus.platform.ledger.LedgerStore ledgerStore,
                            JdbcActivityStore activityStore) throws Exception {
            // The checks count this burst's credits: those in journal entries after the head as it is now.
            long journalBefore = ledgerStore.head().seq();
            ArenaActivities rules = new ArenaActivities();
            TaskDefinition chop = rules.task("chop_wood").orElseThrow();
            long startMs = System.currentTimeMillis();
            long endMs = startMs + chop.unitDurationMs();
            long setupNs = System.nanoTime();
            out.printf("setup: registering %d players and storing %d running tasks ending at %d...%n", tasks, tasks, endMs);
            List<CompletableFuture<Void>> registrations = new ArrayList<>(tasks);
            long[] last = activityStore.lastIds();
            List<ActivityTask> batch = new ArrayList<>();
            java.util.SplittableRandom ids = new java.util.SplittableRandom();
            for (int i = 0; i < tasks; i++) {
                String player = "b" + run + "_" + i;
                registrations.add(ledger.registerPlayer(player));
                // Ids made as the lane makes them (time-ordered), so the tables look as they would after real requests.
                ActivityTask task = new ActivityTask(ActivityTask.newId(startMs, last[0] + 1 + i, ids), last[0] + 1 + i, player, chop.id(), 1,
                    ActivityTask.State.QUEUED, i, startMs, chop.unitDurationMs(), -1, -1, 0, 0, 0, false, 0, "");
                batch.add(task.started(startMs, endMs, 5, 10, 1.25));
                if (batch.size() == 10_000 || i == tasks - 1) {
                    activityStore.save(batch, List.of(), List.of(), Map.of());
                    batch.clear();
                }
                if (registrations.size() == 16 || i == tasks - 1) {
                    // A bounded number at a time, each retried: the ledger's read pool has 4 connections and a
                    // 500 ms timeout, which a busy shared machine exceeds now and then.
                    for (int r = 0; r < registrations.size(); r++) {
                        String name = "b" + run + "_" + (i - registrations.size() + 1 + r);
                        CompletableFuture<Void> registration = registrations.get(r);
                        for (int attempt = 0; ; attempt++) {
                            try {
                                registration.join();
                                break;
                            } catch (java.util.concurrent.CompletionException e) {
                                if (attempt == 20) {
                                    throw e;
                                }
                                Thread.sleep(50);
                                registration = ledger.registerPlayer(name);
                            }
                        }
                    }
                    registrations.clear();
                }
            }
            AtomicLong clock = new AtomicLong(endMs - 1);
            RetryPolicy backoff = new RetryPolicy(1, 10_000_000L, 1_000_000_000L);
            ActivityService service = new ActivityService(activityStore, rules, ledger, new ActivityService.Settings(1.0,
                10, inFlight, backoff, backoff, backoff, 1, settlementMax), clock::get,
                nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
            long loadNs = System.nanoTime();
            service.start();
            out.printf(Locale.ROOT, "  setup %.1f s; the lane loaded %d active tasks in %.2f s%n", (loadNs - setupNs) / 1e9,
                service.activeTasks(), (System.nanoTime() - loadNs) / 1e9);
            try {
                out.printf("settling %d tasks due at the same millisecond...%n", tasks);
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                clock.set(endMs);
                long lastCount = 0;
                long nextReportNs = t0 + 1_000_000_000L;
                while (service.tasksCompleted() + service.tasksFailed() < tasks) {
                    Thread.sleep(5);
                    if (System.nanoTime() >= nextReportNs) {
                        long now = service.tasksCompleted();
                        out.printf("  ... %d settled (+%d in the last second), %d credit retries%n", now, now - lastCount,
                            service.creditRetries());
                        lastCount = now;
                        nextReportNs += 1_000_000_000L;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
                out.printf(Locale.ROOT, "  settled: %d completed, %d failed in %.2f s = %.0f tasks/s (target: %d within 2 s: %s)%n",
                    service.tasksCompleted(), service.tasksFailed(), seconds, tasks / seconds, tasks, seconds <= 2 ? "met" : "NOT met");
                out.printf("  ledger: %d settlements of at most %d tasks, %d tasks credited alone%n", service.settlements(),
                    settlementMax, service.creditsAlone());
                // On a shared machine wall time depends on the neighbours; the process's CPU time does much less.
                out.printf(Locale.ROOT, "  cpu: %.2f s of process CPU time while settling = %.1f us per task; load average %.2f%n",
                    cpuSeconds, cpuSeconds * 1e6 / tasks, os.getSystemLoadAverage());
            } finally {
                service.close();
            }
            Set<String> keys = new HashSet<>();
            long[] counts = new long[2];
            String prefix = "activity:";
            ledgerStore.forEachEntry(entry -> {
                if (entry.seq() <= journalBefore) {
                    return;
                }
                boolean any = false;
                for (String key : entry.creditedKeys()) {
                    if (key.startsWith(prefix)) {
                        counts[0]++;
                        keys.add(key);
                        any = true;
                    }
                }
                counts[1] += any ? 1 : 0;
            });
            int sample = Math.min(1000, tasks);
            int replayed = 0;
            List<ActivityTask> active = activityStore.activeTasks();
            for (int i = 0; i < sample; i++) {
                String player = "b" + run + "_" + i;
                ActivityTask task = activityStore.tasksOf(player).getFirst();
                List<Grant> grants = new ArrayList<>();
                Notice.parseGrants(task.result()).forEach((asset, amount) ->
                    grants.add(new Grant(dev.ludus.platform.ledger.Asset.parse(asset), amount)));
                Receipt again = ledger.reward("activity:" + task.id(), player, "activity:" + task.task(), grants).join();
                replayed += again.replayed() ? 1 : 0;
            }
            LedgerAudit.Report audit = LedgerAudit.run(ledgerStore);
            boolean exact = counts[0] == tasks && keys.size() == tasks && replayed == sample && active.isEmpty();
            out.printf("  exactly once: %d credits for %d tasks (%d distinct keys) in %d journal entries; %d of %d repeated credits "
                + "replayed; %d tasks left active: %s%n", counts[0], tasks, keys.size(), counts[1], replayed, sample, active.size(),
                exact ? "OK" : "FAILED");
            out.println("  audit: " + (audit.ok() ? "OK, " + audit.entries() + " entries" : "FAILED " + audit.violation().get().message()));
            return exact && audit.ok() ? 0 : 1;
        }
    }

    /** {@code ludus activity floor}: the database alone writing what settling a burst cannot avoid. */
    @Command(name = "floor", mixinStandardHelpOptions = true,
        description = {"The yardstick of 'activity bench': how long the database alone takes to write the four rows",
            "per task that settling cannot avoid (the task's end, the offline player's notice, the credit's",
            "idempotency key, the player's balance), with none of Ludus's own work, in scratch tables floor_*",
            "with the real tables' key types and indexes. The database is a fresh H2 file in a temporary",
            "directory, or LUDUS_DB_URL (use a scratch database)."})
    static final class Floor implements Callable<Integer> {
        @Option(names = "--tasks", defaultValue = "100000", description = "tasks settled (default 100000)")
        int tasks;

        @Option(names = "--form", paramLabel = "batch|multirow|unnest|copy",
            description = {"how the rows are written: JDBC batches of one-row statements, multi-row INSERT and MERGE",
                "(500 rows a statement), one statement per kind with the columns as arrays (UNNEST: what the stores",
                "use), or PostgreSQL's COPY; default the fastest measured: copy on PostgreSQL, multirow on H2"})
        String form;

        @Option(names = "--writers", defaultValue = "2", description = "connections writing in parallel, 2 (as the two lanes) or 4 (default 2)")
        int writers;

        @Option(names = "--chunk", defaultValue = "20000", description = "rows of each kind per database transaction (default 20000)")
        int chunk;

        @Option(names = "--fillfactor", defaultValue = "100",
            description = "PostgreSQL only: fill factor of the two updated tables, 10 to 100 (default 100, PostgreSQL's)")
        int fillfactor;

        @Option(names = "--rounds", defaultValue = "3", description = "measurements in this JVM, the tables made afresh for each (default 3)")
        int rounds;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            SettlementFloorBench.Form named = null;
            if (form != null) {
                try {
                    named = SettlementFloorBench.Form.valueOf(form.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    System.err.println("activity floor: --form : " + form + " (expected: batch, multirow, unnest or copy)");
                    return 2;
                }
            }
            if (rounds < 1) {
                System.err.println("activity floor: --rounds : " + rounds + " (expected: at least 1)");
                return 2;
            }
            try (ScratchDatabase database = ScratchDatabase.open("ludus-activity-floor")) {
                StoreConfig config = database.config();
                SettlementFloorBench.Form chosen = named != null ? named : SettlementFloorBench.fastestFor(config.url());
                out.printf("activity floor: %s, %d tasks, %d cores%n", config.describe(), tasks, Runtime.getRuntime().availableProcessors());
                SettlementFloorBench.Result best = null;
                for (int round = 1; round <= rounds; round++) {
                    SettlementFloorBench.Result result;
                    try {
                        result = SettlementFloorBench.run(config, tasks, chosen, writers, Math.min(chunk, tasks), fillfactor,
                            line -> out.println("  " + line));
                    } catch (IllegalArgumentException e) {
                        System.err.println("activity floor: " + e.getMessage());
                        return 2;
                    }
                    String writersDone = result.writerSeconds().stream()
                        .map(seconds -> String.format(Locale.ROOT, "%.2f s", seconds)).collect(java.util.stream.Collectors.joining(", "));
                    out.printf(Locale.ROOT, "  round %d: %d tasks x 4 rows in %.2f s = %.0f tasks/s (writers done at %s); checked: every "
                        + "task completed, every notice and key once, every balance credited once%n", round, result.tasks(),
                        result.seconds(), result.throughput(), writersDone);
                    out.printf(Locale.ROOT, "  round %d cpu: the machine's %d cores %.2f busy on average (every process, the database "
                        + "server's too); this JVM %.2f s%n", round, Runtime.getRuntime().availableProcessors(), result.busyCores(),
                        result.processSeconds());
                    if (best == null || result.seconds() < best.seconds()) {
                        best = result;
                    }
                }
                out.printf(Locale.ROOT, "floor: %.2f s at best = %.0f tasks/s (%s, %d writers, fill factor %d); the settling target "
                    + "(%d tasks within 2 s) needs %.0f tasks/s%n", best.seconds(), best.throughput(), best.form(), best.writers(),
                    best.fillfactor(), tasks, tasks / 2.0);
                return 0;
            }
        }
    }
}
