package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Signed tree heads: what is signed, and that any change to a head or its key fails verification. */
class TreeHeadSignerTest {
    /** The RFC 6962 root of the eight test leaves in ../shared/testdata/rfc6962/vectors.txt (n=8). */
    private static final byte[] ROOT = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    private static final KeyPair KEYS = TreeHeadSigner.generateKeys();

    private final TreeHeadSigner signer = new TreeHeadSigner(KEYS);

    @Test
    void shouldVerifyAHeadItSignedWithItsPublicKey() {
        SignedTreeHead head = signer.sign(8, 1_767_225_600_000L, ROOT);

        assertThat(TreeHeadSigner.verify(head, signer.publicKey())).isTrue();
        assertThat(head.treeSize()).isEqualTo(8);
        assertThat(head.rootHash()).isEqualTo(ROOT);
        assertThat(head.signature()).hasSize(SignedTreeHead.SIGNATURE_BYTES);
    }

    @Test
    void shouldSignRfc6962sTreeHeadSignatureStructure() {
        byte[] signed = signer.sign(8, 0x0102030405060708L, ROOT).signedBytes();

        ByteBuffer expected = ByteBuffer.allocate(50).put((byte) 0).put((byte) 1).putLong(0x0102030405060708L)
            .putLong(8).put(ROOT);
        assertThat(signed).isEqualTo(expected.array());
    }

    @Test
    void shouldRejectAnyChangeToSizeTimestampRootOrSignature() {
        SignedTreeHead head = signer.sign(8, 1_000, ROOT);
        SplittableRandom random = new SplittableRandom(6962);

        assertThat(verify(new SignedTreeHead(9, 1_000, ROOT, head.signature()))).as("size").isFalse();
        assertThat(verify(new SignedTreeHead(8, 1_001, ROOT, head.signature()))).as("timestamp").isFalse();
        for (int trial = 0; trial < 64; trial++) {
            byte[] root = ROOT.clone();
            int bit = random.nextInt(root.length * 8);
            root[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verify(new SignedTreeHead(8, 1_000, root, head.signature()))).as("root bit %s", bit).isFalse();
            byte[] signature = head.signature();
            int sigBit = random.nextInt(signature.length * 8);
            signature[sigBit / 8] ^= (byte) (1 << (sigBit % 8));
            assertThat(verify(new SignedTreeHead(8, 1_000, ROOT, signature))).as("signature bit %s", sigBit).isFalse();
        }
        assertThat(TreeHeadSigner.verify(head, TreeHeadSigner.generateKeys().getPublic())).as("another key").isFalse();
    }

    @Test
    void shouldKeepItsOwnCopiesOfTheArrays() {
        byte[] root = ROOT.clone();
        SignedTreeHead head = signer.sign(8, 1_000, root);
        root[0] ^= 1;
        head.rootHash()[0] ^= 1;
        head.signature()[0] ^= 1;

        assertThat(verify(head)).isTrue();
        assertThat(head).isEqualTo(new SignedTreeHead(8, 1_000, ROOT, head.signature()));
        assertThat(head.hashCode()).isEqualTo(new SignedTreeHead(8, 1_000, ROOT, head.signature()).hashCode());
        assertThat(head.toString()).contains("treeSize=8").contains("5dc9da79");
    }

    @Test
    void shouldRefuseBadValuesNamingThem() throws Exception {
        byte[] signature = new byte[SignedTreeHead.SIGNATURE_BYTES];
        assertThatThrownBy(() -> signer.sign(-1, 0, ROOT)).hasMessage("treeSize : -1 (expected: >= 0)");
        assertThatThrownBy(() -> signer.sign(1, -5, ROOT)).hasMessage("timestampMillis : -5 (expected: >= 0)");
        assertThatThrownBy(() -> signer.sign(1, 0, new byte[31])).hasMessage("rootHash : 31 bytes (expected: 32)");
        assertThatThrownBy(() -> new SignedTreeHead(1, 0, ROOT, new byte[63])).hasMessage("signature : 63 bytes (expected: 64)");
        assertThatThrownBy(() -> new SignedTreeHead(1, 0, null, signature)).isInstanceOf(NullPointerException.class);
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> new TreeHeadSigner(rsa)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("keys : RSA (expected: Ed25519)");
        SignedTreeHead head = signer.sign(1, 0, ROOT);
        assertThatThrownBy(() -> TreeHeadSigner.verify(head, rsa.getPublic())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("key : RSA (expected: Ed25519)");
        assertThat(verify(new SignedTreeHead(1, 0, ROOT, signature))).as("an all-zero signature").isFalse();
    }

    private boolean verify(SignedTreeHead head) {
        return TreeHeadSigner.verify(head, signer.publicKey());
    }
}
