package dev.ludus.sim.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 Merkle tree that keeps only what an append-only log's writer needs: its root, and a
 * consistency proof from the last {@linkplain #mark() marked} size to the current one. Memory is the
 * tree's frontier (at most 64 hashes) plus the leaf hashes appended since the mark, so a log that
 * marks at every signed tree head runs for ever in constant memory, where a {@link MerkleTree} keeps
 * about 64 bytes per leaf.
 *
 * <p>The frontier ("compact range" of RFC 9162 terms) of a tree of {@code n} leaves is the hash of
 * each complete subtree of its binary decomposition, largest first: {@code n = 6} keeps
 * {@code MTH(D[0:4])} and {@code MTH(D[4:6])}. The root folds them from the right (RFC 6962 §2.1).
 * A consistency proof from {@code m} to {@code n} (RFC 6962 §2.1.2 SUBPROOF) uses only subtrees of
 * the decomposition of {@code m} and subtrees of the leaves {@code [m, n)}, which is exactly what is
 * kept. Hashes are those of {@link MerkleProofs}.
 *
 * <p>Not thread-safe: one writer.
 */
public final class CompactMerkleTree {
    private static final int HASH_BYTES = MerkleProofs.HASH_BYTES;

    private final MessageDigest digest = MerkleProofs.newDigest();
    /** Subtree hashes of the decomposition of {@link #size}, largest (leftmost) first. */
    private final List<byte[]> frontier = new ArrayList<>();
    private long size;
    private long markSize;
    private byte[][] markFrontier = new byte[0][];
    /** Leaf hashes {@code [markSize, size)}. */
    private final List<byte[]> sinceMark = new ArrayList<>();

    /** An empty tree, marked at size 0. */
    public CompactMerkleTree() {
    }

    /**
     * Appends a leaf by its hash.
     *
     * @param leafHash {@code SHA-256(0x00 || data)} ({@link MerkleProofs#hashLeaf}), 32 bytes; copied
     * @return the new leaf's index, the size before the append
     * @throws IllegalArgumentException when the hash is not 32 bytes long
     */
    public long appendLeafHash(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("leafHash : " + leafHash.length + " bytes (expected: " + HASH_BYTES + ")");
        }
        byte[] copy = leafHash.clone();
        sinceMark.add(copy);
        byte[] node = copy;
        // The trailing one bits of the old size are complete subtrees that the new leaf completes.
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            node = MerkleProofs.hashChildren(digest, frontier.removeLast(), node);
        }
        frontier.add(node);
        return size++;
    }

    /** @return leaves appended so far */
    public long size() {
        return size;
    }

    /** @return the size at the last {@link #mark()}, 0 before the first */
    public long markSize() {
        return markSize;
    }

    /** @return the root of the current tree (RFC 6962 §2.1 MTH), 32 bytes; a fresh array */
    public byte[] root() {
        if (size == 0) {
            return MerkleProofs.emptyRoot();
        }
        byte[] root = frontier.getLast();
        for (int i = frontier.size() - 2; i >= 0; i--) {
            root = MerkleProofs.hashChildren(digest, frontier.get(i), root);
        }
        return root == frontier.getLast() ? root.clone() : root;
    }

    /**
     * The consistency proof from the marked size to the current size (RFC 6962 §2.1.2 PROOF(m, D[n])),
     * which {@link MerkleProofs#verifyConsistency} accepts with the two roots.
     *
     * @return the proof, empty when nothing was appended since the mark
     * @throws IllegalStateException when the mark is at size 0 (a proof from the empty tree proves nothing)
     */
    public List<byte[]> consistencyProofFromMark() {
        if (markSize == 0) {
            throw new IllegalStateException("no consistency proof from the empty tree (mark at size 0)");
        }
        List<byte[]> proof = new ArrayList<>();
        if (markSize < size) {
            subproof(markSize, 0, size, true, proof);
        }
        return proof;
    }

    /** Marks the current size: later proofs start from it; the leaf hashes before it are dropped. */
    public void mark() {
        markSize = size;
        markFrontier = frontier.toArray(new byte[0][]);
        sinceMark.clear();
    }

    /** RFC 6962 §2.1.2 SUBPROOF(m, D[start:end], b), appending to {@code proof}. */
    private void subproof(long m, long start, long end, boolean b, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!b) {
                proof.add(subtreeHash(start, end));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(m, start, start + k, b, proof);
            proof.add(subtreeHash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, proof);
            proof.add(subtreeHash(start, start + k));
        }
    }

    /** MTH(D[from:to]): a subtree of the marked decomposition, or one within the leaves since the mark. */
    private byte[] subtreeHash(long from, long to) {
        if (from >= markSize) {
            return hashSinceMark(from - markSize, to - markSize);
        }
        long offset = 0;
        for (int i = 0; i < markFrontier.length; i++) {
            long width = Long.highestOneBit(markSize - offset);
            if (offset == from && offset + width == to) {
                return markFrontier[i];
            }
            offset += width;
        }
        // SUBPROOF only asks for the mark's own subtrees and subtrees after it (see the class comment).
        throw new IllegalStateException("subtree [" + from + ", " + to + ") is not kept (mark " + markSize + ")");
    }

    private byte[] hashSinceMark(long from, long to) {
        if (to - from == 1) {
            return sinceMark.get((int) from);
        }
        long k = Long.highestOneBit(to - from - 1);
        return MerkleProofs.hashChildren(digest, hashSinceMark(from, from + k), hashSinceMark(from + k, to));
    }
}
