package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Proofs the tree gives verify, and tampered ones do not.
 *
 * <p>Trees reach 2,100 leaves so that levels 0 and 1 span several storage pages. Leaves are 12 bytes
 * derived from a seed and their index, hence distinct.
 *
 * <p>Sizes are not fully bound by a root: RFC 6962 roots commit to the leaves, not to the count, so
 * the proof for leaf 0 of a tree of 3 also verifies for a tree of 4 against the same root (the third
 * leaf's hash is read as the hash of the last two). A log binds the size by signing it with the root.
 * The off-by-one property therefore demands rejection whenever the other size calls for a proof of
 * another length, and tampered indices and bits are always rejected.
 */
class MerkleTreePropertiesTest {
    private static final int PICKS = 16;

    static MerkleTree tree(int leaves, long seed) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < leaves; i++) {
            tree.append(leaf(seed, i));
        }
        return tree;
    }

    static byte[] leaf(long seed, int index) {
        byte[] data = new byte[12];
        for (int b = 0; b < 8; b++) {
            data[b] = (byte) (seed >>> (8 * b));
        }
        for (int b = 0; b < 4; b++) {
            data[8 + b] = (byte) (index >>> (8 * b));
        }
        return data;
    }

    @Property(tries = 60)
    void shouldVerifyEveryProofTheTreeGives(@ForAll @IntRange(min = 1, max = 2100) int leaves, @ForAll long seed)
            throws ProofException {
        MerkleTree tree = tree(leaves, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int pick = 0; pick < PICKS; pick++) {
            long size2 = 1 + random.nextLong(leaves);
            long index = random.nextLong(size2);
            long size1 = 1 + random.nextLong(size2);
            MerkleProofs.verifyInclusion(index, size2, tree.leafHash(index), tree.inclusionProof(index, size2),
                    tree.root(size2));
            MerkleProofs.verifyConsistency(size1, size2, tree.consistencyProof(size1, size2), tree.root(size1),
                    tree.root(size2));

            long[] subtree = subtree(random, size2);
            long start = subtree[0];
            long end = subtree[1];
            long inside = start + random.nextLong(end - start);
            byte[] subtreeHash = tree.subtreeHash(start, end);
            MerkleProofs.verifySubtreeInclusion(inside, start, end, tree.leafHash(inside),
                    tree.subtreeInclusionProof(inside, start, end), subtreeHash);
            MerkleProofs.verifySubtreeConsistency(start, end, size2, tree.subtreeConsistencyProof(start, end, size2),
                    subtreeHash, tree.root(size2));
        }
    }

    /** @return a random valid subtree {@code [start, end)} with {@code end <= size}, {@code size >= 1} */
    static long[] subtree(SplittableRandom random, long size) {
        long width = 1 + random.nextLong(size);
        long align = width == 1 ? 1 : Long.highestOneBit(width - 1) << 1;
        long slots = (size - width) / align + 1;
        long start = random.nextLong(slots) * align;
        return new long[] {start, start + width};
    }

    @Property(tries = 60)
    void shouldRejectAnySingleBitFlip(@ForAll @IntRange(min = 2, max = 2100) int leaves, @ForAll long seed) {
        MerkleTree tree = tree(leaves, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int pick = 0; pick < PICKS; pick++) {
            long size2 = 2 + random.nextLong(leaves - 1);
            long index = random.nextLong(size2);
            long size1 = 1 + random.nextLong(size2 - 1);
            byte[] leafHash = tree.leafHash(index);
            List<byte[]> inclusion = tree.inclusionProof(index, size2);
            List<byte[]> consistency = tree.consistencyProof(size1, size2);
            byte[] root1 = tree.root(size1);
            byte[] root2 = tree.root(size2);

            rejectsInclusion(index, size2, flip(random, leafHash), inclusion, root2);
            rejectsInclusion(index, size2, leafHash, inclusion, flip(random, root2));
            if (!inclusion.isEmpty()) {
                rejectsInclusion(index, size2, leafHash, flipOne(random, inclusion), root2);
            }
            rejectsConsistency(size1, size2, consistency, flip(random, root1), root2);
            rejectsConsistency(size1, size2, consistency, root1, flip(random, root2));
            rejectsConsistency(size1, size2, flipOne(random, consistency), root1, root2);

            long[] subtree = subtree(random, size2);
            long start = subtree[0];
            long end = subtree[1];
            byte[] subtreeHash = tree.subtreeHash(start, end);
            List<byte[]> subtreeProof = tree.subtreeConsistencyProof(start, end, size2);
            assertThatThrownBy(() -> MerkleProofs.verifySubtreeConsistency(start, end, size2, subtreeProof,
                    flip(random, subtreeHash), root2)).isInstanceOf(ProofException.class);
            assertThatThrownBy(() -> MerkleProofs.verifySubtreeConsistency(start, end, size2, subtreeProof,
                    subtreeHash, flip(random, root2))).isInstanceOf(ProofException.class);
            if (!subtreeProof.isEmpty()) {
                assertThatThrownBy(() -> MerkleProofs.verifySubtreeConsistency(start, end, size2,
                        flipOne(random, subtreeProof), subtreeHash, root2)).isInstanceOf(ProofException.class);
            }
        }
    }

    @Property(tries = 60)
    void shouldRejectOffByOneIndicesAndSizesThatChangeTheProof(@ForAll @IntRange(min = 3, max = 2100) int leaves,
                                                              @ForAll long seed) {
        MerkleTree tree = tree(leaves, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int pick = 0; pick < PICKS; pick++) {
            // size2 + 1 stays within the tree, so it can tell the proof length of every neighbour.
            long size2 = 2 + random.nextLong(leaves - 2);
            long index = random.nextLong(size2);
            long size1 = 1 + random.nextLong(size2 - 1);
            byte[] leafHash = tree.leafHash(index);
            List<byte[]> inclusion = tree.inclusionProof(index, size2);
            List<byte[]> consistency = tree.consistencyProof(size1, size2);
            byte[] root1 = tree.root(size1);
            byte[] root2 = tree.root(size2);

            for (long delta : new long[] {-1, 1}) {
                rejectsInclusion(index + delta, size2, leafHash, inclusion, root2);
                long otherSize2 = size2 + delta;
                if (otherSize2 <= index
                        || tree.inclusionProof(index, otherSize2).size() != inclusion.size()) {
                    rejectsInclusion(index, otherSize2, leafHash, inclusion, root2);
                }
                long otherSize1 = size1 + delta;
                if (otherSize1 < 1 || otherSize1 > size2
                        || tree.consistencyProof(otherSize1, size2).size() != consistency.size()) {
                    rejectsConsistency(otherSize1, size2, consistency, root1, root2);
                }
                if (otherSize2 < size1
                        || tree.consistencyProof(size1, otherSize2).size() != consistency.size()) {
                    rejectsConsistency(size1, otherSize2, consistency, root1, root2);
                }
            }
        }
    }

    @Property(tries = 40)
    void shouldGiveForOldSizesTheRootOfAFreshTreeOfThatSize(@ForAll @IntRange(min = 0, max = 2100) int leaves,
                                                           @ForAll long seed) {
        MerkleTree tree = tree(leaves, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int pick = 0; pick < 4; pick++) {
            int oldSize = random.nextInt(leaves + 1);
            assertThat(tree.root(oldSize)).isEqualTo(tree(oldSize, seed).root());
        }
        assertThat(tree.root()).isEqualTo(tree.root(leaves));
    }

    @Property(tries = 30)
    void shouldAcceptOnlyTheEmptyProofForTheSameSize(@ForAll @IntRange(min = 1, max = 300) int leaves,
                                                    @ForAll long seed) {
        MerkleTree tree = tree(leaves, seed);
        assertThat(tree.consistencyProof(leaves, leaves)).isEmpty();
        assertThatCode(() -> MerkleProofs.verifyConsistency(leaves, leaves, List.of(), tree.root(), tree.root()))
                .doesNotThrowAnyException();
    }

    private static void rejectsInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(index, size, leafHash, proof, root))
                .as("inclusion of %d in %d", index, size).isInstanceOf(ProofException.class);
    }

    private static void rejectsConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(size1, size2, proof, root1, root2))
                .as("consistency of %d with %d", size1, size2).isInstanceOf(ProofException.class);
    }

    private static byte[] flip(SplittableRandom random, byte[] hash) {
        byte[] copy = hash.clone();
        int bit = random.nextInt(copy.length * 8);
        copy[bit >>> 3] ^= (byte) (1 << (bit & 7));
        return copy;
    }

    private static List<byte[]> flipOne(SplittableRandom random, List<byte[]> proof) {
        List<byte[]> copy = new ArrayList<>(proof);
        int element = random.nextInt(copy.size());
        copy.set(element, flip(random, copy.get(element)));
        return copy;
    }
}
