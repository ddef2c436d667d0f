package dev.ludus.sim.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The verifiers and the tree against the RFC 6962 reference data of transparency-dev/merkle in
 * {@code ../shared/testdata/rfc6962} (beside the repository root): every JSON probe under
 * {@code testdata/{inclusion,consistency,subtreeinclusion,subtreeconsistency}} is its own test, and
 * {@code vectors.txt} gives the roots of sizes 0 to 8 and the leaf and node hashes.
 *
 * <p>A probe is accepted exactly when its {@code wantErr} is false (issue 5). That includes the
 * probes in {@link #ROOTS_NOT_HASHED}, whose roots are not 32 bytes where the verifier only compares
 * two roots with each other (equal sizes) or ignores one (an empty subtree).
 *
 * <p>Missing data fails the tests; it never skips them.
 */
class MerkleVectorsTest {
    private static final Set<String> ROOTS_NOT_HASHED = Set.of(
            "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
            "subtreeconsistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
            "subtreeconsistency/additional/"
                    + "subtree-is-empty-sizes-are-equal-one-subtree-root-valid-tree-root-random-proof-is-empty.json",
            "subtreeconsistency/additional/"
                    + "subtree-is-empty-sizes-are-equal-zero-subtree-root-valid-tree-root-random-proof-is-empty.json");
    private static final List<String> KINDS =
            List.of("inclusion", "consistency", "subtreeinclusion", "subtreeconsistency");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * @return {@code shared/testdata/rfc6962} in the nearest ancestor of the working directory (the
     *     module) that holds it: the repository root's parent, in a worktree or a fresh CI clone
     */
    static Path referenceData() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata").resolve("rfc6962");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return fail("RFC 6962 reference data not found: no shared/testdata/rfc6962 in " + start
                + " or any parent; check out the shared test data beside the repository root");
    }

    @TestFactory
    Stream<DynamicTest> shouldAcceptExactlyTheProbesTheReferenceAccepts() throws IOException {
        Path root = referenceData().resolve("testdata");
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, Integer> perKind = new TreeMap<>();
        for (String kind : KINDS) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root.resolve(kind))) {
                files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            perKind.put(kind, files.size());
            for (Path file : files) {
                String name = root.relativize(file).toString().replace('\\', '/');
                tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> checkProbe(kind, name, file)));
            }
        }
        assertThat(perKind.values()).as("probes per kind %s", perKind).allMatch(count -> count > 0);
        assertThat(tests.stream().map(DynamicTest::getDisplayName))
                .as("every probe named here exists").containsAll(ROOTS_NOT_HASHED);
        return tests.stream();
    }

    private static void checkProbe(String kind, String name, Path file) throws IOException {
        JsonNode probe = JSON.readTree(file.toFile());
        boolean wantErr = probe.path("wantErr").asBoolean();
        if (ROOTS_NOT_HASHED.contains(name)) {
            assertThat(wantErr).as("a probe with short roots the reference accepts").isFalse();
        }
        if (wantErr) {
            assertThatThrownBy(() -> verify(kind, probe)).isInstanceOf(ProofException.class);
        } else {
            assertThatCode(() -> verify(kind, probe)).doesNotThrowAnyException();
        }
    }

    private static void verify(String kind, JsonNode probe) throws ProofException {
        List<byte[]> proof = new ArrayList<>();
        probe.path("proof").forEach(element -> proof.add(bytes(element)));
        switch (kind) {
            case "inclusion" -> MerkleProofs.verifyInclusion(size(probe, "leafIdx"), size(probe, "treeSize"),
                    bytes(probe.path("leafHash")), proof, bytes(probe.path("root")));
            case "consistency" -> MerkleProofs.verifyConsistency(size(probe, "size1"), size(probe, "size2"), proof,
                    bytes(probe.path("root1")), bytes(probe.path("root2")));
            case "subtreeinclusion" -> MerkleProofs.verifySubtreeInclusion(size(probe, "leafIdx"),
                    size(probe, "start"), size(probe, "end"), bytes(probe.path("leafHash")), proof,
                    bytes(probe.path("root")));
            case "subtreeconsistency" -> MerkleProofs.verifySubtreeConsistency(size(probe, "start"),
                    size(probe, "end"), size(probe, "size"), proof, bytes(probe.path("root1")),
                    bytes(probe.path("root2")));
            default -> throw new IllegalArgumentException("kind : " + kind);
        }
    }

    /** A uint64 of the reference, as the same 64 bits in a long: above 2^63 - 1 it turns negative. */
    private static long size(JsonNode probe, String field) {
        JsonNode value = probe.path(field);
        assertThat(value.isIntegralNumber()).as("%s is an integer in %s", field, probe).isTrue();
        return value.bigIntegerValue().longValue();
    }

    private static byte[] bytes(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? new byte[0] : Base64.getDecoder().decode(value.asText());
    }

    @Test
    void shouldMatchTheReferenceRootsOfSizesZeroToEight() throws IOException {
        List<String> lines = Files.readAllLines(referenceData().resolve("vectors.txt"), StandardCharsets.UTF_8);
        List<byte[]> leaves = new ArrayList<>();
        Map<Integer, String> roots = new TreeMap<>();
        Pattern rootLine = Pattern.compile("^n=(\\d+) ([0-9a-f]{64})$");
        for (String line : lines) {
            if (line.startsWith("Leaf inputs (hex), in order:")) {
                for (String leaf : line.substring(line.indexOf(':') + 1).split(",")) {
                    leaves.add(HEX.parseHex(leaf.strip().replace("\"", "")));
                }
            }
            Matcher matcher = rootLine.matcher(line);
            if (matcher.matches()) {
                roots.put(Integer.parseInt(matcher.group(1)), matcher.group(2));
            }
        }
        assertThat(leaves).as("leaf inputs in vectors.txt").hasSize(8);
        assertThat(roots).as("roots in vectors.txt").containsOnlyKeys(0, 1, 2, 3, 4, 5, 6, 7, 8);

        MerkleTree tree = new MerkleTree();
        assertThat(HEX.formatHex(tree.root())).isEqualTo(roots.get(0));
        for (byte[] leaf : leaves) {
            tree.append(leaf);
            assertThat(HEX.formatHex(tree.root())).as("root of size %d", tree.size())
                    .isEqualTo(roots.get((int) tree.size()));
        }
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("root(%d) of the tree of 8", n).isEqualTo(roots.get(n));
        }
    }

    @Test
    void shouldMatchTheReferenceLeafAndNodeHashes() throws IOException {
        String text = Files.readString(referenceData().resolve("vectors.txt"), StandardCharsets.UTF_8);
        assertThat(HEX.formatHex(MerkleProofs.hashLeaf(ascii("L123456"))))
                .isEqualTo(value(text, "HashLeaf(\"L123456\")"));
        assertThat(HEX.formatHex(MerkleProofs.hashChildren(ascii("N123"), ascii("N456"))))
                .isEqualTo(value(text, "HashChildren(\"N123\",\"N456\")"));
        assertThat(HEX.formatHex(MerkleProofs.hashLeaf(new byte[0])))
                .isEqualTo(value(text, "HashLeaf(\"\") (empty leaf)"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String value(String text, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "\\s*=\\s*([0-9a-f]{64})").matcher(text);
        if (!matcher.find()) {
            throw new UncheckedIOException(new IOException("vectors.txt has no line for " + label));
        }
        return matcher.group(1);
    }
}
