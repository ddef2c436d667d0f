package dev.ludus.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.arena.ArenaRules;
import dev.ludus.sim.world.PlanInputs;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Re-simulates a recorded world from its audit log and compares the state hash after every tick with
 * the recorded one (docs/audit-log.md, "Replaying"). The world is rebuilt from the header (the
 * recorded {@code WorldConfig}, seed included, and {@link ArenaRules} with the recorded
 * {@code ArenaConfig}); each tick's recorded commands are submitted in their recorded order (joins
 * with a link that drops what the world sends, updates with a reply that drops the result) and the
 * tick runs with its recorded time and, when the entry has one, its recorded load plan (the budget and
 * the learned prices of work the tick was planned with: decisions taken from measured time are inputs,
 * DESIGN.md §2). The simulation is deterministic for any number of workers given those, so every hash
 * matches unless the log or the code changed. A log without plans replays with the deterministic cost
 *  model and this replay's own budget (a log written before plans were recorded).
 *
 * <p>Replay does not check signatures: {@link AuditLogVerifier} does. Not thread-safe; one instance
 * per replay.
 */
public final class AuditLogReplayer {
    private final int workers;
    private final Consumer<String> progress;
    private final LongSupplier nanoClock;
    private final long progressIntervalNanos;

    /**
     * @param ticks        ticks replayed and matched
     * @param commands     commands submitted
     * @param lastHash     the state hash after the last tick replayed, 16 hex digits ("" before the first)
     * @param errors       failed units of work the simulation reported while replaying (as it did when recording)
     * @param endReason    the end entry's reason, or null when the log has none
     */
    public record Summary(long ticks, long commands, String lastHash, long errors, String endReason) {
    }

    /**
     * Why a replay stopped.
     *
     * @param line    the line of the log, from 1
     * @param code    a stable code: {@value #STATE_HASH_MISMATCH}, {@value #BAD_HEADER}, {@value #MALFORMED_ENTRY}
     * @param message what is wrong
     */
    public record Problem(long line, String code, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + code + ": " + message;
        }
    }

    /**
     * @param problem the first tick whose hash differs, or the first unreadable entry; null when all matched
     * @param summary what was replayed before it
     */
    public record Result(Problem problem, Summary summary) {
        /** @return whether every tick matched */
        public boolean ok() {
            return problem == null;
        }
    }

    /** A tick's replayed state hash differs from the recorded one. */
    public static final String STATE_HASH_MISMATCH = "state_hash_mismatch";
    /** The first line is not a valid header. */
    public static final String BAD_HEADER = "bad_header";
    /** A line is not a valid entry, or is out of tick order. */
    public static final String MALFORMED_ENTRY = "malformed_entry";

    /**
     * @param workers   threads of the replaying simulation, 1 to 256 (the result does not depend on it)
     * @param progress  receives a progress line about every 2 s
     * @param nanoClock a monotonic clock for the progress interval and the simulation's phase timings
     */
    public AuditLogReplayer(int workers, Consumer<String> progress, LongSupplier nanoClock) {
        this(workers, progress, nanoClock, 2_000_000_000L);
    }

    AuditLogReplayer(int workers, Consumer<String> progress, LongSupplier nanoClock, long progressIntervalNanos) {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("--workers : " + workers + " (expected: 1 to 256)");
        }
        this.workers = workers;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.progressIntervalNanos = progressIntervalNanos;
    }

    /**
     * @param file the log
     * @return the first mismatch or unreadable entry, or the summary of a replay where all matched
     * @throws IOException when the file cannot be read
     */
    public Result replay(Path file) throws IOException {
        long total = Files.size(file);
        Simulation simulation = null;
        AtomicLong errors = new AtomicLong();
        long commands = 0;
        String lastHash = "";
        String endReason = null;
        long nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
        try (LineReader reader = new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                long line = reader.lineNumber() + 1;
                try {
                    byte[] bytes = reader.next();
                    if (bytes == null) {
                        break;
                    }
                    JsonNode node = Json.parseObject(bytes);
                    String type = Json.textField(node, "type");
                    if (simulation == null) {
                        AuditHeader header;
                        try {
                            header = AuditHeader.read(node);
                        } catch (MalformedEntryException e) {
                            return new Result(new Problem(line, BAD_HEADER, e.getMessage()),
                                new Summary(0, 0, "", 0, null));
                        }
                        simulation = new Simulation(header.world(), new ArenaRules(header.arena()), new SimulationListener() {
                            @Override
                            public void onError(String context, Exception error) {
                                errors.incrementAndGet();
                            }
                        }, workers, nanoClock);
                        continue;
                    }
                    long done = simulation.completedTicks();
                    switch (type) {
                        case LogEntries.CMD -> {
                            requireTick(node, done);
                            simulation.submit(CommandCodec.read(Json.field(node, "cmd"), PlayerLink.DISCARD, result -> { }));
                            commands++;
                        }
                        case LogEntries.TICK -> {
                            requireTick(node, done);
                            long recorded = LogEntries.parseStateHash(Json.textField(node, "stateHash"));
                            PlanInputs plan = LogEntries.plan(node);
                            if (plan != null) {
                                simulation.replayPlan(plan);
                            }
                            simulation.tick(Json.longField(node, "timeMs"));
                            long replayed = simulation.stateHash();
                            if (replayed != recorded) {
                                return new Result(new Problem(line, STATE_HASH_MISMATCH,
                                    "tick " + done + ": the log records state hash "
                                        + LogEntries.stateHash(recorded) + ", the replay gives " + LogEntries.stateHash(replayed)),
                                    new Summary(done, commands, lastHash, errors.get(), null));
                            }
                            lastHash = LogEntries.stateHash(replayed);
                        }
                        case LogEntries.END -> endReason = Json.textField(node, "reason");
                        case LogEntries.HEAD -> {
                            // Signatures are verify's job.
                        }
                        default -> throw new MalformedEntryException("type : \"" + type + "\" (expected: cmd, tick, end or sth)");
                    }
                } catch (MalformedEntryException | RuntimeException e) {
                    long done = simulation == null ? 0 : simulation.completedTicks();
                    return new Result(new Problem(line, MALFORMED_ENTRY, String.valueOf(e.getMessage())),
                        new Summary(done, commands, lastHash, errors.get(), null));
                }
                if (nanoClock.getAsLong() >= nextProgress) {
                    progress.accept(String.format(Locale.ROOT, "replay: tick %d, %.0f%% of %d bytes",
                        simulation == null ? 0 : simulation.completedTicks(), 100.0 * reader.bytesRead() / Math.max(1, total),
                        total));
                    nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
                }
            }
            if (simulation == null) {
                return new Result(new Problem(1, BAD_HEADER, "the file has no header (it is empty)"),
                    new Summary(0, 0, "", 0, null));
            }
            return new Result(null, new Summary(simulation.completedTicks(), commands, lastHash, errors.get(), endReason));
        } finally {
            if (simulation != null) {
                simulation.close();
            }
        }
    }

    private static void requireTick(JsonNode node, long expected) throws MalformedEntryException {
        long tick = Json.longField(node, "tick");
        if (tick != expected) {
            throw new MalformedEntryException("tick " + tick + " where tick " + expected + " comes next");
        }
    }
}
