package dev.ludus.sim.audit;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Signs the events one server sends to others ({@link SignedEvent}), numbering them 0, 1, 2, ... so
 * that a receiver can refuse a replay.
 *
 * <p>Thread-safe: {@link #sign} is synchronized, so numbers are handed out once each and in the order
 * the events are signed.
 */
public final class EventSigner {
    private final String origin;
    private final Signature signer;
    private long nextSequence;

    /**
     * @param keys          the server's Ed25519 key pair; the origin id is {@link ServerKeys#serverId} of its public key
     * @param firstSequence the number of the first event, {@code >= 0}: after a restart, one past the
     *                      last number sent, since receivers refuse numbers they have seen
     * @throws IllegalArgumentException when the keys are not Ed25519 or the number is negative
     */
    public EventSigner(KeyPair keys, long firstSequence) {
        Objects.requireNonNull(keys, "keys");
        if (firstSequence < 0) {
            throw new IllegalArgumentException("firstSequence : " + firstSequence + " (expected: >= 0)");
        }
        this.origin = ServerKeys.serverId(keys.getPublic());
        this.nextSequence = firstSequence;
        try {
            this.signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("keys : " + keys.getPrivate().getAlgorithm() + " (expected: Ed25519)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
        }
    }

    /** @return the origin id every event of this signer carries */
    public String origin() {
        return origin;
    }

    /**
     * @param payload what the event says, at most {@value SignedEvent#MAX_PAYLOAD_BYTES} bytes; copied
     * @return the event, with the next sequence number
     * @throws IllegalArgumentException when the payload is too large
     */
    public synchronized SignedEvent sign(byte[] payload) {
        byte[] signed = SignedEvent.signedBytes(origin, nextSequence, payload);
        try {
            signer.update(signed);
            SignedEvent event = new SignedEvent(origin, nextSequence, payload, signer.sign());
            nextSequence++;
            return event;
        } catch (SignatureException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
