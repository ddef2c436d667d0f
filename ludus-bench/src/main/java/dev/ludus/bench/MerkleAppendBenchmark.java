package dev.ludus.bench;

import dev.ludus.sim.audit.MerkleTree;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending 32-byte leaves to the audit log's {@link MerkleTree} against the floor under it: one
 * SHA-256 of the same 32 bytes (issue 5 asks for at least 500,000 appends per second).
 *
 * <ul>
 *   <li>{@link #append}: {@link MerkleTree#append} of a 32-byte leaf, the leaf hash
 *       {@code SHA-256(0x00 || leaf)} (one compression block) plus on average one node hash
 *       {@code SHA-256(0x01 || left || right)} (65 bytes, two blocks) and the stores; the tree starts
 *       afresh every {@value #LEAVES_PER_TREE} leaves (64 MiB of hashes) so memory stays bounded;</li>
 *   <li>{@link #rawSha256}: {@code SHA-256} of the same 32 bytes into a reused buffer, one block.</li>
 * </ul>
 * Each operation changes the first 8 bytes of the input, so no two hashed inputs are equal.
 * Score: operations per second; a block-count model predicts append at about a third of raw.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MerkleAppendBenchmark {
    static final int LEAVES_PER_TREE = 1 << 20;

    MerkleTree tree;
    MessageDigest digest;
    byte[] leaf;
    byte[] out;
    long counter;

    /** A fresh tree, a digest and a 32-byte leaf. */
    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        tree = new MerkleTree();
        digest = MessageDigest.getInstance("SHA-256");
        leaf = new byte[32];
        for (int i = 0; i < leaf.length; i++) {
            leaf[i] = (byte) (31 * i + 7);
        }
        out = new byte[32];
    }

    /** @return the new leaf's index */
    @Benchmark
    public long append() {
        if (tree.size() == LEAVES_PER_TREE) {
            tree = new MerkleTree();
        }
        nextLeaf();
        return tree.append(leaf);
    }

    /** @return the number of digest bytes written */
    @Benchmark
    public int rawSha256() throws DigestException {
        nextLeaf();
        digest.update(leaf);
        return digest.digest(out, 0, out.length);
    }

    private void nextLeaf() {
        long value = ++counter;
        for (int b = 0; b < 8; b++) {
            leaf[b] = (byte) (value >>> (8 * b));
        }
    }
}
