package dev.ludus.sim.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A server's Ed25519 identity: decoding its keys and naming it. Pure functions over bytes (the
 * files are read and written by the server); thread-safe.
 *
 * <p>Encodings are the JDK's and OpenSSL's: a private key is PKCS#8 ({@code PrivateKeyInfo}, RFC
 * 8410 §7, 48 bytes for Ed25519), a public key is X.509 {@code SubjectPublicKeyInfo} (RFC 8410 §4,
 * 44 bytes: the fixed prefix {@code 302a300506032b6570032100} and the 32-byte key of RFC 8032).
 */
public final class ServerKeys {
    private static final String ALGORITHM = "Ed25519";
    /** Hex digits of the key fingerprint in a server id. */
    private static final int ID_HEX_DIGITS = 16;

    private ServerKeys() {
    }

    /**
     * A server's id: {@code "ludus-"} and the first {@value #ID_HEX_DIGITS} hex digits (64 bits) of
     * SHA-256 over the public key's X.509 encoding. Stable for as long as the key is, and the same on
     * every machine that holds the public key.
     *
     * @param publicKey an Ed25519 public key
     * @return the id, e.g. {@code ludus-3f2a9c0e11d4b7a5}
     */
    public static String serverId(PublicKey publicKey) {
        return "ludus-" + fingerprint(publicKey).substring(0, ID_HEX_DIGITS);
    }

    /**
     * @param publicKey a public key
     * @return SHA-256 of its X.509 encoding, 64 lower-case hex digits
     */
    public static String fingerprint(PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        return HexFormat.of().formatHex(MerkleProofs.newDigest().digest(publicKey.getEncoded()));
    }

    /**
     * @param x509 an X.509 {@code SubjectPublicKeyInfo}, DER
     * @return the Ed25519 public key
     * @throws IllegalArgumentException when the bytes are not an Ed25519 public key
     */
    public static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new IllegalArgumentException("public key : " + x509.length + " bytes (expected: an Ed25519 "
                + "SubjectPublicKeyInfo, 44 bytes DER)", e);
        } catch (GeneralSecurityException e) {
            throw noEd25519(e);
        }
    }

    /**
     * Decodes a private key and derives its public key (RFC 8032 §5.1.5: the public key is a function
     * of the 32-byte private key), so the pair is known from the private key alone.
     *
     * @param pkcs8 a PKCS#8 {@code PrivateKeyInfo}, DER
     * @return the key pair
     * @throws IllegalArgumentException when the bytes are not an Ed25519 private key
     */
    public static KeyPair keyPair(byte[] pkcs8) {
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new IllegalArgumentException("private key : " + pkcs8.length + " bytes (expected: an Ed25519 "
                + "PKCS#8 PrivateKeyInfo, 48 bytes DER)", e);
        } catch (GeneralSecurityException e) {
            throw noEd25519(e);
        }
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
            .orElseThrow(() -> new IllegalArgumentException("private key : not extractable"));
        try {
            // The JDK's generator draws the 32-byte private key from its random source and computes the
            // public key from it; feeding it the known private key gives that key's public key.
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair derived = generator.generateKeyPair();
            return new KeyPair(derived.getPublic(), privateKey);
        } catch (GeneralSecurityException e) {
            throw noEd25519(e);
        }
    }

    private static IllegalStateException noEd25519(GeneralSecurityException e) {
        return new IllegalStateException("this JDK has no Ed25519 (every JDK since 15 has)", e);
    }

    /** A "random" source that returns given bytes: only for deriving a key pair from a known private key. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("asked for " + out.length + " bytes, holds " + bytes.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
