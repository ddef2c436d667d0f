package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.sim.audit.EventRejectedException.Code;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** Events between servers: accepted once from a trusted origin, refused when forged, changed or replayed. */
class SignedEventVerifierTest {
    private static final KeyPair ALPHA = TreeHeadSigner.generateKeys();
    private static final KeyPair BETA = TreeHeadSigner.generateKeys();

    private final SignedEventVerifier verifier = new SignedEventVerifier();

    @Test
    void shouldAcceptEventsOfATrustedServerInOrderWithGaps() {
        EventSigner signer = new EventSigner(ALPHA, 0);
        assertThat(verifier.trust(ALPHA.getPublic())).isEqualTo(signer.origin()).startsWith("ludus-").hasSize(22);

        SignedEvent first = signer.sign(bytes("handover 17"));
        signer.sign(bytes("lost on the way"));
        SignedEvent third = signer.sign(bytes("handover 18"));

        assertThatCode(() -> verifier.verify(first)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(third)).doesNotThrowAnyException();
        assertThat(third.sequence()).isEqualTo(2);
        assertThat(new String(third.payload(), StandardCharsets.UTF_8)).isEqualTo("handover 18");
    }

    @Test
    void shouldRejectAReplayedOrOlderSequenceNumber() throws EventRejectedException {
        verifier.trust(ALPHA.getPublic());
        EventSigner signer = new EventSigner(ALPHA, 10);
        SignedEvent tenth = signer.sign(bytes("a"));
        SignedEvent eleventh = signer.sign(bytes("b"));
        verifier.verify(eleventh);

        assertThat(code(() -> verifier.verify(eleventh))).isEqualTo(Code.REPLAYED_SEQUENCE);
        assertThat(code(() -> verifier.verify(tenth))).isEqualTo(Code.REPLAYED_SEQUENCE);
    }

    @Test
    void shouldRejectAnUnknownOrigin() {
        verifier.trust(ALPHA.getPublic());
        SignedEvent fromBeta = new EventSigner(BETA, 0).sign(bytes("hello"));

        assertThat(code(() -> verifier.verify(fromBeta))).isEqualTo(Code.UNKNOWN_ORIGIN);
        assertThat(Code.UNKNOWN_ORIGIN.wireName()).isEqualTo("unknown_origin");
    }

    @Test
    void shouldRejectAChangedPayloadSequenceOrSignatureAndAForgedOrigin() throws EventRejectedException {
        verifier.trust(ALPHA.getPublic());
        SignedEvent event = new EventSigner(ALPHA, 5).sign(bytes("give 10 gold"));
        byte[] flipped = event.signature();
        flipped[7] ^= 1;

        assertThat(code(() -> verifier.verify(new SignedEvent(event.origin(), 5, bytes("give 99 gold"), event.signature()))))
            .isEqualTo(Code.BAD_SIGNATURE);
        assertThat(code(() -> verifier.verify(new SignedEvent(event.origin(), 6, event.payload(), event.signature()))))
            .isEqualTo(Code.BAD_SIGNATURE);
        assertThat(code(() -> verifier.verify(new SignedEvent(event.origin(), 5, event.payload(), flipped))))
            .isEqualTo(Code.BAD_SIGNATURE);
        // Beta signs an event claiming to come from alpha.
        SignedEvent betas = new EventSigner(BETA, 0).sign(bytes("give 10 gold"));
        assertThat(code(() -> verifier.verify(new SignedEvent(event.origin(), 5, betas.payload(), betas.signature()))))
            .isEqualTo(Code.BAD_SIGNATURE);
        // Nothing rejected was recorded: the genuine event still passes.
        verifier.verify(event);
    }

    @Test
    void shouldSignTheDocumentedCanonicalEncoding() {
        SignedEvent event = new EventSigner(ALPHA, 258).sign(new byte[] {9, 8});
        byte[] origin = event.origin().getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(13 + 1 + 2 + origin.length + 8 + 4 + 2)
            .put("ludus-event/1".getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
            .putShort((short) origin.length).put(origin).putLong(258).putInt(2).put(new byte[] {9, 8});

        assertThat(event.signedBytes()).isEqualTo(expected.array());
        assertThat(event).isEqualTo(new SignedEvent(event.origin(), 258, new byte[] {9, 8}, event.signature()))
            .hasSameHashCodeAs(new SignedEvent(event.origin(), 258, new byte[] {9, 8}, event.signature()));
        assertThat(event.toString()).contains("sequence=258", "2 bytes");
    }

    @Test
    void shouldRefuseMalformedEvents() {
        byte[] signature = new byte[64];
        assertThatThrownBy(() -> new SignedEvent("", 0, new byte[0], signature)).hasMessageContaining("origin");
        assertThatThrownBy(() -> new SignedEvent("x".repeat(256), 0, new byte[0], signature)).hasMessageContaining("origin");
        assertThatThrownBy(() -> new SignedEvent("a", -1, new byte[0], signature)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> new SignedEvent("a", 0, new byte[0], new byte[63])).hasMessageContaining("signature");
        assertThatThrownBy(() -> new EventSigner(ALPHA, -1)).hasMessageContaining("firstSequence");
    }

    @Test
    void shouldDeriveThePublicKeyFromThePrivateKey() {
        KeyPair decoded = ServerKeys.keyPair(ALPHA.getPrivate().getEncoded());
        assertThat(decoded.getPublic().getEncoded()).isEqualTo(ALPHA.getPublic().getEncoded());
        assertThat(ServerKeys.publicKey(ALPHA.getPublic().getEncoded()).getEncoded())
            .isEqualTo(ALPHA.getPublic().getEncoded());
        assertThat(ServerKeys.fingerprint(ALPHA.getPublic())).hasSize(64);
        assertThatThrownBy(() -> ServerKeys.publicKey(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerKeys.keyPair(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private interface Call {
        void run() throws EventRejectedException;
    }

    private static Code code(Call call) {
        try {
            call.run();
        } catch (EventRejectedException e) {
            return e.code();
        }
        throw new AssertionError("expected a rejection");
    }
}
