package dev.ludus.sim.audit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signed tree head: the size and root hash of a log's Merkle tree at one moment, signed by the log
 * (RFC 6962 §3.5), so that anyone holding the log's public key can check that a root is the log's and
 * then check inclusion and consistency proofs against it.
 *
 * <p>The signed bytes are RFC 6962's {@code TreeHeadSignature} structure, 50 bytes big-endian:
 * {@code version} (1 byte, 0 = v1), {@code signature_type} (1 byte, 1 = tree_hash),
 * {@code timestamp} (8 bytes, milliseconds since the Unix epoch), {@code tree_size} (8 bytes) and
 * {@code sha256_root_hash} (32 bytes). The signature is Ed25519 (RFC 8032) rather than RFC 6962's
 * ECDSA or RSA, as issue 5 asks.
 *
 * <p>Immutable: the arrays are copied in and out.
 *
 * @param treeSize        leaves in the tree, {@code >= 0}
 * @param timestampMillis when the head was signed, Unix epoch milliseconds, {@code >= 0}
 * @param rootHash        the tree's root hash, 32 bytes (SHA-256)
 * @param signature       the Ed25519 signature of {@link #signedBytes()}, 64 bytes
 */
public record SignedTreeHead(long treeSize, long timestampMillis, byte[] rootHash, byte[] signature) {
    /** Length of a SHA-256 hash, bytes. */
    public static final int HASH_BYTES = 32;
    /** Length of an Ed25519 signature, bytes (RFC 8032 §5.1.6). */
    public static final int SIGNATURE_BYTES = 64;
    /** Length of the signed structure, bytes. */
    public static final int SIGNED_BYTES = 1 + 1 + 8 + 8 + HASH_BYTES;

    /**
     * @throws IllegalArgumentException naming the first value out of range
     * @throws NullPointerException when an array is null
     */
    public SignedTreeHead {
        requireValid(treeSize, timestampMillis, rootHash);
        if (signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature : " + signature.length + " bytes (expected: "
                + SIGNATURE_BYTES + ")");
        }
        rootHash = rootHash.clone();
        signature = signature.clone();
    }

    /** @return a copy of the root hash */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** @return a copy of the signature */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** @return the 50 bytes the signature covers (see the class comment) */
    public byte[] signedBytes() {
        return signedBytes(treeSize, timestampMillis, rootHash);
    }

    /** The structure an Ed25519 signature of a tree head covers; arguments checked as the record's. */
    static byte[] signedBytes(long treeSize, long timestampMillis, byte[] rootHash) {
        requireValid(treeSize, timestampMillis, rootHash);
        return ByteBuffer.allocate(SIGNED_BYTES)
            .put((byte) 0)                // version: v1
            .put((byte) 1)                // signature_type: tree_hash
            .putLong(timestampMillis)
            .putLong(treeSize)
            .put(rootHash)
            .array();
    }

    private static void requireValid(long treeSize, long timestampMillis, byte[] rootHash) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize : " + treeSize + " (expected: >= 0)");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestampMillis : " + timestampMillis + " (expected: >= 0)");
        }
        if (rootHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("rootHash : " + rootHash.length + " bytes (expected: " + HASH_BYTES + ")");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead head && head.treeSize == treeSize
            && head.timestampMillis == timestampMillis && Arrays.equals(head.rootHash, rootHash)
            && Arrays.equals(head.signature, signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(treeSize) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "SignedTreeHead[treeSize=" + treeSize + ", timestampMillis=" + timestampMillis + ", rootHash="
            + HexFormat.of().formatHex(rootHash) + "]";
    }
}
