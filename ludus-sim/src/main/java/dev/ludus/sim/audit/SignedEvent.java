package dev.ludus.sim.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An event that crosses a server boundary (a handover, a cross-node message of the cluster), signed
 * by the server it comes from so that the receiver can check who sent it and that nobody changed it
 * on the way ({@link SignedEventVerifier}).
 *
 * <p>The signature is Ed25519 (RFC 8032) over the {@linkplain #signedBytes() canonical encoding},
 * all integers big-endian:
 * <pre>
 *   "ludus-event/1"          13 bytes, ASCII: the domain, so no other Ludus signature can pass for an event's
 *   0x00                     1 byte
 *   origin length            2 bytes, unsigned, 1 to {@value #MAX_ORIGIN_BYTES}
 *   origin                   the origin server id, UTF-8
 *   sequence                 8 bytes, signed, {@code >= 0}
 *   payload length           4 bytes, unsigned, 0 to {@value #MAX_PAYLOAD_BYTES}
 *   payload                  the payload
 * </pre>
 * Every field is length-prefixed, so no two different events share signed bytes.
 *
 * <p>Immutable: the arrays are copied in and out.
 *
 * @param origin    the id of the server that created and signed the event (its
 *                  {@link ServerKeys#serverId key fingerprint}), 1 to {@value #MAX_ORIGIN_BYTES} bytes of UTF-8
 * @param sequence  the event's number among its origin's events, {@code >= 0}, increasing; a receiver
 *                  accepts each number once
 * @param payload   what the event says, 0 to {@value #MAX_PAYLOAD_BYTES} bytes, opaque here
 * @param signature the Ed25519 signature of {@link #signedBytes()}, 64 bytes
 */
public record SignedEvent(String origin, long sequence, byte[] payload, byte[] signature) {
    /** Longest origin id, bytes of UTF-8. */
    public static final int MAX_ORIGIN_BYTES = 255;
    /** Largest payload, bytes (16 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;
    private static final byte[] DOMAIN = "ludus-event/1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @throws IllegalArgumentException naming the first value out of range
     * @throws NullPointerException     when a component is null
     */
    public SignedEvent {
        signedBytes(origin, sequence, payload);
        if (signature.length != SignedTreeHead.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature : " + signature.length + " bytes (expected: "
                + SignedTreeHead.SIGNATURE_BYTES + ")");
        }
        payload = payload.clone();
        signature = signature.clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return a copy of the signature */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** @return the bytes the signature covers (see the class comment) */
    public byte[] signedBytes() {
        return signedBytes(origin, sequence, payload);
    }

    static byte[] signedBytes(String origin, long sequence, byte[] payload) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(payload, "payload");
        byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        if (originBytes.length < 1 || originBytes.length > MAX_ORIGIN_BYTES) {
            throw new IllegalArgumentException("origin : " + originBytes.length + " bytes of UTF-8 (expected: 1 to "
                + MAX_ORIGIN_BYTES + ")");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence : " + sequence + " (expected: >= 0)");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload : " + payload.length + " bytes (expected: <= "
                + MAX_PAYLOAD_BYTES + ")");
        }
        return ByteBuffer.allocate(DOMAIN.length + 1 + 2 + originBytes.length + 8 + 4 + payload.length)
            .put(DOMAIN).put((byte) 0)
            .putShort((short) originBytes.length).put(originBytes)
            .putLong(sequence)
            .putInt(payload.length).put(payload)
            .array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedEvent event && event.origin.equals(origin) && event.sequence == sequence
            && Arrays.equals(event.payload, payload) && Arrays.equals(event.signature, signature);
    }

    @Override
    public int hashCode() {
        return (origin.hashCode() * 31 + Long.hashCode(sequence)) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SignedEvent[origin=" + origin + ", sequence=" + sequence + ", payload=" + payload.length
            + " bytes, signature=" + HexFormat.of().formatHex(signature, 0, 8) + "...]";
    }
}
