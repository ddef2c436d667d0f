package dev.ludus.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.server.audit.LogEntries.HeadRecord;
import dev.ludus.server.audit.VerifyProblem.Code;
import dev.ludus.sim.audit.CompactMerkleTree;
import dev.ludus.sim.audit.MerkleProofs;
import dev.ludus.sim.audit.MerkleTree;
import dev.ludus.sim.audit.ProofException;
import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.audit.SignedTreeHead;
import dev.ludus.sim.audit.TreeHeadSigner;
import dev.ludus.sim.world.PlayerLink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Checks an audit log (docs/audit-log.md, "Verifying"): every entry's hash against the signed head
 * after it, every head's signature, its leaf list against its root and its consistency proof from the
 * previous head, the header, tick numbers and command counts, that the log was closed, and inclusion
 * proofs of the leaves in the final signed tree: every leaf up to {@value #FULL_INCLUSION_LIMIT}
 * leaves, else {@value #FULL_INCLUSION_LIMIT} leaves sampled uniformly (seeded by the final root)
 * plus the first and the last.
 *
 * <p>The file is read once, as a stream; memory is about 64 bytes per leaf (the {@link MerkleTree} the
 * inclusion proofs come from) plus one head's range of entries. Not thread-safe; one instance per
 * check.
 */
public final class AuditLogVerifier {
    /** Logs up to this many leaves get an inclusion proof for every leaf; larger ones this many sampled. */
    public static final int FULL_INCLUSION_LIMIT = 1 << 18;

    private final PublicKey pinnedKey;
    private final boolean allowUnsignedTail;
    private final Consumer<String> progress;
    private final LongSupplier nanoClock;
    private final long progressIntervalNanos;

    /**
     * What a log that passed holds.
     *
     * @param lines            lines read
     * @param entries          leaf entries (header, commands, ticks, end)
     * @param ticks            tick entries
     * @param commands         command entries
     * @param signedHeads      signed heads
     * @param treeSize         leaves under the last signed head
     * @param root             the last signed root, 64 hex digits
     * @param serverId         the header's server id
     * @param keyFingerprint   SHA-256 of the key the heads were checked with, 64 hex digits
     * @param keyPinned        whether that key was given with {@code --public-key} (else it is the header's own)
     * @param inclusionChecked leaves whose inclusion proof was checked
     * @param endReason        the end entry's reason ({@code closed}, {@code queue_overflow}), or null without one
     * @param warnings         what {@code --allow-unsigned-tail} let pass
     */
    public record Summary(long lines, long entries, long ticks, long commands, long signedHeads, long treeSize,
                          String root, String serverId, String keyFingerprint, boolean keyPinned, long inclusionChecked,
                          String endReason, List<String> warnings) {
    }

    /**
     * @param problem the first problem, or null when the log passed
     * @param summary what was read (complete when the log passed)
     */
    public record Result(VerifyProblem problem, Summary summary) {
        /** @return whether the log passed */
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * @param pinnedKey         the key the log must be signed with, or null to trust the header's key
     *                          (which only shows the log is unchanged since whoever holds that key signed it)
     * @param allowUnsignedTail accept, with a warning, a log its writer never closed: entries after the
     *                          last signed head (left unverified), an incomplete last line, no end entry
     * @param progress          receives a progress line about every 2 s
     * @param nanoClock         a monotonic clock for the progress interval
     */
    public AuditLogVerifier(PublicKey pinnedKey, boolean allowUnsignedTail, Consumer<String> progress,
                            LongSupplier nanoClock) {
        this(pinnedKey, allowUnsignedTail, progress, nanoClock, 2_000_000_000L);
    }

    AuditLogVerifier(PublicKey pinnedKey, boolean allowUnsignedTail, Consumer<String> progress, LongSupplier nanoClock,
                     long progressIntervalNanos) {
        this.pinnedKey = pinnedKey;
        this.allowUnsignedTail = allowUnsignedTail;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.progressIntervalNanos = progressIntervalNanos;
    }

    /**
     * @param file the log
     * @return the first problem, or the summary of a log that passed
     * @throws IOException when the file cannot be read
     */
    public Result verify(Path file) throws IOException {
        long total = Files.size(file);
        try (LineReader reader = new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return new Run(total).read(reader);
        }
    }

    private record Pending(long line, byte[] hash) {
    }

    /** The state of one check. */
    private final class Run {
        private final long totalBytes;
        private final List<Pending> pending = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final CompactMerkleTree signedTree = new CompactMerkleTree();
        private final MerkleTree fullTree = new MerkleTree();
        private VerifyProblem firstPendingProblem;
        private PublicKey key;
        private String serverId;
        private long leafCount;
        private long nextTick;
        private long commandsInTick;
        private long ticks;
        private long commands;
        private long endLine;
        private String endReason;
        private SignedTreeHead lastHead;
        private long lastHeadLine;
        private long heads;
        private long lines;

        Run(long totalBytes) {
            this.totalBytes = totalBytes;
        }

        Result read(LineReader reader) throws IOException {
            long nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
            long lastLine = 0;
            while (true) {
                byte[] bytes;
                try {
                    bytes = reader.next();
                } catch (MalformedEntryException e) {
                    return fail(new VerifyProblem(reader.lineNumber(), Code.MALFORMED_ENTRY, e.getMessage()));
                }
                if (bytes == null) {
                    break;
                }
                long line = reader.lineNumber();
                lastLine = line;
                lines = line;
                if (!reader.terminated() && allowUnsignedTail) {
                    warnings.add("line " + line + " is incomplete (no newline: the writer stopped inside it); ignored");
                    break;
                }
                JsonNode node = null;
                String type = null;
                String parseError = null;
                try {
                    node = Json.parseObject(bytes);
                    type = Json.textField(node, "type");
                } catch (MalformedEntryException e) {
                    parseError = e.getMessage();
                }
                if (LogEntries.HEAD.equals(type)) {
                    VerifyProblem problem = onHead(line, node);
                    if (problem != null) {
                        return fail(problem);
                    }
                } else {
                    onLeaf(line, bytes, node, type, parseError);
                }
                if (nanoClock.getAsLong() >= nextProgress) {
                    progress.accept(String.format(java.util.Locale.ROOT, "verify: line %d, %.0f%% of %d bytes",
                        line, 100.0 * reader.bytesRead() / Math.max(1, totalBytes), totalBytes));
                    nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
                }
            }
            if (leafCount == 0) {
                return fail(new VerifyProblem(1, Code.BAD_HEADER, "the file has no header (it is empty)"));
            }
            if (!pending.isEmpty()) {
                Pending first = pending.getFirst();
                String where = pending.size() + " entries (lines " + first.line() + " to " + pending.getLast().line()
                    + ") after " + (lastHead == null ? "the start, where no signed head follows,"
                    : "the last signed head (line " + lastHeadLine + ")");
                if (firstPendingProblem != null && firstPendingProblem.line() == 1) {
                    return fail(firstPendingProblem);   // without a valid header nothing else means anything
                }
                if (!allowUnsignedTail) {
                    return fail(new VerifyProblem(first.line(), Code.UNSIGNED_TAIL, where + " are not covered by a "
                        + "signature: the writer stopped without closing the log (a crash) or the file was cut"
                        + (reader.terminated() ? "" : " (the last line, " + lastLine + ", is incomplete)")
                        + "; --allow-unsigned-tail accepts them unverified"));
                }
                if (firstPendingProblem != null) {
                    return fail(firstPendingProblem);
                }
                warnings.add(where + " are not covered by a signature; accepted unverified");
            }
            if (endReason == null) {
                if (!allowUnsignedTail) {
                    return fail(new VerifyProblem(lastLine, Code.NOT_CLOSED, "the log has no end entry: its writer "
                        + "never closed it (a crash) or the file was cut after line " + lastLine
                        + "; --allow-unsigned-tail accepts it"));
                }
                warnings.add("the log has no end entry (its writer never closed it); accepted");
            }
            if (lastHead == null) {
                return fail(new VerifyProblem(lastLine, Code.UNSIGNED_TAIL, "the log has no signed head at all"));
            }
            VerifyProblem inclusion = checkInclusion();
            if (inclusion != null) {
                return fail(inclusion);
            }
            return new Result(null, summary());
        }

        private void onLeaf(long line, byte[] bytes, JsonNode node, String type, String parseError) {
            pending.add(new Pending(line, MerkleProofs.hashLeaf(bytes)));
            long index = leafCount++;
            if (firstPendingProblem == null) {
                firstPendingProblem = structure(line, index, node, type, parseError);
            }
        }

        /** The problem with one leaf entry's own shape and place in the sequence, or null. */
        private VerifyProblem structure(long line, long index, JsonNode node, String type, String parseError) {
            if (index == 0) {
                return header(line, node, parseError);
            }
            if (parseError != null) {
                return new VerifyProblem(line, Code.MALFORMED_ENTRY, parseError);
            }
            if (endReason != null) {
                return new VerifyProblem(line, Code.AFTER_END, "an entry after the end entry at line " + endLine);
            }
            try {
                switch (type) {
                    case LogEntries.CMD -> {
                        long tick = Json.longField(node, "tick");
                        if (tick != nextTick) {
                            return new VerifyProblem(line, Code.TICK_SEQUENCE, "a command of tick " + tick
                                + " where the commands of tick " + nextTick + " belong");
                        }
                        CommandCodec.read(Json.field(node, "cmd"), PlayerLink.DISCARD, result -> { });
                        commandsInTick++;
                        commands++;
                    }
                    case LogEntries.TICK -> {
                        long tick = Json.longField(node, "tick");
                        if (tick != nextTick) {
                            return new VerifyProblem(line, Code.TICK_SEQUENCE, "tick " + tick + " where tick " + nextTick
                                + " was expected" + (tick > nextTick ? " (ticks " + nextTick + " to " + (tick - 1)
                                + " are missing)" : ""));
                        }
                        Json.longField(node, "timeMs");
                        LogEntries.parseStateHash(Json.textField(node, "stateHash"));
                        LogEntries.plan(node);
                        int count = Json.intField(node, "commands");
                        if (count != commandsInTick) {
                            return new VerifyProblem(line, Code.COMMAND_COUNT, "tick " + tick + " says " + count
                                + " commands, the log has " + commandsInTick + " before it");
                        }
                        nextTick++;
                        commandsInTick = 0;
                        ticks++;
                    }
                    case LogEntries.END -> {
                        if (commandsInTick != 0) {
                            return new VerifyProblem(line, Code.COMMAND_COUNT, commandsInTick + " commands of tick "
                                + nextTick + " have no tick entry");
                        }
                        long count = Json.longField(node, "ticks");
                        if (count != ticks) {
                            return new VerifyProblem(line, Code.MALFORMED_ENTRY, "the end entry says " + count
                                + " ticks, the log has " + ticks);
                        }
                        endReason = Json.textField(node, "reason");
                        endLine = line;
                    }
                    default -> {
                        return new VerifyProblem(line, Code.MALFORMED_ENTRY, "type : \"" + type
                            + "\" (expected: cmd, tick, end or sth after the header)");
                    }
                }
            } catch (MalformedEntryException | RuntimeException e) {
                return new VerifyProblem(line, Code.MALFORMED_ENTRY, e.getMessage());
            }
            return null;
        }

        private VerifyProblem header(long line, JsonNode node, String parseError) {
            if (parseError != null) {
                return new VerifyProblem(line, Code.BAD_HEADER, parseError);
            }
            AuditHeader header;
            try {
                header = AuditHeader.read(node);
            } catch (MalformedEntryException e) {
                return new VerifyProblem(line, Code.BAD_HEADER, e.getMessage());
            }
            serverId = header.serverId();
            key = pinnedKey != null ? pinnedKey : header.publicKey();
            if (pinnedKey != null && !MessageDigest.isEqual(pinnedKey.getEncoded(), header.publicKey().getEncoded())) {
                return new VerifyProblem(line, Code.KEY_NOT_PINNED, "the header's public key (SHA-256 "
                    + ServerKeys.fingerprint(header.publicKey()) + ") is not the pinned key (SHA-256 "
                    + ServerKeys.fingerprint(pinnedKey) + "): another key signed this log, or it was re-signed");
            }
            return null;
        }

        private VerifyProblem onHead(long line, JsonNode node) {
            HeadRecord record;
            try {
                record = HeadRecord.read(node);
            } catch (MalformedEntryException | RuntimeException e) {
                return atHead(new VerifyProblem(line, Code.MALFORMED_ENTRY, e.getMessage()));
            }
            if (key == null) {
                return atHead(new VerifyProblem(line, Code.BAD_HEADER, "a signed head with no valid header before it"));
            }
            SignedTreeHead head = record.head();
            if (!TreeHeadSigner.verify(head, key)) {
                return atHead(new VerifyProblem(line, Code.BAD_SIGNATURE, "the signature does not verify with the "
                    + (pinnedKey != null ? "pinned" : "header's") + " key: the head's size, time, root or signature "
                    + "was changed, or another key signed it"));
            }
            long previousSize = signedTree.size();
            if (head.treeSize() != previousSize + record.leafCount()) {
                return atHead(new VerifyProblem(line, Code.HEAD_LEAVES_MISMATCH, "the head signs " + head.treeSize()
                    + " leaves but lists " + record.leafCount() + " after the previous head's " + previousSize
                    + (head.treeSize() > previousSize + record.leafCount() ? " (a signed head before it is missing)" : "")));
            }
            for (int i = 0; i < record.leafCount(); i++) {
                signedTree.appendLeafHash(record.leafHash(i));
            }
            byte[] root = signedTree.root();
            if (!MessageDigest.isEqual(root, head.rootHash())) {
                return atHead(new VerifyProblem(line, Code.HEAD_LEAVES_MISMATCH, "the listed leaf hashes lead to root "
                    + HexFormat.of().formatHex(root) + ", not to the signed root"));
            }
            if (lastHead != null) {
                try {
                    MerkleProofs.verifyConsistency(lastHead.treeSize(), head.treeSize(), record.consistency(),
                        lastHead.rootHash(), head.rootHash());
                } catch (ProofException e) {
                    return atHead(new VerifyProblem(line, Code.INCONSISTENT_HEAD, "the consistency proof from the head "
                        + "at line " + lastHeadLine + " does not verify (" + e.getMessage() + ")"));
                }
                if (head.timestampMillis() < lastHead.timestampMillis()) {
                    return atHead(new VerifyProblem(line, Code.INCONSISTENT_HEAD, "signed at " + head.timestampMillis()
                        + " ms, before the head at line " + lastHeadLine + " (" + lastHead.timestampMillis() + " ms)"));
                }
            }
            // The head is genuine: its leaf list says what each entry since the previous head must hash to.
            int listed = record.leafCount();
            for (int i = 0; i < Math.min(listed, pending.size()); i++) {
                if (!MessageDigest.isEqual(pending.get(i).hash(), record.leafHash(i))) {
                    return new VerifyProblem(pending.get(i).line(), Code.ENTRY_MISMATCH, "leaf " + (previousSize + i)
                        + " does not match the hash the signed head at line " + line + " lists for it: this entry was"
                        + " altered, or entries were removed, inserted or reordered here");
                }
            }
            if (pending.size() < listed) {
                return new VerifyProblem(line, Code.MISSING_ENTRY, (listed - pending.size()) + " entries this head signs"
                    + " (leaves " + (previousSize + pending.size()) + " to " + (head.treeSize() - 1)
                    + ") are missing before it");
            }
            if (pending.size() > listed) {
                return new VerifyProblem(pending.get(listed).line(), Code.ENTRY_MISMATCH, "an entry the signed head at"
                    + " line " + line + " does not sign (it covers leaves up to " + (head.treeSize() - 1)
                    + "): inserted");
            }
            if (firstPendingProblem != null) {
                return firstPendingProblem;
            }
            for (Pending entry : pending) {
                fullTree.appendLeafHash(entry.hash());
            }
            pending.clear();
            signedTree.mark();
            lastHead = head;
            lastHeadLine = line;
            heads++;
            return null;
        }

        /** When a head cannot be trusted, an earlier problem in its range is the first one. */
        private VerifyProblem atHead(VerifyProblem problem) {
            return firstPendingProblem != null && firstPendingProblem.line() < problem.line() ? firstPendingProblem : problem;
        }

        private VerifyProblem checkInclusion() {
            long size = lastHead.treeSize();
            byte[] root = lastHead.rootHash();
            long[] indices;
            if (size <= FULL_INCLUSION_LIMIT) {
                indices = java.util.stream.LongStream.range(0, size).toArray();
            } else {
                SplittableRandom random = new SplittableRandom(java.nio.ByteBuffer.wrap(root).getLong());
                indices = new long[FULL_INCLUSION_LIMIT + 2];
                indices[0] = 0;
                indices[1] = size - 1;
                for (int i = 2; i < indices.length; i++) {
                    indices[i] = random.nextLong(size);
                }
            }
            long nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
            for (int i = 0; i < indices.length; i++) {
                long index = indices[i];
                try {
                    MerkleProofs.verifyInclusion(index, size, fullTree.leafHash(index), fullTree.inclusionProof(index, size),
                        root);
                } catch (ProofException e) {
                    return new VerifyProblem(lastHeadLine, Code.INCLUSION, "leaf " + index + " is not in the tree this"
                        + " head signs (" + e.getMessage() + ")");
                }
                if (nanoClock.getAsLong() >= nextProgress) {
                    progress.accept("verify: inclusion proofs " + (i + 1) + " of " + indices.length);
                    nextProgress = nanoClock.getAsLong() + progressIntervalNanos;
                }
            }
            inclusionChecked = indices.length;
            return null;
        }

        private long inclusionChecked;

        private Result fail(VerifyProblem problem) {
            return new Result(problem, summary());
        }

        private Summary summary() {
            return new Summary(lines, leafCount, ticks, commands, heads, lastHead == null ? 0 : lastHead.treeSize(),
                lastHead == null ? "" : HexFormat.of().formatHex(lastHead.rootHash()), serverId,
                key == null ? "" : ServerKeys.fingerprint(key), pinnedKey != null, inclusionChecked, endReason,
                List.copyOf(warnings));
        }
    }
}
