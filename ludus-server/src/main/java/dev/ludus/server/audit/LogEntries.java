package dev.ludus.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.sim.audit.SignedTreeHead;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlanInputs;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The lines of an audit log after the header, as docs/audit-log.md specifies them: the leaf entries
 * {@code cmd}, {@code tick} and {@code end}, and the signed head records {@code sth}. Field order is
 * fixed, so a writer always produces the same bytes for the same entry. Thread-safe.
 */
final class LogEntries {
    static final String CMD = "cmd";
    static final String TICK = "tick";
    static final String END = "end";
    static final String HEAD = "sth";
    /** End reason: the log was closed normally (shutdown, end of a run). */
    static final String CLOSED = "closed";
    /** End reason: the writer fell too far behind and recording stopped. */
    static final String QUEUE_OVERFLOW = "queue_overflow";

    private static final HexFormat HEX = HexFormat.of();

    private LogEntries() {
    }

    static byte[] cmd(Json.Buffer buffer, long tick, Command command) {
        return Json.line(buffer, json -> {
            json.writeStartObject();
            json.writeStringField("type", CMD);
            json.writeNumberField("tick", tick);
            json.writeFieldName("cmd");
            CommandCodec.write(json, command);
            json.writeEndObject();
        });
    }

    /** @param plan the inputs of the tick's load plan, or null to write no {@code plan} field */
    static byte[] tick(Json.Buffer buffer, long tick, long timeMs, long stateHash, int commands, PlanInputs plan) {
        return Json.line(buffer, json -> {
            json.writeStartObject();
            json.writeStringField("type", TICK);
            json.writeNumberField("tick", tick);
            json.writeNumberField("timeMs", timeMs);
            json.writeStringField("stateHash", stateHash(stateHash));
            json.writeNumberField("commands", commands);
            if (plan != null) {
                json.writeObjectFieldStart("plan");
                json.writeBooleanField("throttle", plan.throttle());
                json.writeNumberField("budgetNs", plan.budgetNanos());
                json.writeNumberField("regionPsPerUnit", plan.regionPicosPerUnit());
                json.writeNumberField("playerPsPerUnit", plan.playerPicosPerUnit());
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    /**
     * @param tickEntry a {@code tick} entry
     * @return its {@code plan}, or null when it has none (a log written before plans were recorded)
     * @throws MalformedEntryException when the plan is there but malformed
     */
    static PlanInputs plan(JsonNode tickEntry) throws MalformedEntryException {
        JsonNode plan = tickEntry.get("plan");
        if (plan == null) {
            return null;
        }
        if (!plan.isObject()) {
            throw new MalformedEntryException("plan : " + plan + " (expected: an object with throttle, budgetNs,"
                + " regionPsPerUnit and playerPsPerUnit)");
        }
        try {
            return new PlanInputs(Json.booleanField(plan, "throttle"), Json.longField(plan, "budgetNs"),
                Json.longField(plan, "regionPsPerUnit"), Json.longField(plan, "playerPsPerUnit"));
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("plan : " + e.getMessage());
        }
    }

    static byte[] end(Json.Buffer buffer, long ticks, String reason) {
        return Json.line(buffer, json -> {
            json.writeStartObject();
            json.writeStringField("type", END);
            json.writeNumberField("ticks", ticks);
            json.writeStringField("reason", reason);
            json.writeEndObject();
        });
    }

    /**
     * @param consistency the proof from the previous head, or null for the first head
     * @param leafHashes  the hashes of the leaves since the previous head, 32 bytes each, concatenated
     */
    static byte[] head(Json.Buffer buffer, SignedTreeHead head, List<byte[]> consistency, byte[] leafHashes) {
        return Json.line(buffer, json -> {
            json.writeStartObject();
            json.writeStringField("type", HEAD);
            json.writeNumberField("treeSize", head.treeSize());
            json.writeNumberField("timestampMs", head.timestampMillis());
            json.writeStringField("root", HEX.formatHex(head.rootHash()));
            json.writeStringField("signature", HEX.formatHex(head.signature()));
            json.writeArrayFieldStart("consistency");
            if (consistency != null) {
                for (byte[] hash : consistency) {
                    json.writeString(HEX.formatHex(hash));
                }
            }
            json.writeEndArray();
            json.writeStringField("leaves", Base64.getEncoder().encodeToString(leafHashes));
            json.writeEndObject();
        });
    }

    /** @return the state hash as 16 lower-case hex digits */
    static String stateHash(long hash) {
        return HEX.toHexDigits(hash);
    }

    /**
     * @param text 16 hex digits
     * @return the hash
     * @throws MalformedEntryException when it is not 16 hex digits
     */
    static long parseStateHash(String text) throws MalformedEntryException {
        if (text.length() != 16 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedEntryException("stateHash : \"" + text + "\" (expected: 16 hex digits)");
        }
        return HexFormat.fromHexDigitsToLong(text);
    }

    /** A signed head record as read from a log. */
    record HeadRecord(SignedTreeHead head, List<byte[]> consistency, byte[] leafHashes) {
        /** @return how many leaf hashes the record lists */
        int leafCount() {
            return leafHashes.length / SignedTreeHead.HASH_BYTES;
        }

        /** @return the i-th listed leaf hash */
        byte[] leafHash(int i) {
            return java.util.Arrays.copyOfRange(leafHashes, i * SignedTreeHead.HASH_BYTES,
                (i + 1) * SignedTreeHead.HASH_BYTES);
        }

        static HeadRecord read(JsonNode node) throws MalformedEntryException {
            long size = Json.longField(node, "treeSize");
            long timestamp = Json.longField(node, "timestampMs");
            byte[] root = hash(Json.textField(node, "root"), "root", SignedTreeHead.HASH_BYTES);
            byte[] signature = hash(Json.textField(node, "signature"), "signature", SignedTreeHead.SIGNATURE_BYTES);
            JsonNode proofNode = Json.field(node, "consistency");
            if (!proofNode.isArray()) {
                throw new MalformedEntryException("consistency : " + proofNode + " (expected: an array of hashes)");
            }
            List<byte[]> proof = new ArrayList<>();
            for (JsonNode element : proofNode) {
                if (!element.isTextual()) {
                    throw new MalformedEntryException("consistency : " + element + " (expected: 64 hex digits)");
                }
                proof.add(hash(element.textValue(), "consistency", SignedTreeHead.HASH_BYTES));
            }
            byte[] leaves;
            try {
                leaves = Base64.getDecoder().decode(Json.textField(node, "leaves"));
            } catch (IllegalArgumentException e) {
                throw new MalformedEntryException("leaves : not base64");
            }
            if (leaves.length % SignedTreeHead.HASH_BYTES != 0) {
                throw new MalformedEntryException("leaves : " + leaves.length + " bytes (expected: a multiple of 32)");
            }
            if (size < 0 || timestamp < 0) {
                throw new MalformedEntryException("treeSize and timestampMs : " + size + ", " + timestamp
                    + " (expected: >= 0)");
            }
            return new HeadRecord(new SignedTreeHead(size, timestamp, root, signature), proof, leaves);
        }

        private static byte[] hash(String hex, String field, int bytes) throws MalformedEntryException {
            if (hex.length() != 2 * bytes) {
                throw new MalformedEntryException(field + " : " + hex.length() + " hex digits (expected: " + 2 * bytes + ")");
            }
            try {
                return HEX.parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new MalformedEntryException(field + " : not hex");
            }
        }
    }
}
