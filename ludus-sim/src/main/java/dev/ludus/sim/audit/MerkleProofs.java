package dev.ludus.sim.audit;

import dev.ludus.sim.audit.ProofException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * Verifiers for the proofs of an RFC 6962 Merkle tree over SHA-256, needing no tree: a client that
 * holds only roots and sizes checks what a {@link MerkleTree} hands it.
 *
 * <p>Hashes (RFC 6962 §2.1): a leaf is {@code SHA-256(0x00 || data)}, an interior node is
 * {@code SHA-256(0x01 || left || right)}, the root of the empty tree is {@code SHA-256("")}. Every
 * hash is {@value #HASH_BYTES} bytes.
 *
 * <p>The inclusion and consistency verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2 (the algorithms
 * of RFC 6962bis). The subtree variants are those of the Merkle Tree Certificates draft
 * (draft-ietf-plants-merkle-tree-certs, "subtree inclusion proofs" and "subtree consistency
 * proofs"): a subtree {@code [start, end)} is valid when {@code start} is a multiple of the smallest
 * power of two {@code >= end - start}, which makes it a node, or the left part of a node, of every
 * tree of size {@code >= end}. The consistency walk here is RFC 9162 §2.1.4.2 generalised to such a
 * subtree: it starts at the subtree's rightmost complete node instead of the old tree's, and stops
 * folding hashes into the subtree's root once it climbs past the subtree's height.
 *
 * <p>Beyond the RFC, equal sizes verify with an empty proof when the two roots are equal (as in
 * transparency-dev/merkle), and an empty subtree {@code [s, s)} with {@code s <= size} verifies with
 * an empty proof when {@code root1} is the empty tree's root. A consistency proof from the empty tree
 * (size1 = 0) is always rejected: it proves nothing.
 *
 * <p>Every failure is a {@link ProofException} whose {@link ProofException#reason()} says what
 * failed; a null argument is a programming error and throws {@link NullPointerException}. Stateless
 * and thread-safe: each call uses its own {@link MessageDigest}.
 */
public final class MerkleProofs {
    /** Bytes in a SHA-256 hash, hence in every root, leaf hash and proof element. */
    public static final int HASH_BYTES = 32;
    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;
    private static final byte[] EMPTY_ROOT = newDigest().digest();

    private MerkleProofs() {
    }

    /** @return {@code SHA-256("")}, the root of the empty tree (RFC 6962 §2.1); a fresh copy */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /**
     * @param data the leaf's bytes, any length
     * @return {@code SHA-256(0x00 || data)}, {@value #HASH_BYTES} bytes (RFC 6962 §2.1)
     */
    public static byte[] hashLeaf(byte[] data) {
        MessageDigest digest = newDigest();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    /**
     * @param left  the left child's hash, any length (RFC 6962 does not constrain it)
     * @param right the right child's hash, any length
     * @return {@code SHA-256(0x01 || left || right)}, {@value #HASH_BYTES} bytes (RFC 6962 §2.1)
     */
    public static byte[] hashChildren(byte[] left, byte[] right) {
        return hashChildren(newDigest(), left, right);
    }

    /**
     * Checks that a leaf is in a tree (RFC 9162 §2.1.3.2).
     *
     * @param leafIndex index of the leaf, {@code 0 <= leafIndex < treeSize}
     * @param treeSize  leaves in the tree, {@code >= 1}
     * @param leafHash  the leaf's hash ({@link #hashLeaf}), {@value #HASH_BYTES} bytes
     * @param proof     the audit path, lowest level first (RFC 6962 §2.1.1 PATH)
     * @param root      the tree's root, {@value #HASH_BYTES} bytes
     * @throws ProofException when the sizes, a hash length, the proof length or the root is wrong
     */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                       byte[] root) throws ProofException {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ProofException(Reason.INVALID_SIZES,
                    "leafIndex : " + leafIndex + " (expected: 0 <= leafIndex < treeSize " + treeSize + ")");
        }
        requireHash("leafHash", leafHash);
        requireHash("root", root);
        requireHashes(proof);
        byte[] computed = rootFromInclusion(newDigest(), leafIndex, treeSize, leafHash, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new ProofException(Reason.ROOT_MISMATCH,
                    "the proof for leaf " + leafIndex + " of " + treeSize + " leads to another root");
        }
    }

    /**
     * Checks that a leaf is in a subtree {@code [start, end)} whose hash is {@code root}: an inclusion
     * proof of leaf {@code leafIndex - start} in the tree of the subtree's {@code end - start} leaves.
     *
     * @param leafIndex index of the leaf in the whole tree, {@code start <= leafIndex < end}
     * @param start     first leaf of the subtree, {@code >= 0}, a multiple of the smallest power of
     *                  two {@code >= end - start}
     * @param end       one past the last leaf of the subtree, {@code > start}
     * @param leafHash  the leaf's hash, {@value #HASH_BYTES} bytes
     * @param proof     the audit path inside the subtree, lowest level first
     * @param root      the subtree's hash, {@value #HASH_BYTES} bytes
     * @throws ProofException when the subtree is empty or misaligned, or as {@link #verifyInclusion}
     */
    public static void verifySubtreeInclusion(long leafIndex, long start, long end, byte[] leafHash,
                                              List<byte[]> proof, byte[] root) throws ProofException {
        if (start < 0 || end < 0) {
            throw new ProofException(Reason.INVALID_SIZES,
                    "subtree : [" + start + ", " + end + ") (expected: 0 <= start)");
        }
        requireSubtree(start, end);
        if (leafIndex < start || leafIndex >= end) {
            throw new ProofException(Reason.INVALID_SIZES,
                    "leafIndex : " + leafIndex + " (expected: in [" + start + ", " + end + "))");
        }
        verifyInclusion(leafIndex - start, end - start, leafHash, proof, root);
    }

    /**
     * Checks that the tree of {@code size2} leaves extends the tree of {@code size1} leaves
     * (RFC 9162 §2.1.4.2).
     *
     * @param size1 leaves in the older tree, {@code 1 <= size1 <= size2}
     * @param size2 leaves in the newer tree
     * @param proof the consistency proof (RFC 6962 §2.1.2 PROOF); empty when the sizes are equal
     * @param root1 the older tree's root, {@value #HASH_BYTES} bytes
     * @param root2 the newer tree's root, {@value #HASH_BYTES} bytes
     * @throws ProofException when the sizes, a hash length, the proof length or a root is wrong, or
     *     {@code size1} is 0 ({@link Reason#EMPTY_TREE}); with equal sizes the two roots are only
     *     compared with each other, so their length is not checked (as the reference verifier does)
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws ProofException {
        if (size1 < 0 || size1 > size2) {
            throw new ProofException(Reason.INVALID_SIZES,
                    "size1 : " + size1 + " (expected: 0 <= size1 <= size2 " + size2 + ")");
        }
        requireHashes(proof);
        if (size1 == 0) {
            throw new ProofException(Reason.EMPTY_TREE, "size1 : 0 (expected: > 0, the empty tree proves nothing)");
        }
        verifyWalk(0, size1, size2, proof, root1, root2);
    }

    /**
     * Checks that a subtree {@code [start, end)} whose hash is {@code root1} is part of the tree of
     * {@code size} leaves whose root is {@code root2} (Merkle Tree Certificates draft, subtree
     * consistency proofs). With {@code start = 0} this is {@link #verifyConsistency}.
     *
     * @param start first leaf of the subtree, {@code >= 0}, a multiple of the smallest power of two
     *              {@code >= end - start}
     * @param end   one past the last leaf of the subtree, {@code start <= end <= size}
     * @param size  leaves in the tree
     * @param proof the subtree consistency proof, lowest level first
     * @param root1 the subtree's hash, {@value #HASH_BYTES} bytes
     * @param root2 the tree's root, {@value #HASH_BYTES} bytes
     * @throws ProofException when the sizes, the subtree's alignment, a hash length, the proof length
     *     or a root is wrong; an empty subtree needs an empty proof and {@code root1 = SHA-256("")}
     *     and ignores {@code root2}, and a subtree that is the whole tree only compares the roots
     */
    public static void verifySubtreeConsistency(long start, long end, long size, List<byte[]> proof,
                                                byte[] root1, byte[] root2) throws ProofException {
        if (start < 0 || start > end || end > size) {
            throw new ProofException(Reason.INVALID_SIZES, "subtree : [" + start + ", " + end
                    + ") (expected: 0 <= start <= end <= size " + size + ")");
        }
        requireHashes(proof);
        if (start == end) {
            if (!proof.isEmpty()) {
                throw new ProofException(Reason.PROOF_LENGTH,
                        "proof : " + proof.size() + " elements (expected: 0 for an empty subtree)");
            }
            if (!MessageDigest.isEqual(root1, EMPTY_ROOT)) {
                throw new ProofException(Reason.FIRST_ROOT_MISMATCH,
                        "root1 of an empty subtree (expected: SHA-256(\"\"))");
            }
            return;
        }
        requireSubtree(start, end);
        verifyWalk(start, end, size, proof, root1, root2);
    }

    /** {@code 0 <= start < end <= size}, subtree aligned, all hashes checked. */
    private static void verifyWalk(long start, long end, long size, List<byte[]> proof, byte[] root1,
                                   byte[] root2) throws ProofException {
        if (start == 0 && end == size) {
            if (!proof.isEmpty()) {
                throw new ProofException(Reason.PROOF_LENGTH,
                        "proof : " + proof.size() + " elements (expected: 0 for equal sizes)");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw new ProofException(Reason.SECOND_ROOT_MISMATCH, "equal sizes " + size + " but different roots");
            }
            return;
        }
        // Only now are the roots compared with hashes the walk computes, so only now must they be hashes:
        // equal sizes compare the two roots with each other, and an empty subtree ignores root2, as the
        // reference verifier does (its probes with 12-byte roots there are valid).
        requireHash("root1", root1);
        requireHash("root2", root2);
        MessageDigest digest = newDigest();
        long width = end - start;
        int subtreeHeight = bitLength((end - 1) ^ start);
        // RFC 9162 step 2: when the old tree (here the subtree) is itself a node of the new tree, its
        // root seeds the walk; otherwise the proof's first element, its rightmost complete node, does.
        boolean subtreeIsNode = Long.bitCount(width) == 1 || end == size;
        int level;
        int next;
        byte[] first;
        if (subtreeIsNode) {
            level = subtreeHeight;
            first = root1;
            next = 0;
        } else {
            if (proof.isEmpty()) {
                throw new ProofException(Reason.PROOF_LENGTH, "proof : empty (expected: at least 1 element)");
            }
            level = Long.numberOfTrailingZeros(width);
            first = proof.get(0);
            next = 1;
        }
        long fn = (end - 1) >>> level;
        long sn = (size - 1) >>> level;
        byte[] second = first;
        for (int i = next; i < proof.size(); i++) {
            byte[] sibling = proof.get(i);
            if (sn == 0) {
                throw new ProofException(Reason.PROOF_LENGTH, "proof : " + proof.size()
                        + " elements (expected: fewer for [" + start + ", " + end + ") in " + size + ")");
            }
            if ((fn & 1) == 1 || fn == sn) {
                if (level < subtreeHeight) {
                    first = hashChildren(digest, sibling, first);
                }
                second = hashChildren(digest, sibling, second);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                    level++;
                }
            } else {
                second = hashChildren(digest, second, sibling);
            }
            fn >>>= 1;
            sn >>>= 1;
            level++;
        }
        if (sn != 0) {
            throw new ProofException(Reason.PROOF_LENGTH, "proof : " + proof.size()
                    + " elements (expected: more for [" + start + ", " + end + ") in " + size + ")");
        }
        if (!MessageDigest.isEqual(first, root1)) {
            throw new ProofException(Reason.FIRST_ROOT_MISMATCH,
                    "the proof leads to another root for [" + start + ", " + end + ")");
        }
        if (!MessageDigest.isEqual(second, root2)) {
            throw new ProofException(Reason.SECOND_ROOT_MISMATCH,
                    "the proof leads to another root for size " + size);
        }
    }

    /** RFC 9162 §2.1.3.2 steps 2 to 5 but the root comparison; sizes and hashes checked. */
    private static byte[] rootFromInclusion(MessageDigest digest, long leafIndex, long treeSize, byte[] leafHash,
                                            List<byte[]> proof) throws ProofException {
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] hash = leafHash;
        for (byte[] sibling : proof) {
            if (sn == 0) {
                throw new ProofException(Reason.PROOF_LENGTH, "proof : " + proof.size()
                        + " elements (expected: fewer for leaf " + leafIndex + " of " + treeSize + ")");
            }
            if ((fn & 1) == 1 || fn == sn) {
                hash = hashChildren(digest, sibling, hash);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                hash = hashChildren(digest, hash, sibling);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new ProofException(Reason.PROOF_LENGTH, "proof : " + proof.size()
                    + " elements (expected: more for leaf " + leafIndex + " of " + treeSize + ")");
        }
        return hash;
    }

    private static void requireSubtree(long start, long end) throws ProofException {
        if (start >= end || !isAlignedSubtree(start, end)) {
            throw new ProofException(Reason.INVALID_SUBTREE, "subtree : [" + start + ", " + end
                    + ") (expected: start < end, start a multiple of the smallest power of two >= end - start)");
        }
    }

    /**
     * @return whether {@code start} is a multiple of the smallest power of two {@code >= end - start}
     *     (Merkle Tree Certificates draft); requires {@code 0 <= start < end}
     */
    static boolean isAlignedSubtree(long start, long end) {
        long width = end - start;
        // Low bits that must be clear in start: all bits below the smallest power of two >= width.
        long mask = width == 1 ? 0 : -1L >>> Long.numberOfLeadingZeros(width - 1);
        return (start & mask) == 0;
    }

    private static void requireHash(String name, byte[] hash) throws ProofException {
        Objects.requireNonNull(hash, name);
        if (hash.length != HASH_BYTES) {
            throw new ProofException(Reason.HASH_LENGTH,
                    name + " : " + hash.length + " bytes (expected: " + HASH_BYTES + ")");
        }
    }

    private static void requireHashes(List<byte[]> proof) throws ProofException {
        Objects.requireNonNull(proof, "proof");
        for (int i = 0; i < proof.size(); i++) {
            requireHash("proof[" + i + "]", proof.get(i));
        }
    }

    static int bitLength(long value) {
        return Long.SIZE - Long.numberOfLeadingZeros(value);
    }

    static byte[] hashChildren(MessageDigest digest, byte[] left, byte[] right) {
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** @return a fresh SHA-256 digest; every Java platform must provide SHA-256 */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
