package dev.ludus.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ludus.sim.audit.CompactMerkleTree;
import dev.ludus.sim.audit.MerkleProofs;
import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.audit.SignedTreeHead;
import dev.ludus.sim.audit.TreeHeadSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What an attacker with write access to a log can do: edit lines, and sign the result again with a key
 * of their own, heads recomputed at the same places, so that only a pinned key tells it apart.
 */
final class LogForger {
    private LogForger() {
    }

    static List<String> lines(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    static Path write(Path log, List<String> lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
        return log;
    }

    static boolean isHead(String line) {
        return line.startsWith("{\"type\":\"sth\"");
    }

    /**
     * @param lines a log's lines, leaf entries possibly edited
     * @param keys  the key to sign with; the header is rewritten to carry its public key and id
     * @return the lines with every signed head recomputed over the leaves as they now are
     */
    static List<String> resign(List<String> lines, KeyPair keys) throws IOException {
        TreeHeadSigner signer = new TreeHeadSigner(keys);
        CompactMerkleTree tree = new CompactMerkleTree();
        ByteArrayOutputStream leaves = new ByteArrayOutputStream();
        Json.Buffer buffer = new Json.Buffer();
        List<String> out = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0) {
                ObjectNode header = (ObjectNode) Json.MAPPER.readTree(line);
                header.put("publicKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
                header.put("serverId", ServerKeys.serverId(keys.getPublic()));
                line = Json.MAPPER.writeValueAsString(header);
            }
            if (isHead(line)) {
                JsonNode old = Json.MAPPER.readTree(line);
                SignedTreeHead head = signer.sign(tree.size(), old.get("timestampMs").longValue(), tree.root());
                line = new String(LogEntries.head(buffer, head, first ? null : tree.consistencyProofFromMark(),
                    leaves.toByteArray()), StandardCharsets.US_ASCII);
                tree.mark();
                leaves.reset();
                first = false;
            } else {
                byte[] hash = MerkleProofs.hashLeaf(line.getBytes(StandardCharsets.US_ASCII));
                tree.appendLeafHash(hash);
                leaves.write(hash);
            }
            out.add(line);
        }
        return out;
    }
}
