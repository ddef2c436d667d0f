package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The compact tree a log writer keeps gives the same roots and consistency proofs as the full
 * {@link MerkleTree}, whatever the sizes at which it is marked.
 */
class CompactMerkleTreePropertiesTest {

    @Property(tries = 80)
    void shouldGiveTheFullTreesRootsAndProofsAcrossMarks(@ForAll @IntRange(min = 1, max = 700) int leaves,
                                                         @ForAll long seed) throws ProofException {
        MerkleTree full = new MerkleTree();
        CompactMerkleTree compact = new CompactMerkleTree();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < leaves; i++) {
            byte[] hash = MerkleProofs.hashLeaf(MerkleTreePropertiesTest.leaf(seed, i));
            full.appendLeafHash(hash);
            assertThat(compact.appendLeafHash(hash)).isEqualTo(i);
            assertThat(compact.root()).isEqualTo(full.root());
            if (random.nextInt(8) == 0 || i == leaves - 1) {
                if (compact.markSize() > 0) {
                    List<byte[]> proof = compact.consistencyProofFromMark();
                    assertThat(proof).usingElementComparator(CompactMerkleTreePropertiesTest::compare)
                        .containsExactlyElementsOf(full.consistencyProof(compact.markSize(), full.size()));
                    MerkleProofs.verifyConsistency(compact.markSize(), full.size(), proof,
                        full.root(compact.markSize()), compact.root());
                }
                compact.mark();
            }
        }
        assertThat(compact.size()).isEqualTo(leaves);
    }

    @Test
    void shouldMatchTheReferenceRootOfTheEightTestLeaves() {
        // ../shared/testdata/rfc6962/vectors.txt: the leaves "", 00, 10, 2021, 3031, 40414243,
        // 5051525354555657, 606162636465666768696a6b6c6d6e6f and their root at n=8.
        String[] leaves = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
        CompactMerkleTree tree = new CompactMerkleTree();
        for (String leaf : leaves) {
            tree.appendLeafHash(MerkleProofs.hashLeaf(HexFormat.of().parseHex(leaf)));
        }
        assertThat(HexFormat.of().formatHex(tree.root()))
            .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }

    @Test
    void shouldGiveTheEmptyRootAndRefuseAProofFromTheEmptyTree() {
        CompactMerkleTree tree = new CompactMerkleTree();
        assertThat(tree.root()).isEqualTo(MerkleProofs.emptyRoot());
        assertThatThrownBy(tree::consistencyProofFromMark).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tree.appendLeafHash(new byte[31])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("31 bytes");
        tree.appendLeafHash(new byte[32]);
        tree.mark();
        assertThat(tree.consistencyProofFromMark()).isEmpty();
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
