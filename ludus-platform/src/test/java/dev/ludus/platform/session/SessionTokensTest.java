package dev.ludus.platform.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final SessionToken CLAIMS = new SessionToken(SessionToken.Kind.ACCESS, "s-1_A", "alice", 3, 1_000,
        61_000, "", "");

    private final SessionTokens tokens = new SessionTokens(KEY);

    @Test
    void shouldReturnTheSignedClaimsBeforeExpiry() {
        String token = tokens.sign(CLAIMS);

        assertThat(token).startsWith("v1.").matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        assertThat(tokens.verify(token, 60_999)).isEqualTo(CLAIMS);
    }

    @Test
    void shouldCarryAHandoffBodyAndAudience() {
        SessionToken handoff = new SessionToken(SessionToken.Kind.HANDOFF, "h1", "bob", 0, 5, 10, "server-b", "1.5;2.0;90;wood=3");

        assertThat(tokens.verify(tokens.sign(handoff), 9)).isEqualTo(handoff);
    }

    @Test
    void shouldMatchAnIndependentHmacSha256OverTheSignedText() throws Exception {
        String token = tokens.sign(CLAIMS);
        int last = token.lastIndexOf('.');
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));

        byte[] expected = mac.doFinal(token.substring(0, last).getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64.getUrlDecoder().decode(token.substring(last + 1))).isEqualTo(expected);
    }

    @Test
    void shouldRefuseExpiredTokensAtTheirExpiry() {
        String token = tokens.sign(CLAIMS);

        assertThatThrownBy(() -> tokens.verify(token, 61_000)).isInstanceOf(SessionException.class)
            .extracting(e -> ((SessionException) e).error()).isEqualTo(SessionError.TOKEN_EXPIRED);
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKeyOrAltered() {
        String token = tokens.sign(CLAIMS);
        SessionTokens other = SessionTokens.random(new SecureRandom());
        String forged = token.substring(0, 3) + Base64.getUrlEncoder().withoutPadding().encodeToString(
            payload(SessionToken.Kind.ACCESS, "s-1_A", "mallory")) + token.substring(token.lastIndexOf('.'));

        assertThat(errorOf(() -> other.verify(token, 2_000))).isEqualTo(SessionError.TOKEN_INVALID);
        assertThat(errorOf(() -> tokens.verify(forged, 2_000))).isEqualTo(SessionError.TOKEN_INVALID);
    }

    @Test
    void shouldRefuseMalformedTokensWithAStableCode() {
        String good = tokens.sign(CLAIMS);
        String mac = good.substring(good.lastIndexOf('.'));
        for (String bad : new String[] {null, "", "v1", "v1.abc", "v2.abc.def", "x" + good, "v1.a$c.def", "v1.abc.d$f",
            "v1." + "a".repeat(SessionTokens.MAX_TOKEN_CHARS)}) {
            assertThat(errorOf(() -> tokens.verify(bad, 2_000))).as("%s", bad).isEqualTo(SessionError.TOKEN_MALFORMED);
        }
        // Correctly signed payloads this code did not write.
        for (byte[] payload : new byte[][] {{9}, {0, 0}, {0, 0, 9, 65}, trailing(), {0, 0, 2, (byte) 0xC3, (byte) 0x28},
            payload(SessionToken.Kind.ACCESS, "bad id!", "p")}) {
            String signed = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
            assertThat(errorOf(() -> tokens.verify(signed + "." + macOf(signed), 2_000))).isEqualTo(SessionError.TOKEN_MALFORMED);
        }
        assertThat(mac).hasSize(44);
    }

    @Test
    void shouldRefuseShortKeysAndBadBase64() {
        assertThatThrownBy(() -> new SessionTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SessionTokens.fromBase64("not base64 !")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not base64");
        SessionTokens fromKey = SessionTokens.fromBase64(Base64.getUrlEncoder().encodeToString(KEY));
        assertThat(fromKey.verify(tokens.sign(CLAIMS), 2_000)).isEqualTo(CLAIMS);
    }

    @Test
    void shouldRefuseClaimsTooLongToSign() {
        SessionToken huge = new SessionToken(SessionToken.Kind.HANDOFF, "h", "p", 0, 1, 2, "b", "x".repeat(8193));

        assertThatThrownBy(() -> tokens.sign(huge)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192");
    }

    @Test
    void shouldFailAtConstructionWhenTheMacAlgorithmIsMissing() {
        assertThatThrownBy(() -> new SessionTokens(KEY, "HmacNope")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("HmacNope");
    }

    @Test
    void shouldCheckClaimRanges() {
        assertThatThrownBy(() -> new SessionToken(SessionToken.Kind.ACCESS, "bad id!", "p", 0, 1, 2, "", ""))
            .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> new SessionToken(SessionToken.Kind.ACCESS, "id", "", 0, 1, 2, "", ""))
            .hasMessageContaining("expected");
        assertThatThrownBy(() -> new SessionToken(SessionToken.Kind.ACCESS, "id", "p", -1, 1, 2, "", ""))
            .hasMessageContaining("generation");
        assertThatThrownBy(() -> new SessionToken(SessionToken.Kind.ACCESS, "id", "p", 0, 2, 2, "", ""))
            .hasMessageContaining("expiry");
    }

    private static byte[] trailing() {
        byte[] body = payload(SessionToken.Kind.ACCESS, "id", "p");
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        return longer;
    }

    private static byte[] payload(SessionToken.Kind kind, String id, String player) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] playerBytes = player.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + idBytes.length + 2 + playerBytes.length + 4 + 16 + 4);
        out.put((byte) kind.ordinal()).putShort((short) idBytes.length).put(idBytes).putShort((short) playerBytes.length)
            .put(playerBytes).putInt(0).putLong(1_000).putLong(61_000).putShort((short) 0).putShort((short) 0);
        return out.array();
    }

    private static String macOf(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static SessionError errorOf(Runnable call) {
        try {
            call.run();
        } catch (SessionException e) {
            return e.error();
        }
        throw new AssertionError("expected a SessionException");
    }
}
