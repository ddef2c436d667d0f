package dev.ludus.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.arena.ArenaConfig;
import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.world.WorldConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * The first entry of an audit log (leaf 0, so every signed head covers it): who wrote the log, the key
 * that signs it, and everything needed to rebuild the world it records. Immutable.
 *
 * @param serverId                the writing server's id ({@link ServerKeys#serverId})
 * @param publicKey               the Ed25519 key that signs the log's tree heads
 * @param startedAtMs             when the log was opened, Unix epoch milliseconds
 * @param source                  what wrote it: {@code serve} or {@code simulate}
 * @param version                 the Ludus version that wrote it
 * @param signedHeadIntervalTicks ticks between signed heads
 * @param world                   the world's configuration, seed included
 * @param arena                   the reference game's configuration (the rules are {@value #RULES})
 */
public record AuditHeader(String serverId, PublicKey publicKey, long startedAtMs, String source, String version,
                          int signedHeadIntervalTicks, WorldConfig world, ArenaConfig arena) {
    /** The format this code writes and reads. */
    public static final String FORMAT = "ludus-audit/1";
    /** The game rules a log of this format records. */
    public static final String RULES = "arena";

    /** @throws NullPointerException when a component is null */
    public AuditHeader {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(arena, "arena");
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "header");
        json.writeStringField("format", FORMAT);
        json.writeStringField("serverId", serverId);
        json.writeStringField("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        json.writeNumberField("startedAtMs", startedAtMs);
        json.writeStringField("source", source);
        json.writeStringField("version", version);
        json.writeNumberField("signedHeadIntervalTicks", signedHeadIntervalTicks);
        json.writeFieldName("world");
        writeRecord(json, world);
        json.writeObjectFieldStart("game");
        json.writeStringField("rules", RULES);
        json.writeFieldName("arena");
        writeRecord(json, arena);
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * @param node a header entry
     * @return the header
     * @throws MalformedEntryException naming what is missing, ill-typed or out of range
     */
    static AuditHeader read(JsonNode node) throws MalformedEntryException {
        String type = Json.textField(node, "type");
        if (!type.equals("header")) {
            throw new MalformedEntryException("type : \"" + type + "\" (expected: \"header\" on the first line)");
        }
        String format = Json.textField(node, "format");
        if (!format.equals(FORMAT)) {
            throw new MalformedEntryException("format : \"" + format + "\" (expected: \"" + FORMAT + "\")");
        }
        PublicKey key;
        try {
            key = ServerKeys.publicKey(Base64.getDecoder().decode(Json.textField(node, "publicKey")));
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("publicKey : not an Ed25519 public key in base64 X.509 form");
        }
        JsonNode game = Json.field(node, "game");
        String rules = Json.textField(game, "rules");
        if (!rules.equals(RULES)) {
            throw new MalformedEntryException("game.rules : \"" + rules + "\" (expected: \"" + RULES + "\")");
        }
        return new AuditHeader(Json.textField(node, "serverId"), key, Json.longField(node, "startedAtMs"),
            Json.textField(node, "source"), Json.textField(node, "version"),
            Json.intField(node, "signedHeadIntervalTicks"), readRecord(WorldConfig.class, Json.field(node, "world"), "world"),
            readRecord(ArenaConfig.class, Json.field(game, "arena"), "game.arena"));
    }

    /** A configuration record as an object of its components, by name, in declaration order. */
    static void writeRecord(JsonGenerator json, Record value) throws IOException {
        json.writeStartObject();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            switch (field) {
                case Double number -> Json.writeDouble(json, component.getName(), number);
                case Integer number -> json.writeNumberField(component.getName(), number);
                case Long number -> json.writeNumberField(component.getName(), number);
                case Boolean flag -> json.writeBooleanField(component.getName(), flag);
                case String text -> json.writeStringField(component.getName(), text);
                default -> throw new IllegalStateException(component + " : " + field.getClass()
                    + " (expected: double, int, long, boolean or String)");
            }
        }
        json.writeEndObject();
    }

    /** Builds a configuration record from its components by name, through its canonical constructor. */
    static <R extends Record> R readRecord(Class<R> type, JsonNode node, String path) throws MalformedEntryException {
        if (!node.isObject()) {
            throw new MalformedEntryException(path + " : " + node + " (expected: an object)");
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String name = components[i].getName();
            try {
                values[i] = switch (types[i].getName()) {
                    case "double" -> Json.doubleField(node, name);
                    case "int" -> Json.intField(node, name);
                    case "long" -> Json.longField(node, name);
                    case "boolean" -> {
                        JsonNode flag = Json.field(node, name);
                        if (!flag.isBoolean()) {
                            throw new MalformedEntryException(name + " : " + flag + " (expected: true or false)");
                        }
                        yield flag.booleanValue();
                    }
                    case "java.lang.String" -> Json.textField(node, name);
                    default -> throw new IllegalStateException(components[i] + " has a type the log cannot hold");
                };
            } catch (MalformedEntryException e) {
                throw new MalformedEntryException(path + "." + e.getMessage());
            }
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new MalformedEntryException(path + "." + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }
}
