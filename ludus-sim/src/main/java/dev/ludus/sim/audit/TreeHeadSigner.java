package dev.ludus.sim.audit;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Signs and verifies {@link SignedTreeHead}s with Ed25519 (RFC 8032), through the JDK's own provider
 * ({@code Signature.getInstance("Ed25519")}, JEP 339).
 *
 * <p>Not thread-safe (one {@link Signature} object is reused); give each thread its own.
 */
public final class TreeHeadSigner {
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Signature signer;

    /**
     * @param keys an Ed25519 key pair, as from {@link #generateKeys()}
     * @throws IllegalArgumentException when the keys are not Ed25519 keys
     */
    public TreeHeadSigner(KeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        this.privateKey = Objects.requireNonNull(keys.getPrivate(), "keys.private");
        this.publicKey = Objects.requireNonNull(keys.getPublic(), "keys.public");
        try {
            this.signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("keys : " + privateKey.getAlgorithm() + " (expected: Ed25519)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
        }
    }

    /** @return a fresh Ed25519 key pair from the JDK's default secure random source */
    public static KeyPair generateKeys() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
        }
    }

    /** @return the public key that verifies this signer's heads */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * @param treeSize        leaves in the tree, {@code >= 0}
     * @param timestampMillis Unix epoch milliseconds, {@code >= 0}, given by the caller (the simulation
     *                        has no clock of its own)
     * @param rootHash        32 bytes
     * @return the signed head
     * @throws IllegalArgumentException naming the first value out of range
     */
    public SignedTreeHead sign(long treeSize, long timestampMillis, byte[] rootHash) {
        byte[] signed = SignedTreeHead.signedBytes(treeSize, timestampMillis, rootHash);
        try {
            signer.update(signed);
            return new SignedTreeHead(treeSize, timestampMillis, rootHash, signer.sign());
        } catch (SignatureException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether a head was signed by the holder of the private key matching {@code key}: false for any
     * change to its size, timestamp, root or signature, or for another key.
     *
     * @param head the head
     * @param key  an Ed25519 public key
     * @return whether the signature is valid
     * @throws IllegalArgumentException when the key is not an Ed25519 key
     */
    public static boolean verify(SignedTreeHead head, PublicKey key) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(key, "key");
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(head.signedBytes());
            return verifier.verify(head.signature());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("key : " + key.getAlgorithm() + " (expected: Ed25519)", e);
        } catch (SignatureException e) {
            return false;   // a malformed signature (not a point on the curve) is simply not valid
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
        }
    }
}
