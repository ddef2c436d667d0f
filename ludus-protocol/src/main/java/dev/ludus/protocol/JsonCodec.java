package dev.ludus.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of the protocol (WebSocket text frames): one JSON object per frame, named by its
 * {@code "type"} field. Unknown extra fields are ignored so that newer clients still talk to older
 * servers; everything else is strict.
 *
 * <p>Thread-safe: one instance may be shared by all connections.
 */
public final class JsonCodec {
    private static final int MAX_NESTING_DEPTH = 16;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    /** Creates a codec with strict parsing (no trailing tokens, no duplicate keys, no NaN tokens). */
    public JsonCodec() {
        JsonFactory jsonFactory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
        this.mapper = JsonMapper.builder(jsonFactory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
        this.factory = mapper.getFactory();
    }

    // ------------------------------------------------------------------ client -> server

    /**
     * Decodes a client message.
     *
     * @param utf8 the text frame's payload, UTF-8
     * @return the message
     * @throws ProtocolException {@link ErrorCode#MALFORMED_JSON} when the bytes are not one JSON object,
     *     {@link ErrorCode#UNKNOWN_TYPE}, {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD}
     *     when the object is not a valid client message
     */
    public ClientMessage decodeClient(byte[] utf8) {
        JsonNode root = readObject(utf8);
        String type = requiredText(root, "type", "message");
        return switch (type) {
            case "login" -> new ClientMessage.Login(requiredText(root, "name", "login"));
            case "input" -> new ClientMessage.Input(requiredLong(root, "seq", "input"), requiredVec(root, "move", "input"));
            case "ping" -> new ClientMessage.Ping(requiredDouble(root, "t", "ping"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                "message.type : \"" + Texts.clip(type) + "\" (expected: login, input or ping)");
        };
    }

    /**
     * Encodes a client message (used by bots, tests and Java clients).
     *
     * @param message the message
     * @return UTF-8 JSON
     */
    public byte[] encode(ClientMessage message) {
        return write(g -> {
            g.writeStringField("type", message.type());
            switch (message) {
                case ClientMessage.Login login -> g.writeStringField("name", login.name());
                case ClientMessage.Input input -> {
                    g.writeNumberField("seq", input.seq());
                    writeVec(g, "move", input.move());
                }
                case ClientMessage.Ping ping -> g.writeNumberField("t", ping.t());
                default -> throw new UnsupportedOperationException("TEMPORARY: no JSON form yet for " + message.type());
            }
        });
    }

    // ------------------------------------------------------------------ server -> client

    /**
     * Encodes a server message.
     *
     * @param message the message
     * @return UTF-8 JSON
     */
    public byte[] encode(ServerMessage message) {
        return write(g -> {
            g.writeStringField("type", message.type());
            switch (message) {
                case ServerMessage.Welcome w -> {
                    g.writeStringField("session", w.session());
                    g.writeNumberField("entityId", w.entityId());
                    g.writeNumberField("tickRate", w.tickRate());
                    g.writeNumberField("worldWidth", w.worldWidth());
                    g.writeNumberField("worldHeight", w.worldHeight());
                    g.writeNumberField("aoiRadius", w.aoiRadius());
                    g.writeNumberField("spawnX", w.spawnX());
                    g.writeNumberField("spawnY", w.spawnY());
                    g.writeNumberField("maxSpeed", w.maxSpeed());
                }
                case ServerMessage.Snapshot s -> writeSnapshot(g, s);
                case ServerMessage.Pong p -> {
                    g.writeNumberField("t", p.t());
                    g.writeNumberField("tick", p.tick());
                    g.writeNumberField("serverTimeMs", p.serverTimeMs());
                }
                case ServerMessage.ErrorMessage e -> {
                    g.writeStringField("code", e.code().code());
                    g.writeStringField("message", e.message());
                }
                default -> throw new UnsupportedOperationException("TEMPORARY: no JSON form yet for " + message.type());
            }
        });
    }

    /**
     * Decodes a server message (used by bots, tests and Java clients).
     *
     * @param utf8 UTF-8 JSON
     * @return the message
     * @throws ProtocolException when the bytes are not a valid server message
     */
    public ServerMessage decodeServer(byte[] utf8) {
        JsonNode root = readObject(utf8);
        String type = requiredText(root, "type", "message");
        return switch (type) {
            case "welcome" -> new ServerMessage.Welcome(
                requiredText(root, "session", type), requiredLong(root, "entityId", type),
                requiredInt(root, "tickRate", type), requiredDouble(root, "worldWidth", type),
                requiredDouble(root, "worldHeight", type), requiredDouble(root, "aoiRadius", type),
                requiredDouble(root, "spawnX", type), requiredDouble(root, "spawnY", type),
                requiredDouble(root, "maxSpeed", type));
            case "snapshot" -> readSnapshot(root);
            case "pong" -> new ServerMessage.Pong(requiredDouble(root, "t", type), requiredLong(root, "tick", type),
                requiredSignedLong(root, "serverTimeMs", type));
            case "error" -> new ServerMessage.ErrorMessage(ErrorCode.fromCode(requiredText(root, "code", type)),
                requiredText(root, "message", type));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                "message.type : \"" + Texts.clip(type) + "\" (expected: welcome, snapshot, pong or error)");
        };
    }

    // ------------------------------------------------------------------ snapshots

    private static void writeSnapshot(JsonGenerator g, ServerMessage.Snapshot s) throws IOException {
        g.writeNumberField("tick", s.tick());
        g.writeNumberField("serverTimeMs", s.serverTimeMs());
        g.writeNumberField("ackSeq", s.ackSeq());
        g.writeArrayFieldStart("entities");
        for (EntityState e : s.entities()) {
            g.writeStartObject();
            g.writeNumberField("id", e.id());
            g.writeStringField("kind", e.kind().wireName());
            g.writeNumberField("x", (float) e.x());
            g.writeNumberField("y", (float) e.y());
            g.writeNumberField("vx", (float) e.vx());
            g.writeNumberField("vy", (float) e.vy());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("removed");
        for (Long id : s.removed()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
    }

    private static ServerMessage.Snapshot readSnapshot(JsonNode root) {
        JsonNode entitiesNode = requiredArray(root, "entities", "snapshot");
        JsonNode removedNode = requiredArray(root, "removed", "snapshot");
        List<EntityState> entities = new ArrayList<>(entitiesNode.size());
        for (JsonNode e : entitiesNode) {
            entities.add(new EntityState(requiredLong(e, "id", "entity"),
                EntityKind.fromWireName(requiredText(e, "kind", "entity")),
                requiredDouble(e, "x", "entity"), requiredDouble(e, "y", "entity"),
                requiredDouble(e, "vx", "entity"), requiredDouble(e, "vy", "entity")));
        }
        List<Long> removed = new ArrayList<>(removedNode.size());
        for (JsonNode id : removedNode) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "snapshot.removed : " + id + " (expected: integers)");
            }
            removed.add(id.longValue());
        }
        return new ServerMessage.Snapshot(requiredLong(root, "tick", "snapshot"),
            requiredSignedLong(root, "serverTimeMs", "snapshot"), requiredSignedLong(root, "ackSeq", "snapshot"),
            entities, removed);
    }

    // ------------------------------------------------------------------ field access

    private JsonNode readObject(byte[] utf8) {
        JsonNode root;
        try (JsonParser parser = factory.createParser(utf8)) {
            root = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "trailing data after the JSON object");
            }
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "expected one JSON object per frame");
        }
        return root;
    }

    private static JsonNode required(JsonNode node, String field, String owner) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, owner + "." + field + " is required");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isTextual()) {
            throw invalid(owner, field, value, "a string");
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode node, String field, String owner) {
        long value = requiredSignedLong(node, field, owner);
        if (value < 0) {
            throw invalid(owner, field, node.get(field), "an integer >= 0");
        }
        return value;
    }

    private static int requiredInt(JsonNode node, String field, String owner) {
        long value = requiredLong(node, field, owner);
        if (value > Integer.MAX_VALUE) {
            throw invalid(owner, field, node.get(field), "an integer from 0 to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static JsonNode requiredArray(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isArray()) {
            throw invalid(owner, field, value, "an array");
        }
        return value;
    }

    private static long requiredSignedLong(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(owner, field, value, "an integer");
        }
        return value.longValue();
    }

    private static double requiredDouble(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isNumber()) {
            throw invalid(owner, field, value, "a number");
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw invalid(owner, field, value, "a finite number");
        }
        return d;
    }

    private static Vec2 requiredVec(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isObject()) {
            throw invalid(owner, field, value, "an object {\"x\":..,\"y\":..}");
        }
        String path = owner + "." + field;
        return new Vec2(requiredDouble(value, "x", path), requiredDouble(value, "y", path));
    }

    private static ProtocolException invalid(String owner, String field, JsonNode value, String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD,
            owner + "." + field + " : " + Texts.clip(value.toString()) + " (expected: " + expected + ")");
    }

    // ------------------------------------------------------------------ writing

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeVec(JsonGenerator g, String field, Vec2 v) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("x", v.x());
        g.writeNumberField("y", v.y());
        g.writeEndObject();
    }
}
