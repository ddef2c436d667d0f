package dev.ludus.server.audit;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.sim.audit.CompactMerkleTree;
import dev.ludus.sim.audit.MerkleProofs;
import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.audit.SignedTreeHead;
import dev.ludus.sim.audit.TreeHeadSigner;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlanInputs;
import dev.ludus.sim.world.TickJournal;
import dev.ludus.sim.world.WorldConfig;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one world's tamper-evident audit log (docs/audit-log.md): the {@link TickJournal} a
 * simulation calls after every tick.
 *
 * <p><b>Threads.</b> {@link #onTick} runs on the tick thread: it copies the tick's commands into a
 * record, offers it to a bounded queue and returns; it never blocks and never throws. One writer
 * thread ({@code ludus-audit}) encodes each entry, appends its hash to the Merkle tree, writes it,
 * and every {@link AuditSettings#signedHeadIntervalTicks()} ticks signs a tree head and flushes.
 * {@link #close()} (any thread, after the last tick) writes the end entry and a final signed head,
 * flushes, fsyncs and waits for the writer.
 *
 * <p><b>Failures never stop the game.</b> When the queue is full (the disk cannot keep up) the log
 * stops at the last queued tick: the writer drains the queue, then writes an end entry with reason
 * {@code queue_overflow} and a final signed head, so the log stays verifiable and replayable up to
 * there; later ticks are counted in {@link #ticksDropped()}. When a write fails, recording stops,
 * the error is logged and counted in {@link #writeErrors()}, and the file ends without an end entry
 * (verify reports it as not closed). Both are logged once at WARN or ERROR.
 *
 * <p>Memory: the queue (at most {@link AuditSettings#queueTicks()} ticks of commands) and a
 * {@link CompactMerkleTree}: constant however long the log.
 */
public final class AuditLogWriter implements TickJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLogWriter.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC);
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

    private final Path path;
    private final OutputStream out;
    private final Syncer syncer;
    private final TreeHeadSigner signer;
    private final int headInterval;
    private final BlockingQueue<TickRecord> queue;
    private final Thread thread;
    private final Json.Buffer buffer = new Json.Buffer();
    private final CompactMerkleTree tree = new CompactMerkleTree();
    private final ByteArrayOutputStream leavesSinceHead = new ByteArrayOutputStream();
    private final long startedAtMs;

    /** Whether the tick thread still queues ticks: false after an overflow, a failure or close. */
    private volatile boolean accepting = true;
    private volatile boolean overflowed;
    private volatile boolean closeRequested;
    /** Set by the writer thread when a write failed, before it drains the queue for the last time. */
    private volatile boolean failed;
    private volatile long lastQueuedTick = -1;
    private final AtomicLong ticksDropped = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private volatile long entries;
    private volatile long signedHeads;
    private volatile long ticksRecorded;
    private volatile String endReason;

    // Writer thread only.
    /** Whether a tick was taken from the queue and is not completely written yet. */
    private boolean tickInHand;
    private long lastTimeMs;
    private boolean firstHead = true;

    /** Flushes written bytes to the storage device (fsync). */
    @FunctionalInterface
    interface Syncer {
        void sync() throws IOException;
    }

    /** One tick as the tick thread hands it over: its own copy of the commands. */
    private record TickRecord(long tick, long timeMs, Command[] commands, long stateHash, PlanInputs plan) {
    }

    AuditLogWriter(Path path, OutputStream out, Syncer syncer, KeyPair keys, AuditHeader header, int queueTicks) {
        this.path = Objects.requireNonNull(path, "path");
        this.out = Objects.requireNonNull(out, "out");
        this.syncer = Objects.requireNonNull(syncer, "syncer");
        this.signer = new TreeHeadSigner(keys);
        this.headInterval = header.signedHeadIntervalTicks();
        this.startedAtMs = header.startedAtMs();
        this.lastTimeMs = startedAtMs;
        this.queue = new ArrayBlockingQueue<>(queueTicks);
        try {
            appendLeaf(Json.line(buffer, header::write));
            out.flush();
        } catch (IOException e) {
            throw new AuditLogException("cannot write the audit log " + path + " (" + e + ")", e);
        }
        this.thread = Thread.ofPlatform().name("ludus-audit").daemon().unstarted(this::drain);
        thread.start();
    }

    /**
     * Opens a new log for one world under {@code settings.dir()}: creates the directory and the server
     * key when missing, creates {@code world-<seed>-<yyyyMMdd'T'HHmmss'Z'>.ludlog} (with {@code -2},
     * {@code -3}, ... when that name is taken), writes the header and starts the writer thread.
     *
     * @param settings    where; {@link AuditSettings#enabled()} is not consulted
     * @param source      what writes it, {@code serve} or {@code simulate}
     * @param world       the world's configuration
     * @param arena       the game's configuration
     * @param startedAtMs now, Unix epoch milliseconds
     * @return the writer; attach it with {@code Simulation.journal} before the first tick
     * @throws AuditLogException naming the directory or file when it cannot be created or written
     */
    public static AuditLogWriter open(AuditSettings settings, String source, WorldConfig world, ArenaConfig arena,
                                      long startedAtMs) {
        Path dir = settings.dir().toAbsolutePath().normalize();
        KeyPair keys;
        FileChannel channel;
        Path file;
        try {
            Files.createDirectories(dir);
            keys = ServerKeyStore.loadOrCreate(dir);
            String base = "world-" + world.seed() + "-" + FILE_TIME.format(Instant.ofEpochMilli(startedAtMs));
            for (int n = 1; ; n++) {
                file = dir.resolve(base + (n == 1 ? "" : "-" + n) + ".ludlog");
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    break;
                } catch (FileAlreadyExistsException e) {
                    // A log of the same seed opened in the same second: take the next name.
                }
            }
        } catch (IOException | SecurityException e) {
            throw new AuditLogException("--audit-dir : " + dir + " (expected: a writable directory; " + e + ")", e);
        }
        AuditHeader header = new AuditHeader(ServerKeys.serverId(keys.getPublic()), keys.getPublic(), startedAtMs,
            source, version(), settings.signedHeadIntervalTicks(), world, arena);
        FileChannel opened = channel;
        try {
            return new AuditLogWriter(file, new BufferedOutputStream(Channels.newOutputStream(opened), 1 << 16),
                () -> opened.force(true), keys, header, settings.queueTicks());
        } catch (RuntimeException e) {
            try {
                opened.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String version() {
        String version = AuditLogWriter.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /**
     * Queues one tick without its plan (the tick entry gets no {@code plan} field); never blocks. Tick
     * thread only.
     *
     * @param tick         the tick just completed
     * @param serverTimeMs its time, Unix epoch milliseconds
     * @param commands     its commands in applied order; copied
     * @param stateHash    the state hash after it
     */
    @Override
    public void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash) {
        queue(tick, serverTimeMs, commands, stateHash, null);
    }

    /**
     * Queues one tick with the inputs of its load plan, written as the tick entry's {@code plan} field
     * so that a replay reproduces decisions taken from measured time; never blocks. Tick thread only.
     *
     * @param tick         the tick just completed
     * @param serverTimeMs its time, Unix epoch milliseconds
     * @param commands     its commands in applied order; copied
     * @param stateHash    the state hash after it
     * @param plan         what its load plan was decided from
     */
    @Override
    public void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash, PlanInputs plan) {
        queue(tick, serverTimeMs, commands, stateHash, plan);
    }

    private void queue(long tick, long serverTimeMs, List<Command> commands, long stateHash, PlanInputs plan) {
        if (!accepting) {
            if (!closeRequested) {
                ticksDropped.incrementAndGet();
            }
            return;
        }
        TickRecord record = new TickRecord(tick, serverTimeMs, commands.toArray(new Command[0]), stateHash, plan);
        if (queue.offer(record)) {
            lastQueuedTick = tick;
            // A failure between the check above and the offer: the writer has stopped and may already have drained
            // the queue for the last time. Exactly one of its drain and this removal takes the record, and counts it.
            if (failed && queue.remove(record)) {
                ticksDropped.incrementAndGet();
            }
            return;
        }
        accepting = false;
        overflowed = true;
        ticksDropped.incrementAndGet();
        LOG.warn("Audit log {}: the writer is {} ticks behind (the disk cannot keep up); the log ends after tick {}"
            + " with a signed end entry, and the game goes on unrecorded", path, queue.size(), lastQueuedTick);
    }

    /** The writer thread: drains the queue until close, overflow or failure. */
    private void drain() {
        try {
            while (true) {
                TickRecord record = queue.poll(100, TimeUnit.MILLISECONDS);
                if (record != null) {
                    tickInHand = true;
                    write(record);
                    tickInHand = false;
                } else if (overflowed) {
                    finish(LogEntries.QUEUE_OVERFLOW);
                    return;
                } else if (closeRequested) {
                    finish(LogEntries.CLOSED);
                    return;
                }
            }
        } catch (InterruptedException e) {
            fail(new IOException("the audit writer was interrupted"));
        } catch (IOException | RuntimeException e) {
            fail(e);
        } catch (Error e) {
            fail(new IOException(e.toString(), e));
            throw e;
        }
    }

    private void write(TickRecord record) throws IOException {
        for (Command command : record.commands()) {
            appendLeaf(LogEntries.cmd(buffer, record.tick(), command));
        }
        appendLeaf(LogEntries.tick(buffer, record.tick(), record.timeMs(), record.stateHash(), record.commands().length,
            record.plan()));
        ticksRecorded++;
        lastTimeMs = record.timeMs();
        if ((record.tick() + 1) % headInterval == 0) {
            signHead(record.timeMs());
        }
    }

    private void appendLeaf(byte[] line) throws IOException {
        out.write(line);
        out.write('\n');
        byte[] hash = MerkleProofs.hashLeaf(line);
        tree.appendLeafHash(hash);
        leavesSinceHead.write(hash);
        entries++;
    }

    private void signHead(long timestampMs) throws IOException {
        SignedTreeHead head = signer.sign(tree.size(), Math.max(0, timestampMs), tree.root());
        List<byte[]> consistency = firstHead ? null : tree.consistencyProofFromMark();
        out.write(LogEntries.head(buffer, head, consistency, leavesSinceHead.toByteArray()));
        out.write('\n');
        out.flush();
        tree.mark();
        leavesSinceHead.reset();
        firstHead = false;
        signedHeads++;
    }

    private void finish(String reason) throws IOException {
        appendLeaf(LogEntries.end(buffer, ticksRecorded, reason));
        signHead(lastTimeMs);
        out.flush();
        syncer.sync();
        out.close();
        endReason = reason;
        if (reason.equals(LogEntries.QUEUE_OVERFLOW)) {
            LOG.warn("Audit log {} ended early after {} ticks ({} entries, {} signed heads): queue overflow", path,
                ticksRecorded, entries, signedHeads);
        }
    }

    private void fail(Exception e) {
        accepting = false;
        failed = true;
        writeErrors.incrementAndGet();
        List<TickRecord> lost = new java.util.ArrayList<>();
        queue.drainTo(lost);
        ticksDropped.addAndGet(lost.size() + (tickInHand ? 1 : 0));
        LOG.error("Audit log {}: writing failed after {} entries; recording stops, the game goes on ({})", path,
            entries, e.toString());
        try {
            out.close();
        } catch (IOException | RuntimeException suppressed) {
            // Already failing; the first error is the one reported.
        }
    }

    /**
     * Stops recording after the ticks already queued: writes them, the end entry and a final signed
     * head, flushes and fsyncs, and waits for the writer thread (up to 30 s). Call after the last tick;
     * ticks offered later are ignored. Idempotent.
     */
    @Override
    public void close() {
        accepting = false;
        closeRequested = true;
        try {
            thread.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("Audit log {}: the writer did not finish within {} ms; the log may end without a signed end",
                path, CLOSE_TIMEOUT_MILLIS);
        }
    }

    /** @return the log file */
    public Path path() {
        return path;
    }

    /** @return leaf entries written so far (header, commands, ticks, end) */
    public long entries() {
        return entries;
    }

    /** @return signed tree heads written so far */
    public long signedHeads() {
        return signedHeads;
    }

    /** @return ticks written to the log so far */
    public long ticksRecorded() {
        return ticksRecorded;
    }

    /**
     * @return ticks that happened but are not in the log (after a queue overflow or a write failure);
     *     with {@link #ticksRecorded()} it adds up to every tick offered before {@link #close()}
     */
    public long ticksDropped() {
        return ticksDropped.get();
    }

    /** @return writes that failed (each stops recording) */
    public long writeErrors() {
        return writeErrors.get();
    }

    /** @return why the log ended ({@code closed} or {@code queue_overflow}), or null while it is open or after a failure */
    public String endReason() {
        return endReason;
    }

    /** @return when the log was opened, Unix epoch milliseconds */
    public long startedAtMs() {
        return startedAtMs;
    }
}
