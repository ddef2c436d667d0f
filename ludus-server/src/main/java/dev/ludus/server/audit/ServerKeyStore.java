package dev.ludus.server.audit;

import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.audit.TreeHeadSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's signing key in its audit directory: {@value #KEY_FILE} (PKCS#8, PEM, owner-only
 * permissions) and {@value #PUBLIC_FILE} (X.509 SubjectPublicKeyInfo, PEM), both readable by OpenSSL
 * ({@code openssl pkey -in server.key -pubout}). Generated on first use. Thread-safe (no state).
 */
public final class ServerKeyStore {
    /** The private key's file name. */
    public static final String KEY_FILE = "server.key";
    /** The public key's file name. */
    public static final String PUBLIC_FILE = "server.pub";
    private static final Logger LOG = LoggerFactory.getLogger(ServerKeyStore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServerKeyStore() {
    }

    /**
     * Reads the key pair of {@code dir}, or generates one there when {@value #KEY_FILE} is missing. The
     * public key is derived from the private key and (re)written to {@value #PUBLIC_FILE} when that
     * is missing; a {@value #PUBLIC_FILE} that does not match the private key is an error.
     *
     * @param dir an existing, writable directory
     * @return the key pair
     * @throws IOException when a file cannot be read or written, or holds no Ed25519 key
     */
    public static KeyPair loadOrCreate(Path dir) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            try {
                create(dir, keyFile);
            } catch (FileAlreadyExistsException e) {
                // Another process generated it at the same moment: use theirs.
            }
        }
        KeyPair keys;
        try {
            keys = ServerKeys.keyPair(readPem(keyFile, "PRIVATE KEY"));
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + " : " + e.getMessage(), e);
        }
        warnIfShared(keyFile);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        if (!Files.exists(publicFile)) {
            Files.writeString(publicFile, pem("PUBLIC KEY", keys.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } else if (!Arrays.equals(readPublicKey(publicFile).getEncoded(), keys.getPublic().getEncoded())) {
            throw new IOException(publicFile + " : another key than " + keyFile + "'s (expected: its public key;"
                + " delete " + PUBLIC_FILE + " to have it written again)");
        }
        return keys;
    }

    /**
     * Reads a public key: PEM ({@code -----BEGIN PUBLIC KEY-----}) or raw DER, X.509 SubjectPublicKeyInfo.
     *
     * @param file the file, e.g. a server's {@value #PUBLIC_FILE}
     * @return the Ed25519 public key
     * @throws IOException when the file cannot be read or holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            return ServerKeys.publicKey(text.contains("-----BEGIN") ? decodePem(text, "PUBLIC KEY", file) : bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " : " + e.getMessage(), e);
        }
    }

    private static void create(Path dir, Path keyFile) throws IOException {
        KeyPair keys = TreeHeadSigner.generateKeys();
        Path temporary = Files.createTempFile(dir, ".server-key-", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            } catch (UnsupportedOperationException e) {
                LOG.warn("{}: this file system has no POSIX permissions; protect the key yourself", keyFile);
            }
            Files.writeString(temporary, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.move(temporary, keyFile);   // no REPLACE_EXISTING: a key that appeared meanwhile is kept
            Files.deleteIfExists(dir.resolve(PUBLIC_FILE));
            LOG.info("Generated the audit signing key {} (server id {})", keyFile, ServerKeys.serverId(keys.getPublic()));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void warnIfShared(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("{} is readable by others ({}); it should be rw------- (chmod 600)", keyFile,
                    PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Nothing to check on this file system.
        }
    }

    private static byte[] readPem(Path file, String label) throws IOException {
        return decodePem(Files.readString(file, StandardCharsets.US_ASCII), label, file);
    }

    private static byte[] decodePem(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " : no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " : the " + label + " block is not base64", e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + label + "-----\n";
    }
}
