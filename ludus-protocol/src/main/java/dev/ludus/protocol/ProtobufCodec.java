package dev.ludus.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ludus.protocol.proto.LudusProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf form of the protocol (WebSocket binary frames): one {@code ClientEnvelope} or
 * {@code ServerEnvelope} of {@code ludus.proto} per frame. Positions and velocities travel as 32-bit
 * floats (about 0.25 mm precision at 4 km from the origin). Snapshots, the bulk of the traffic, are
 * written field by field rather than through the generated builders; the bytes are the same.
 *
 * <p>Thread-safe: one instance may be shared by all connections.
 */
public final class ProtobufCodec {

    /** Creates a codec; it holds no state. */
    public ProtobufCodec() {
    }

    /**
     * Decodes a client message.
     *
     * @param bytes the binary frame's payload
     * @return the message
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PROTOBUF} when the bytes are not a
     *     {@code ClientEnvelope}, {@link ErrorCode#UNKNOWN_TYPE} when it carries no known body,
     *     {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD} for bad fields
     */
    public ClientMessage decodeClient(byte[] bytes) {
        LudusProto.ClientEnvelope envelope;
        try {
            envelope = LudusProto.ClientEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_PROTOBUF, "not a ClientEnvelope: " + e.getMessage(), e);
        }
        return switch (envelope.getBodyCase()) {
            case LOGIN -> new ClientMessage.Login(envelope.getLogin().getName());
            case INPUT -> {
                LudusProto.Input input = envelope.getInput();
                if (!input.hasMove()) {
                    throw new ProtocolException(ErrorCode.MISSING_FIELD, "input.move is required");
                }
                if (input.getSeq() < 0) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "input.seq : " + Long.toUnsignedString(input.getSeq()) + " (expected: < 2^63)");
                }
                yield new ClientMessage.Input(input.getSeq(), new Vec2(input.getMove().getX(), input.getMove().getY()));
            }
            case PING -> new ClientMessage.Ping(envelope.getPing().getT());
            case BODY_NOT_SET -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                "ClientEnvelope carries no known body (expected: login, input or ping)");
        };
    }

    /**
     * Encodes a client message (used by bots, tests and Java clients).
     *
     * @param message the message
     * @return the serialized {@code ClientEnvelope}
     */
    public byte[] encode(ClientMessage message) {
        LudusProto.ClientEnvelope.Builder envelope = LudusProto.ClientEnvelope.newBuilder();
        switch (message) {
            case ClientMessage.Login login -> envelope.setLogin(LudusProto.Login.newBuilder().setName(login.name()));
            case ClientMessage.Input input -> envelope.setInput(LudusProto.Input.newBuilder()
                .setSeq(input.seq())
                .setMove(LudusProto.Vec2.newBuilder().setX(input.move().x()).setY(input.move().y())));
            case ClientMessage.Ping ping -> envelope.setPing(LudusProto.Ping.newBuilder().setT(ping.t()));
            default -> throw new UnsupportedOperationException("TEMPORARY: no protobuf form yet for " + message.type());
        }
        return envelope.build().toByteArray();
    }

    /**
     * Encodes a server message.
     *
     * @param message the message
     * @return the serialized {@code ServerEnvelope}
     */
    public byte[] encode(ServerMessage message) {
        return switch (message) {
            case ServerMessage.Snapshot snapshot -> SnapshotWire.write(snapshot);
            case ServerMessage.Welcome w -> LudusProto.ServerEnvelope.newBuilder().setWelcome(LudusProto.Welcome.newBuilder()
                .setSession(w.session()).setEntityId(w.entityId()).setTickRate(w.tickRate())
                .setWorldWidth(w.worldWidth()).setWorldHeight(w.worldHeight()).setAoiRadius(w.aoiRadius())
                .setSpawnX(w.spawnX()).setSpawnY(w.spawnY()).setMaxSpeed(w.maxSpeed())).build().toByteArray();
            case ServerMessage.Pong p -> LudusProto.ServerEnvelope.newBuilder().setPong(LudusProto.Pong.newBuilder()
                .setT(p.t()).setTick(p.tick()).setServerTimeMs(p.serverTimeMs())).build().toByteArray();
            case ServerMessage.ErrorMessage e -> LudusProto.ServerEnvelope.newBuilder().setError(LudusProto.Error.newBuilder()
                .setCode(e.code().code()).setMessage(e.message())).build().toByteArray();
            default -> throw new UnsupportedOperationException("TEMPORARY: no protobuf form yet for " + message.type());
        };
    }

    /**
     * Reads the header of a serialized snapshot and counts its entities without decoding them: a
     * fraction of the cost of {@link #decodeServer} for clients that only need timing.
     *
     * @param bytes a serialized {@code ServerEnvelope}
     * @return the header, or empty when the bytes are another message or not a valid envelope
     */
    public java.util.Optional<SnapshotHeader> readSnapshotHeader(byte[] bytes) {
        return java.util.Optional.ofNullable(SnapshotWire.readHeader(bytes));
    }

    /**
     * Decodes a server message (used by bots, tests and Java clients).
     *
     * @param bytes a serialized {@code ServerEnvelope}
     * @return the message
     * @throws ProtocolException when the bytes are not a valid server message
     */
    public ServerMessage decodeServer(byte[] bytes) {
        LudusProto.ServerEnvelope envelope;
        try {
            envelope = LudusProto.ServerEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_PROTOBUF, "not a ServerEnvelope: " + e.getMessage(), e);
        }
        return switch (envelope.getBodyCase()) {
            case WELCOME -> {
                LudusProto.Welcome w = envelope.getWelcome();
                yield new ServerMessage.Welcome(w.getSession(), w.getEntityId(), w.getTickRate(), w.getWorldWidth(),
                    w.getWorldHeight(), w.getAoiRadius(), w.getSpawnX(), w.getSpawnY(), w.getMaxSpeed());
            }
            case SNAPSHOT -> {
                LudusProto.Snapshot s = envelope.getSnapshot();
                List<EntityState> entities = new ArrayList<>(s.getEntitiesCount());
                for (LudusProto.EntityState e : s.getEntitiesList()) {
                    entities.add(new EntityState(e.getId(), fromProto(e.getKind()), e.getX(), e.getY(), e.getVx(), e.getVy()));
                }
                yield new ServerMessage.Snapshot(s.getTick(), s.getServerTimeMs(), s.getAckSeq(), entities, s.getRemovedList());
            }
            case PONG -> new ServerMessage.Pong(envelope.getPong().getT(), envelope.getPong().getTick(),
                envelope.getPong().getServerTimeMs());
            case ERROR -> new ServerMessage.ErrorMessage(ErrorCode.fromCode(envelope.getError().getCode()),
                envelope.getError().getMessage());
            case BODY_NOT_SET -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "ServerEnvelope carries no known body");
        };
    }

    private static EntityKind fromProto(LudusProto.EntityKind kind) {
        return switch (kind) {
            case ENTITY_KIND_PLAYER -> EntityKind.PLAYER;
            case ENTITY_KIND_NPC -> EntityKind.NPC;
            case ENTITY_KIND_ITEM -> EntityKind.ITEM;
            case ENTITY_KIND_RESOURCE -> EntityKind.RESOURCE;
            case ENTITY_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "entity.kind : " + kind + " (expected: PLAYER, NPC, ITEM or RESOURCE)");
        };
    }
}
