package dev.ludus.sim.audit;

import java.util.Objects;

/**
 * A Merkle proof that did not verify, with the {@link Reason} it failed for.
 *
 * <p>Checked on purpose: a caller of {@link MerkleProofs} cannot forget that a proof may be false.
 * The reason is stable and meant for metrics and tests; the message adds the numbers and is meant
 * for people.
 */
public final class ProofException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a proof was rejected. */
    public enum Reason {
        /** A size or index is negative, an index is not below its size, or sizes are out of order. */
        INVALID_SIZES,
        /** A subtree {@code [start, end)} is empty where it may not be, or {@code start} is not a
         *  multiple of the smallest power of two {@code >= end - start}. */
        INVALID_SUBTREE,
        /** A consistency proof from the empty tree was asked for: it proves nothing. */
        EMPTY_TREE,
        /** A root, leaf hash or proof element is not {@value MerkleProofs#HASH_BYTES} bytes long. */
        HASH_LENGTH,
        /** The proof has more or fewer elements than the sizes call for. */
        PROOF_LENGTH,
        /** The root an inclusion proof leads to differs from the expected root. */
        ROOT_MISMATCH,
        /** The first (older, or subtree) root a consistency proof leads to differs from {@code root1}. */
        FIRST_ROOT_MISMATCH,
        /** The second (newer) root a consistency proof leads to differs from {@code root2}. */
        SECOND_ROOT_MISMATCH
    }

    private final Reason reason;

    ProofException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the proof was rejected, never null */
    public Reason reason() {
        return reason;
    }
}
