package dev.ludus.sim.audit;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An append-only RFC 6962 §2.1 Merkle tree over SHA-256 that can give the root, inclusion proofs and
 * consistency proofs for its current size and for every earlier size.
 *
 * <p>Hashes are those of {@link MerkleProofs}: {@code SHA-256(0x00 || data)} for a leaf,
 * {@code SHA-256(0x01 || left || right)} for a node, {@code SHA-256("")} for the empty tree.
 *
 * <p><b>Storage.</b> Level {@code l} keeps, in order, the hash of every complete subtree of
 * {@code 2^l} leaves, {@code [j * 2^l, (j + 1) * 2^l)}; level 0 holds the leaf hashes. Appending a
 * leaf stores its hash and then, while the new node is a right child, hashes it with its left
 * sibling into the level above: on average one leaf hash plus one node hash per append, never more
 * than {@code 1 + log2(size)}. The rightmost nodes of each level (the "frontier" or compact range) are
 * therefore always at hand, and any earlier tree of {@code m} leaves is made of stored complete
 * subtrees, so {@link #root(long)} costs {@code popcount(m) - 1} hashes and a proof
 * {@code O(log2(size))} hashes. Memory: {@value MerkleProofs#HASH_BYTES} bytes for each of the
 * {@code 2n - popcount(n)} stored nodes, about 64 bytes per leaf, allocated in pages of
 * {@value #PAGE_HASHES} hashes (32 KiB) per level so growth never copies the stored hashes.
 *
 * <p>Not thread-safe: one {@link MessageDigest} is reused for every hash. One writer appends; reads
 * from other threads need outside synchronisation.
 */
public final class MerkleTree {
    private static final int HASH_BYTES = MerkleProofs.HASH_BYTES;
    private static final int PAGE_BITS = 10;
    /** Hashes per page of a level. */
    static final int PAGE_HASHES = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_HASHES - 1;
    private static final int PAGE_BYTES = PAGE_HASHES * HASH_BYTES;
    private static final int MAX_LEVELS = 64;

    private final MessageDigest digest = MerkleProofs.newDigest();
    /** {@code pages[level][page]}: {@value #PAGE_HASHES} hashes of {@value MerkleProofs#HASH_BYTES} bytes. */
    private final byte[][][] pages = new byte[MAX_LEVELS][][];
    private long size;

    /** An empty tree. */
    public MerkleTree() {
    }

    /**
     * Appends a leaf.
     *
     * @param leafData the leaf's bytes, any length; hashed as {@code SHA-256(0x00 || leafData)}
     * @return the new leaf's index, equal to the size before the append
     */
    public long append(byte[] leafData) {
        Objects.requireNonNull(leafData, "leafData");
        long index = size;
        byte[] page = pageForWrite(0, index);
        digest.update(MerkleProofs.LEAF_PREFIX);
        digest.update(leafData);
        finish(page, offset(index));
        return complete(index);
    }

    /**
     * Appends a leaf whose hash the caller computed, for example with {@link MerkleProofs#hashLeaf}.
     *
     * @param leafHash the leaf's hash, {@value MerkleProofs#HASH_BYTES} bytes; copied
     * @return the new leaf's index, equal to the size before the append
     * @throws IllegalArgumentException when the hash has the wrong length
     */
    public long appendLeafHash(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != HASH_BYTES) {
            throw new IllegalArgumentException(
                    "leafHash : " + leafHash.length + " bytes (expected: " + HASH_BYTES + ")");
        }
        long index = size;
        System.arraycopy(leafHash, 0, pageForWrite(0, index), offset(index), HASH_BYTES);
        return complete(index);
    }

    /** @return leaves appended so far, {@code >= 0} */
    public long size() {
        return size;
    }

    /** @return the current root, {@value MerkleProofs#HASH_BYTES} bytes; a fresh array */
    public byte[] root() {
        return root(size);
    }

    /**
     * @param treeSize the size of the tree whose root is wanted, {@code 0 <= treeSize <= size()}
     * @return the root of the tree of the first {@code treeSize} leaves (RFC 6962 §2.1 MTH); a fresh
     *     array
     * @throws IllegalArgumentException when the size is out of range
     */
    public byte[] root(long treeSize) {
        requireRange("treeSize", treeSize, 0, size);
        return treeSize == 0 ? MerkleProofs.emptyRoot() : hash(0, treeSize);
    }

    /**
     * @param index a leaf index, {@code 0 <= index < size()}
     * @return the leaf's hash; a fresh array
     * @throws IllegalArgumentException when the index is out of range
     */
    public byte[] leafHash(long index) {
        requireRange("index", index, 0, size - 1);
        return node(0, index);
    }

    /**
     * The hash of the subtree {@code [start, end)}: {@code MTH(D[start:end])} in RFC 6962's terms, the
     * value a subtree proof of {@link MerkleProofs} checks against.
     *
     * @param start first leaf, {@code >= 0}, a multiple of the smallest power of two {@code >= end - start}
     * @param end   one past the last leaf, {@code start < end <= size()}
     * @return the subtree's hash; a fresh array
     * @throws IllegalArgumentException when the subtree is empty, misaligned or beyond the tree
     */
    public byte[] subtreeHash(long start, long end) {
        requireSubtree(start, end, size);
        return hash(start, end);
    }

    /**
     * The audit path of a leaf in the tree of the first {@code treeSize} leaves (RFC 6962 §2.1.1 PATH).
     *
     * @param index    the leaf, {@code 0 <= index < treeSize}
     * @param treeSize {@code 1 <= treeSize <= size()}
     * @return the sibling hashes, lowest level first; {@code ceil(log2(treeSize))} of them at most
     * @throws IllegalArgumentException when the index or size is out of range
     */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        requireRange("treeSize", treeSize, 1, size);
        requireRange("index", index, 0, treeSize - 1);
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, treeSize, proof);
        return proof;
    }

    /**
     * The audit path of a leaf in the subtree {@code [start, end)}, checked by
     * {@link MerkleProofs#verifySubtreeInclusion} against {@link #subtreeHash}.
     *
     * @param index the leaf, {@code start <= index < end}
     * @param start first leaf of a valid subtree (see {@link #subtreeHash})
     * @param end   one past its last leaf, {@code <= size()}
     * @return the sibling hashes inside the subtree, lowest level first
     * @throws IllegalArgumentException when the subtree is invalid or the index outside it
     */
    public List<byte[]> subtreeInclusionProof(long index, long start, long end) {
        requireSubtree(start, end, size);
        requireRange("index", index, start, end - 1);
        List<byte[]> proof = new ArrayList<>();
        path(index, start, end, proof);
        return proof;
    }

    /**
     * The proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2}
     * leaves (RFC 6962 §2.1.2 PROOF).
     *
     * @param size1 {@code 1 <= size1 <= size2}
     * @param size2 {@code <= size()}
     * @return the proof, lowest level first; empty when the sizes are equal
     * @throws IllegalArgumentException when a size is out of range
     */
    public List<byte[]> consistencyProof(long size1, long size2) {
        requireRange("size2", size2, 1, size);
        requireRange("size1", size1, 1, size2);
        return subtreeConsistencyProof(0, size1, size2);
    }

    /**
     * The proof that the subtree {@code [start, end)} is part of the tree of the first {@code treeSize}
     * leaves (Merkle Tree Certificates draft, SUBTREE_PROOF; with {@code start = 0} it is RFC 6962's
     * PROOF). An empty subtree ({@code start = end}) has an empty proof.
     *
     * @param start    first leaf of a valid or empty subtree (see {@link #subtreeHash})
     * @param end      one past its last leaf, {@code start <= end <= treeSize}
     * @param treeSize {@code <= size()}
     * @return the proof, lowest level first
     * @throws IllegalArgumentException when the subtree is invalid or a size out of range
     */
    public List<byte[]> subtreeConsistencyProof(long start, long end, long treeSize) {
        requireRange("treeSize", treeSize, 0, size);
        List<byte[]> proof = new ArrayList<>();
        if (start == end) {
            requireRange("start", start, 0, treeSize);
            return proof;
        }
        requireSubtree(start, end, treeSize);
        subproof(start, end, 0, treeSize, true, proof);
        return proof;
    }

    /** RFC 6962 §2.1.1 PATH(index, D[from:to]), appended lowest level first. */
    private void path(long index, long from, long to, List<byte[]> proof) {
        if (to - from == 1) {
            return;
        }
        long mid = from + Long.highestOneBit(to - from - 1);
        if (index < mid) {
            path(index, from, mid, proof);
            proof.add(hash(mid, to));
        } else {
            path(index, mid, to, proof);
            proof.add(hash(from, mid));
        }
    }

    /**
     * SUBPROOF of RFC 6962 §2.1.2 generalised to a subtree {@code [start, end)} of {@code D[from:to]}
     * (the draft's SUBTREE_SUBPROOF). A valid subtree straddles the split point only when it starts
     * the range, which is the RFC's {@code m > k} case.
     */
    private void subproof(long start, long end, long from, long to, boolean known, List<byte[]> proof) {
        if (start == from && end == to) {
            if (!known) {
                proof.add(hash(from, to));
            }
            return;
        }
        long mid = from + Long.highestOneBit(to - from - 1);
        if (end <= mid) {
            subproof(start, end, from, mid, known, proof);
            proof.add(hash(mid, to));
        } else if (start >= mid) {
            subproof(start, end, mid, to, known, proof);
            proof.add(hash(from, mid));
        } else {
            subproof(mid, end, mid, to, false, proof);
            proof.add(hash(from, mid));
        }
    }

    /** MTH(D[from:to]) from stored complete subtrees; {@code from} aligned as every split point is. */
    private byte[] hash(long from, long to) {
        long width = to - from;
        if (Long.bitCount(width) == 1) {
            int level = Long.numberOfTrailingZeros(width);
            return node(level, from >>> level);
        }
        long mid = from + Long.highestOneBit(width - 1);
        return MerkleProofs.hashChildren(digest, hash(from, mid), hash(mid, to));
    }

    /** Stores the parents that leaf {@code index} completes, then counts the leaf. */
    private long complete(long index) {
        long node = index;
        int level = 0;
        while ((node & 1) == 1) {
            byte[] children = pages[level][(int) (node >>> PAGE_BITS)];
            int rightOffset = offset(node);
            long parent = node >>> 1;
            byte[] parentPage = pageForWrite(level + 1, parent);
            digest.update(MerkleProofs.NODE_PREFIX);
            // A left child and its right sibling share a page: the page holds an even number of hashes.
            digest.update(children, rightOffset - HASH_BYTES, 2 * HASH_BYTES);
            finish(parentPage, offset(parent));
            node = parent;
            level++;
        }
        size = index + 1;
        return index;
    }

    private byte[] node(int level, long index) {
        int from = offset(index);
        return Arrays.copyOfRange(pages[level][(int) (index >>> PAGE_BITS)], from, from + HASH_BYTES);
    }

    private byte[] pageForWrite(int level, long index) {
        int page = (int) (index >>> PAGE_BITS);
        byte[][] levelPages = pages[level];
        if (levelPages == null) {
            levelPages = new byte[1][];
            pages[level] = levelPages;
        } else if (page == levelPages.length) {
            levelPages = Arrays.copyOf(levelPages, levelPages.length * 2);
            pages[level] = levelPages;
        }
        if (levelPages[page] == null) {
            levelPages[page] = new byte[PAGE_BYTES];
        }
        return levelPages[page];
    }

    private static int offset(long index) {
        return (int) (index & PAGE_MASK) * HASH_BYTES;
    }

    private void finish(byte[] into, int offset) {
        try {
            digest.digest(into, offset, HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest did not fit " + HASH_BYTES + " bytes", e);
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: " + min + " <= " + name
                    + " <= " + max + ")");
        }
    }

    private static void requireSubtree(long start, long end, long treeSize) {
        if (start < 0 || start >= end || end > treeSize || !MerkleProofs.isAlignedSubtree(start, end)) {
            throw new IllegalArgumentException("subtree : [" + start + ", " + end + ") (expected: 0 <= start < end <= "
                    + treeSize + ", start a multiple of the smallest power of two >= end - start)");
        }
    }
}
