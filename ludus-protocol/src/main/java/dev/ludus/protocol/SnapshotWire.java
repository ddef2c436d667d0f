package dev.ludus.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The protobuf wire form of a snapshot and of a delta, written and skimmed field by field.
 *
 * <p>Frames are the bulk of the traffic (one per player per tick), so they bypass the generated
 * builders, which allocate a builder and a message per entity (at 1,000 players the delta's builders
 * were 29 % of the server's allocation). The bytes are exactly those the generated code writes for the
 * same {@code ServerEnvelope} (proto3: zero values omitted, {@code removed} packed), which
 * {@code SnapshotWireTest} and {@code DeltaWireTest} check against the generated builders.
 */
final class SnapshotWire {
    private static final int ENVELOPE_SNAPSHOT = 2;
    private static final int TICK = 1;
    private static final int SERVER_TIME_MS = 2;
    private static final int ACK_SEQ = 3;
    private static final int ENTITIES = 4;
    private static final int REMOVED = 5;
    private static final int TIME_SCALE = 40;
    private static final int ENVELOPE_DELTA = 40;
    private static final int DELTA_TICK = 1;
    private static final int DELTA_BASE_TICK = 2;
    private static final int DELTA_SERVER_TIME_MS = 3;
    private static final int DELTA_ACK_SEQ = 4;
    private static final int DELTA_TIME_SCALE = 5;
    private static final int DELTA_ENTITIES = 6;
    private static final int DELTA_REMOVED = 7;
    private static final int ENTITY_ID = 1;
    private static final int ENTITY_KIND = 2;
    private static final int ENTITY_X = 3;
    private static final int ENTITY_Y = 4;
    private static final int ENTITY_VX = 5;
    private static final int ENTITY_VY = 6;
    private static final int ENTITY_RADIUS = 7;

    private SnapshotWire() {
    }

    static byte[] write(ServerMessage.Snapshot snapshot) {
        List<EntityState> entities = snapshot.entities();
        int[] entitySizes = new int[entities.size()];
        int bodySize = uint64Size(TICK, snapshot.tick()) + int64Size(SERVER_TIME_MS, snapshot.serverTimeMs())
            + (snapshot.ackSeq() == 0 ? 0 : CodedOutputStream.computeSInt64Size(ACK_SEQ, snapshot.ackSeq()));
        for (int i = 0; i < entitySizes.length; i++) {
            int size = entitySize(entities.get(i));
            entitySizes[i] = size;
            bodySize += CodedOutputStream.computeTagSize(ENTITIES) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        int removedSize = packedSize(snapshot.removed());
        float timeScale = (float) snapshot.timeScale();
        if (timeScale != 1f) {
            bodySize += CodedOutputStream.computeFloatSize(TIME_SCALE, timeScale);
        }
        bodySize += packedFieldSize(REMOVED, removedSize);
        byte[] bytes = envelope(ENVELOPE_SNAPSHOT, bodySize);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeTag(ENVELOPE_SNAPSHOT, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(bodySize);
            writeUInt64(out, TICK, snapshot.tick());
            if (snapshot.serverTimeMs() != 0) {
                out.writeInt64(SERVER_TIME_MS, snapshot.serverTimeMs());
            }
            if (snapshot.ackSeq() != 0) {
                out.writeSInt64(ACK_SEQ, snapshot.ackSeq());
            }
            for (int i = 0; i < entitySizes.length; i++) {
                EntityState e = entities.get(i);
                out.writeTag(ENTITIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(entitySizes[i]);
                writeUInt64(out, ENTITY_ID, e.id());
                out.writeEnum(ENTITY_KIND, kindNumber(e.kind()));
                writeFloat(out, ENTITY_X, (float) e.x());
                writeFloat(out, ENTITY_Y, (float) e.y());
                writeFloat(out, ENTITY_VX, (float) e.vx());
                writeFloat(out, ENTITY_VY, (float) e.vy());
                writeFloat(out, ENTITY_RADIUS, (float) e.radius());
            }
            writePacked(out, REMOVED, snapshot.removed(), removedSize);
            if (timeScale != 1f) {
                out.writeFloat(TIME_SCALE, timeScale);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sized buffer cannot overflow", e);
        }
        return bytes;
    }

    /**
     * Writes a delta's {@code ServerEnvelope} ({@code delta}, field 40).
     *
     * @param delta the frame
     * @return the bytes the generated code would write
     */
    static byte[] write(ServerMessage.Delta delta) {
        List<DeltaEntity> entities = delta.entities();
        int[] entitySizes = new int[entities.size()];
        int bodySize = uint64Size(DELTA_TICK, delta.tick()) + sint64Size(DELTA_BASE_TICK, delta.baseTick())
            + int64Size(DELTA_SERVER_TIME_MS, delta.serverTimeMs()) + sint64Size(DELTA_ACK_SEQ, delta.ackSeq());
        float timeScale = (float) delta.timeScale();
        if (timeScale != 1f) {
            bodySize += floatSize(DELTA_TIME_SCALE, timeScale);
        }
        for (int i = 0; i < entitySizes.length; i++) {
            int size = entitySize(entities.get(i));
            entitySizes[i] = size;
            bodySize += CodedOutputStream.computeTagSize(DELTA_ENTITIES) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        int removedSize = packedSize(delta.removed());
        bodySize += packedFieldSize(DELTA_REMOVED, removedSize);
        byte[] bytes = envelope(ENVELOPE_DELTA, bodySize);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeTag(ENVELOPE_DELTA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(bodySize);
            writeUInt64(out, DELTA_TICK, delta.tick());
            if (delta.baseTick() != 0) {
                out.writeSInt64(DELTA_BASE_TICK, delta.baseTick());
            }
            if (delta.serverTimeMs() != 0) {
                out.writeInt64(DELTA_SERVER_TIME_MS, delta.serverTimeMs());
            }
            if (delta.ackSeq() != 0) {
                out.writeSInt64(DELTA_ACK_SEQ, delta.ackSeq());
            }
            if (timeScale != 1f) {
                writeFloat(out, DELTA_TIME_SCALE, timeScale);
            }
            for (int i = 0; i < entitySizes.length; i++) {
                DeltaEntity e = entities.get(i);
                out.writeTag(DELTA_ENTITIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(entitySizes[i]);
                writeUInt64(out, ENTITY_ID, e.id());
                if (e.kind() != null) {
                    out.writeEnum(ENTITY_KIND, kindNumber(e.kind()));
                }
                writeSInt32(out, ENTITY_X, e.x());
                writeSInt32(out, ENTITY_Y, e.y());
                writeSInt32(out, ENTITY_VX, e.vx());
                writeSInt32(out, ENTITY_VY, e.vy());
                if (e.radius() != 0) {
                    out.writeUInt32(ENTITY_RADIUS, e.radius());
                }
            }
            writePacked(out, DELTA_REMOVED, delta.removed(), removedSize);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sized buffer cannot overflow", e);
        }
        return bytes;
    }

    /**
     * Reads a snapshot's or a delta's header and counts its entities without building them.
     *
     * @return the header, or null when the bytes are a valid envelope of another kind or not an envelope
     */
    static SnapshotHeader readHeader(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            int tag = in.readTag();
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                return null;
            }
            return switch (WireFormat.getTagFieldNumber(tag)) {
                case ENVELOPE_DELTA -> readHeader(in, DELTA_TICK, DELTA_SERVER_TIME_MS, DELTA_ACK_SEQ, DELTA_ENTITIES);
                case ENVELOPE_SNAPSHOT -> readHeader(in, TICK, SERVER_TIME_MS, ACK_SEQ, ENTITIES);
                default -> null;
            };
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a snapshot's or a delta's header fields (same types, their own field numbers), counting entities. */
    private static SnapshotHeader readHeader(CodedInputStream in, int tickField, int serverTimeField, int ackSeqField,
                                             int entitiesField) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        long tick = 0;
        long serverTimeMs = 0;
        long ackSeq = 0;
        int entities = 0;
        while (!in.isAtEnd()) {
            int field = in.readTag();
            int number = WireFormat.getTagFieldNumber(field);
            if (number == tickField) {
                tick = in.readUInt64();
            } else if (number == serverTimeField) {
                serverTimeMs = in.readInt64();
            } else if (number == ackSeqField) {
                ackSeq = in.readSInt64();
            } else {
                entities += number == entitiesField ? 1 : 0;
                in.skipField(field);
            }
        }
        in.popLimit(limit);
        return new SnapshotHeader(tick, serverTimeMs, ackSeq, entities);
    }

    private static int entitySize(EntityState e) {
        return uint64Size(ENTITY_ID, e.id()) + CodedOutputStream.computeEnumSize(ENTITY_KIND, kindNumber(e.kind()))
            + floatSize(ENTITY_X, (float) e.x()) + floatSize(ENTITY_Y, (float) e.y())
            + floatSize(ENTITY_VX, (float) e.vx()) + floatSize(ENTITY_VY, (float) e.vy())
            + floatSize(ENTITY_RADIUS, (float) e.radius());
    }

    private static int entitySize(DeltaEntity e) {
        return uint64Size(ENTITY_ID, e.id())
            + (e.kind() == null ? 0 : CodedOutputStream.computeEnumSize(ENTITY_KIND, kindNumber(e.kind())))
            + sint32Size(ENTITY_X, e.x()) + sint32Size(ENTITY_Y, e.y()) + sint32Size(ENTITY_VX, e.vx())
            + sint32Size(ENTITY_VY, e.vy())
            + (e.radius() == 0 ? 0 : CodedOutputStream.computeUInt32Size(ENTITY_RADIUS, e.radius()));
    }

    /** @return the bytes of a {@code ServerEnvelope} holding one body of {@code bodySize} bytes in {@code field} */
    private static byte[] envelope(int field, int bodySize) {
        return new byte[CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize];
    }

    /** @return the payload size of a packed {@code repeated uint64} */
    private static int packedSize(List<Long> values) {
        int size = 0;
        for (Long value : values) {
            size += CodedOutputStream.computeUInt64SizeNoTag(value);
        }
        return size;
    }

    /** @return the size of a packed field with that payload, 0 when empty (proto3 omits it) */
    private static int packedFieldSize(int field, int payloadSize) {
        return payloadSize == 0 ? 0
            : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(payloadSize) + payloadSize;
    }

    private static void writePacked(CodedOutputStream out, int field, List<Long> values, int payloadSize) throws IOException {
        if (payloadSize == 0) {
            return;
        }
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(payloadSize);
        for (Long value : values) {
            out.writeUInt64NoTag(value);
        }
    }

    private static int sint32Size(int field, int value) {
        return value == 0 ? 0 : CodedOutputStream.computeSInt32Size(field, value);
    }

    private static int sint64Size(int field, long value) {
        return value == 0 ? 0 : CodedOutputStream.computeSInt64Size(field, value);
    }

    private static void writeSInt32(CodedOutputStream out, int field, int value) throws IOException {
        if (value != 0) {
            out.writeSInt32(field, value);
        }
    }

    private static int kindNumber(EntityKind kind) {
        return switch (kind) {
            case PLAYER -> 1;
            case NPC -> 2;
            case ITEM -> 3;
            case RESOURCE -> 4;
            case PROP -> 5;
        };
    }

    private static int uint64Size(int field, long value) {
        return value == 0 ? 0 : CodedOutputStream.computeUInt64Size(field, value);
    }

    private static int int64Size(int field, long value) {
        return value == 0 ? 0 : CodedOutputStream.computeInt64Size(field, value);
    }

    private static int floatSize(int field, float value) {
        // proto3 omits a float whose bits are all zero (+0.0f), but writes -0.0f.
        return Float.floatToRawIntBits(value) == 0 ? 0 : CodedOutputStream.computeFloatSize(field, value);
    }

    private static void writeUInt64(CodedOutputStream out, int field, long value) throws IOException {
        if (value != 0) {
            out.writeUInt64(field, value);
        }
    }

    private static void writeFloat(CodedOutputStream out, int field, float value) throws IOException {
        if (Float.floatToRawIntBits(value) != 0) {
            out.writeFloat(field, value);
        }
    }
}
