package dev.ludus.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of audit log lines: written as printable ASCII (every other character, DEL included, as a
 * {@code \\uXXXX} escape, lone surrogates included, so any Java string survives the round trip byte for byte), read
 * strictly (one object per line, no duplicate keys, nothing after it), with typed field reads that
 * name what is wrong. Thread-safe.
 */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    /**
     * JSON's standard escapes plus DEL (U+007F) as {@code \u007F}: JSON allows DEL unescaped (RFC 8259
     * §7 requires escapes below U+0020 only) and Jackson writes it raw, but a log line is printable
     * ASCII (0x20 to 0x7E), so that a verifier reads one byte as one visible character.
     */
    private static final CharacterEscapes PRINTABLE_ASCII = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] escapes = printableAsciiEscapes();

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    };

    private static int[] printableAsciiEscapes() {
        int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
        escapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        return escapes;
    }

    private Json() {
    }

    /** Writes one line's JSON (no newline). */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** A growable buffer whose bytes can be copied out without an intermediate array. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }
    }

    /**
     * @param buffer reused between lines; reset here
     * @param body   writes one JSON value
     * @return the value's bytes
     */
    static byte[] line(Buffer buffer, Body body) {
        buffer.reset();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(buffer)) {
            json.setCharacterEscapes(PRINTABLE_ASCII);
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }

    /** @return the line as a JSON object */
    static JsonNode parseObject(byte[] line) throws MalformedEntryException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new MalformedEntryException("not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEntryException("not a JSON object");
        }
        return node;
    }

    static JsonNode field(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedEntryException("missing field \"" + name + "\"");
        }
        return value;
    }

    static long longField(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedEntryException(name + " : " + value + " (expected: an integer)");
        }
        return value.longValue();
    }

    static boolean booleanField(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new MalformedEntryException(name + " : " + value + " (expected: true or false)");
        }
        return value.booleanValue();
    }

    static int intField(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new MalformedEntryException(name + " : " + value + " (expected: a 32-bit integer)");
        }
        return value.intValue();
    }

    static String textField(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new MalformedEntryException(name + " : " + value + " (expected: a string)");
        }
        return value.textValue();
    }

    /** A double written by {@link #writeDouble}: a number, or one of the strings NaN, Infinity, -Infinity. */
    static double doubleField(JsonNode node, String name) throws MalformedEntryException {
        JsonNode value = field(node, name);
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        throw new MalformedEntryException(name + " : " + value + " (expected: a number, \"NaN\", \"Infinity\" or \"-Infinity\")");
    }

    /** Finite values as JSON numbers (Java's shortest round-trip form); the others as strings. */
    static void writeDouble(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(name, value);
        } else {
            json.writeStringField(name, Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
