package dev.ludus.sim.audit;

import dev.ludus.sim.audit.EventRejectedException.Code;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving side of {@link SignedEvent}s: accepts an event only when its origin is a trusted
 * server, its signature verifies with that server's key, and its sequence number is above every number
 * already accepted from that origin (so a recorded event cannot be played again; numbers may skip).
 *
 * <p>Thread-safe: events from one origin may arrive on several threads; of two events with the same
 * number, exactly one is accepted.
 */
public final class SignedEventVerifier {
    private final Map<String, PublicKey> trusted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAccepted = new ConcurrentHashMap<>();

    /** A verifier that trusts nobody yet. */
    public SignedEventVerifier() {
    }

    /**
     * Trusts a server: its events are accepted from now on. Trusting a key again keeps the sequence
     * numbers already seen.
     *
     * @param publicKey the server's Ed25519 public key; its id is {@link ServerKeys#serverId}
     * @return the server's id
     */
    public String trust(PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        String id = ServerKeys.serverId(publicKey);
        trusted.put(id, publicKey);
        lastAccepted.putIfAbsent(id, new AtomicLong(-1));
        return id;
    }

    /**
     * Checks an event and, when it passes, records its sequence number as seen.
     *
     * @param event the event
     * @throws EventRejectedException with {@link Code#UNKNOWN_ORIGIN}, {@link Code#BAD_SIGNATURE} or
     *     {@link Code#REPLAYED_SEQUENCE}; nothing is recorded then
     */
    public void verify(SignedEvent event) throws EventRejectedException {
        Objects.requireNonNull(event, "event");
        PublicKey key = trusted.get(event.origin());
        if (key == null) {
            throw new EventRejectedException(Code.UNKNOWN_ORIGIN, "origin " + event.origin() + " is not a trusted server");
        }
        if (!signatureValid(event, key)) {
            throw new EventRejectedException(Code.BAD_SIGNATURE, "event " + event.sequence() + " from " + event.origin()
                + " does not verify with that server's key");
        }
        AtomicLong last = lastAccepted.get(event.origin());
        long seen;
        do {
            seen = last.get();
            if (event.sequence() <= seen) {
                throw new EventRejectedException(Code.REPLAYED_SEQUENCE, "event " + event.sequence() + " from "
                    + event.origin() + " (expected: above " + seen + ", the last accepted)");
            }
        } while (!last.compareAndSet(seen, event.sequence()));
    }

    private static boolean signatureValid(SignedEvent event, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(event.signedBytes());
            return verifier.verify(event.signature());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("trusted key of " + event.origin() + " : not Ed25519", e);
        } catch (SignatureException e) {
            return false;   // not even a well-formed signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
        }
    }
}
