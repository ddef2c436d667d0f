package dev.ludus.platform.session;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies session tokens with HMAC-SHA256 (RFC 2104 over FIPS 180-4's SHA-256, the JDK's
 * {@code HmacSHA256}).
 *
 * <p>A token is {@code v1.<payload>.<mac>}, both parts unpadded base64url (RFC 4648 §5). The payload
 * holds the {@link SessionToken}'s claims in a fixed binary order (kind, session id, player,
 * generation, issue and expiry milliseconds, audience, body); the MAC covers the ASCII of
 * {@code v1.<payload>}, so a changed version, claim or byte fails verification. MACs are compared in
 * constant time ({@link MessageDigest#isEqual}). Every server of a cluster that must accept another's
 * tokens (resume after a fail-over, handoff) holds the same key: {@code LUDUS_SESSION_KEY}.
 *
 * <p>Thread-safe: each call uses its own {@link Mac}.
 */
public final class SessionTokens {
    /** The smallest key accepted, bytes: RFC 2104 §3 asks for at least the hash's output length (32). */
    public static final int MIN_KEY_BYTES = 32;
    /** The longest string claim accepted, bytes of UTF-8 (a handoff body with a full inventory fits easily). */
    public static final int MAX_FIELD_BYTES = 8192;
    /** The longest token accepted for verification, characters; anything longer is refused unread. */
    public static final int MAX_TOKEN_CHARS = 16_384;
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /**
     * @param key the shared secret, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException when it is shorter
     */
    public SessionTokens(byte[] key) {
        this(key, ALGORITHM);
    }

    /** With another MAC algorithm: only for tests of a JDK without it. */
    SessionTokens(byte[] key, String algorithm) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("LUDUS_SESSION_KEY : " + key.length + " bytes (expected: at least "
                + MIN_KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(key.clone(), algorithm);
        // Fail at start rather than at the first login.
        newMac(this.key);
    }

    /**
     * @param random where the key comes from
     * @return tokens under a fresh random key of 32 bytes: valid only in this process (a restart or another
     *     server refuses them)
     */
    public static SessionTokens random(SecureRandom random) {
        byte[] key = new byte[MIN_KEY_BYTES];
        random.nextBytes(key);
        return new SessionTokens(key);
    }

    /**
     * @param base64Key the key as standard or URL-safe base64 (e.g. {@code openssl rand -base64 32})
     * @return tokens under that key
     * @throws IllegalArgumentException when it is not base64 or decodes to fewer than {@value #MIN_KEY_BYTES} bytes
     */
    public static SessionTokens fromBase64(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LUDUS_SESSION_KEY : not base64 (expected: at least " + MIN_KEY_BYTES
                + " random bytes in base64)", e);
        }
        return new SessionTokens(key);
    }

    /**
     * @param token the claims
     * @return the signed token, ASCII
     * @throws IllegalArgumentException when a string claim is over {@value #MAX_FIELD_BYTES} bytes
     */
    public String sign(SessionToken token) {
        byte[][] strings = {utf8(token.sessionId()), utf8(token.player()), utf8(token.audience()), utf8(token.body())};
        int length = 1 + Integer.BYTES + 2 * Long.BYTES;
        for (byte[] string : strings) {
            length += Short.BYTES + string.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put((byte) token.kind().ordinal());
        put(out, strings[0]);
        put(out, strings[1]);
        out.putInt(token.generation());
        out.putLong(token.issuedAtMs());
        out.putLong(token.expiresAtMs());
        put(out, strings[2]);
        put(out, strings[3]);
        String signed = VERSION + "." + ENCODER.encodeToString(out.array());
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /**
     * Checks a token's shape, signature and expiry.
     *
     * @param token the token as the client sent it
     * @param nowMs the current time, Unix milliseconds
     * @return its claims
     * @throws SessionException {@link SessionError#TOKEN_MALFORMED} (not a v1 token), {@link SessionError#TOKEN_INVALID}
     *     (the MAC does not verify) or {@link SessionError#TOKEN_EXPIRED} ({@code nowMs >= expiresAtMs})
     */
    public SessionToken verify(String token, long nowMs) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw malformed("absent or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first < 0 || first == last || !VERSION.equals(token.substring(0, first))) {
            throw malformed("expected: v1.<payload>.<mac>");
        }
        String signed = token.substring(0, last);
        byte[] mac;
        byte[] payload;
        try {
            mac = DECODER.decode(token.substring(last + 1));
            payload = DECODER.decode(token.substring(first + 1, last));
        } catch (IllegalArgumentException e) {
            throw malformed("not base64url");
        }
        if (!MessageDigest.isEqual(mac, mac(signed))) {
            throw new SessionException(SessionError.TOKEN_INVALID, "the token's signature does not verify");
        }
        SessionToken claims = decode(payload);
        if (nowMs >= claims.expiresAtMs()) {
            throw new SessionException(SessionError.TOKEN_EXPIRED, "the token expired at " + claims.expiresAtMs()
                + " ms (now " + nowMs + " ms)");
        }
        return claims;
    }

    private static SessionToken decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            int kind = Byte.toUnsignedInt(in.get());
            if (kind >= SessionToken.Kind.values().length) {
                throw malformed("unknown kind " + kind);
            }
            SessionToken claims = new SessionToken(SessionToken.Kind.values()[kind], string(in), string(in), in.getInt(),
                in.getLong(), in.getLong(), string(in), string(in));
            if (in.hasRemaining()) {
                throw malformed("trailing bytes");
            }
            return claims;
        } catch (BufferUnderflowException | CharacterCodingException | IllegalArgumentException e) {
            // A signed payload this code did not write: a key shared with a different format.
            throw malformed("unreadable payload (" + e + ")");
        }
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new IllegalArgumentException("token claim : " + bytes.length + " bytes (expected: at most "
                + MAX_FIELD_BYTES + " bytes of UTF-8)");
        }
        return bytes;
    }

    private static void put(ByteBuffer out, byte[] string) {
        out.putShort((short) string.length);
        out.put(string);
    }

    private static String string(ByteBuffer in) throws CharacterCodingException {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
    }

    private byte[] mac(String signed) {
        return newMac(key).doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every JDK provides HmacSHA256 (a JCA standard name), so only a test's made-up algorithm gets here.
            throw new IllegalStateException("MAC " + key.getAlgorithm() + " unavailable", e);
        }
    }

    private static SessionException malformed(String detail) {
        return new SessionException(SessionError.TOKEN_MALFORMED, "session token : " + detail);
    }
}
