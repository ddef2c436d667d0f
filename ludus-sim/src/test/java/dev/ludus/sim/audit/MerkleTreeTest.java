package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.sim.audit.ProofException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    /** RFC 6962 §2.1 MTH, straight from its recursive definition. */
    private static byte[] mth(List<byte[]> leafHashes, int from, int to) {
        if (to == from) {
            return MerkleProofs.emptyRoot();
        }
        if (to - from == 1) {
            return leafHashes.get(from);
        }
        int mid = from + Integer.highestOneBit(to - from - 1);
        return MerkleProofs.hashChildren(mth(leafHashes, from, mid), mth(leafHashes, mid, to));
    }

    @Test
    void shouldMatchTheRecursiveDefinitionAcrossStoragePages() {
        MerkleTree tree = new MerkleTree();
        List<byte[]> leafHashes = new ArrayList<>();
        int leaves = 3 * MerkleTree.PAGE_HASHES + 5;
        for (int i = 0; i < leaves; i++) {
            byte[] data = MerkleTreePropertiesTest.leaf(7, i);
            assertThat(tree.append(data)).isEqualTo(i);
            leafHashes.add(MerkleProofs.hashLeaf(data));
        }
        for (int n : new int[] {0, 1, 2, 3, 1023, 1024, 1025, 2048, 3000, leaves}) {
            assertThat(tree.root(n)).as("root(%d)", n).isEqualTo(mth(leafHashes, 0, n));
        }
        assertThat(tree.leafHash(leaves - 1)).isEqualTo(leafHashes.get(leaves - 1));
        assertThat(tree.subtreeHash(2048, 3000)).isEqualTo(mth(leafHashes, 2048, 3000));
    }

    @Test
    void shouldGiveTheSameTreeForLeafDataOrLeafHashes() {
        MerkleTree byData = new MerkleTree();
        MerkleTree byHash = new MerkleTree();
        for (int i = 0; i < 37; i++) {
            byte[] data = MerkleTreePropertiesTest.leaf(3, i);
            byData.append(data);
            assertThat(byHash.appendLeafHash(MerkleProofs.hashLeaf(data))).isEqualTo(i);
        }
        assertThat(byHash.root()).isEqualTo(byData.root());
        assertThat(byHash.size()).isEqualTo(37);
    }

    /** The examples of the Merkle Tree Certificates draft: subtrees [4, 8) and [8, 13) of a tree of 14. */
    @Test
    void shouldGiveTheDraftsSubtreeConsistencyProofs() throws ProofException {
        MerkleTree tree = MerkleTreePropertiesTest.tree(14, 11);
        assertThat(tree.subtreeConsistencyProof(4, 8, 14))
                .containsExactly(tree.subtreeHash(0, 4), mth8to14(tree));
        assertThat(tree.subtreeConsistencyProof(8, 13, 14)).containsExactly(tree.subtreeHash(12, 13),
                tree.subtreeHash(13, 14), tree.subtreeHash(8, 12), tree.subtreeHash(0, 8));
        assertThat(tree.subtreeConsistencyProof(8, 13, 13)).containsExactly(tree.subtreeHash(0, 8));
        MerkleProofs.verifySubtreeConsistency(8, 13, 13, tree.subtreeConsistencyProof(8, 13, 13),
                tree.subtreeHash(8, 13), tree.root(13));
        assertThat(tree.subtreeConsistencyProof(5, 5, 14)).isEmpty();
        MerkleProofs.verifySubtreeConsistency(5, 5, 14, List.of(), MerkleProofs.emptyRoot(), tree.root());
    }

    /** [8, 14) is not a valid subtree to ask for, but is the right child of the root of 14. */
    private static byte[] mth8to14(MerkleTree tree) {
        return MerkleProofs.hashChildren(tree.subtreeHash(8, 12), tree.subtreeHash(12, 14));
    }

    @Test
    void shouldRejectOutOfRangeArguments() {
        MerkleTree tree = MerkleTreePropertiesTest.tree(5, 1);
        assertThatThrownBy(() -> tree.root(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize : 6 (expected: 0 <= treeSize <= 5)");
        assertThatThrownBy(() -> tree.leafHash(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index : 5 (expected: 0 <= index <= 4)");
        assertThatThrownBy(() -> tree.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.subtreeHash(1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subtree : [1, 3) (expected: 0 <= start < end <= 5");
        assertThatThrownBy(() -> tree.subtreeInclusionProof(0, 2, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.subtreeConsistencyProof(6, 6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.appendLeafHash(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafHash : 31 bytes (expected: 32)");
        assertThat(tree.size()).isEqualTo(5);
    }

    @Test
    void shouldNameWhatFailed() {
        MerkleTree tree = MerkleTreePropertiesTest.tree(6, 2);
        byte[] leaf = tree.leafHash(2);
        List<byte[]> path = tree.inclusionProof(2, 6);
        List<byte[]> consistency = tree.consistencyProof(3, 6);
        byte[] root3 = tree.root(3);
        byte[] root6 = tree.root(6);
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root6);

        failsWith(Reason.INVALID_SIZES, () -> MerkleProofs.verifyInclusion(6, 6, leaf, path, root6));
        failsWith(Reason.INVALID_SIZES, () -> MerkleProofs.verifyInclusion(-1, 6, leaf, path, root6));
        failsWith(Reason.HASH_LENGTH, () -> MerkleProofs.verifyInclusion(2, 6, new byte[3], path, root6));
        failsWith(Reason.PROOF_LENGTH, () -> MerkleProofs.verifyInclusion(2, 6, leaf, longer, root6));
        failsWith(Reason.PROOF_LENGTH, () -> MerkleProofs.verifyInclusion(2, 6, leaf, path.subList(0, 1), root6));
        failsWith(Reason.ROOT_MISMATCH, () -> MerkleProofs.verifyInclusion(2, 6, leaf, path, root3));
        failsWith(Reason.INVALID_SIZES, () -> MerkleProofs.verifyConsistency(4, 3, consistency, root3, root6));
        failsWith(Reason.EMPTY_TREE, () -> MerkleProofs.verifyConsistency(0, 6, List.of(), root3, root6));
        failsWith(Reason.FIRST_ROOT_MISMATCH, () -> MerkleProofs.verifyConsistency(3, 6, consistency, root6, root6));
        failsWith(Reason.SECOND_ROOT_MISMATCH, () -> MerkleProofs.verifyConsistency(3, 6, consistency, root3, root3));
        failsWith(Reason.PROOF_LENGTH, () -> MerkleProofs.verifyConsistency(3, 6, List.of(), root3, root6));
        failsWith(Reason.PROOF_LENGTH, () -> MerkleProofs.verifyConsistency(6, 6, consistency, root6, root6));
        failsWith(Reason.SECOND_ROOT_MISMATCH, () -> MerkleProofs.verifyConsistency(6, 6, List.of(), root3, root6));
        failsWith(Reason.INVALID_SUBTREE,
                () -> MerkleProofs.verifySubtreeConsistency(1, 3, 6, consistency, root3, root6));
        failsWith(Reason.INVALID_SIZES,
                () -> MerkleProofs.verifySubtreeConsistency(0, 7, 6, consistency, root3, root6));
        failsWith(Reason.PROOF_LENGTH,
                () -> MerkleProofs.verifySubtreeConsistency(2, 2, 6, consistency, root3, root6));
        failsWith(Reason.FIRST_ROOT_MISMATCH,
                () -> MerkleProofs.verifySubtreeConsistency(2, 2, 6, List.of(), root3, root6));
        failsWith(Reason.INVALID_SUBTREE,
                () -> MerkleProofs.verifySubtreeInclusion(2, 2, 2, leaf, List.of(), root6));
        failsWith(Reason.INVALID_SIZES,
                () -> MerkleProofs.verifySubtreeInclusion(1, 2, 4, leaf, List.of(), root6));
        failsWith(Reason.INVALID_SIZES,
                () -> MerkleProofs.verifySubtreeInclusion(0, -2, 4, leaf, List.of(), root6));
        assertThatCode(() -> MerkleProofs.verifySubtreeInclusion(2, 2, 4, leaf, tree.subtreeInclusionProof(2, 2, 4),
                tree.subtreeHash(2, 4))).doesNotThrowAnyException();
    }

    private static void failsWith(Reason reason, ThrowingCallable verification) {
        assertThatThrownBy(verification).isInstanceOfSatisfying(ProofException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(reason.name());
        });
    }
}
