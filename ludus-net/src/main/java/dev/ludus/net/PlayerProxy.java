package dev.ludus.net;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.PlayerLink;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The outbound side of one connection: encodes server messages in the connection's wire format and
 * writes them. Also the world's {@link PlayerLink} to this player.
 *
 * <p>Thread-safe: the tick thread (and, for snapshots, the simulation's workers) call the {@code on*}
 * methods; encoding and writing happen on the channel's event loop, so the tick never waits on the
 * network. Everything the world sends after the login goes out in the login frame's format.
 */
final class PlayerProxy implements PlayerLink {
    private final Channel channel;
    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private final PlayerConnectionAdapter adapter;
    private volatile WireFormat format = WireFormat.JSON;

    PlayerProxy(Channel channel, JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics,
                PlayerConnectionAdapter adapter) {
        this.channel = channel;
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
        this.adapter = adapter;
    }

    void format(WireFormat wireFormat) {
        this.format = wireFormat;
    }

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        channel.eventLoop().execute(() -> {
            adapter.onJoined();
            write(welcome, format);
        });
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        channel.eventLoop().execute(() -> {
            adapter.onJoinRefused();
            metrics.error(reason.code());
            write(reason, format);
        });
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        // A snapshot supersedes the previous one: when the client cannot keep up, drop rather than queue.
        if (!channel.isWritable()) {
            metrics.snapshotsDropped.increment();
            return false;
        }
        channel.eventLoop().execute(() -> write(snapshot, format));
        return true;
    }

    /** Hands the result to the event loop, in the login's format; never dropped (one per action). */
    @Override
    public void onActionResult(ServerMessage.ActionResult result) {
        channel.eventLoop().execute(() -> write(result, format));
    }

    /**
     * Hands the status to the event loop, in the login's format. Unlike a snapshot it is not dropped
     * when the client is slow: the next status comes only when something changes again.
     */
    @Override
    public void onStatus(ServerMessage.Status status) {
        channel.eventLoop().execute(() -> write(status, format));
    }

    /**
     * The world removed the player (anti-cheat): close the connection with 1008 (policy violation)
     * and the reason, on the event loop. The world has already queued the player's leave.
     */
    @Override
    public void onKicked(String reason) {
        channel.eventLoop().execute(() -> adapter.kick(reason));
    }

    /**
     * Writes a message that must not be lost silently (an activity notification), in the login's format.
     * Any thread.
     *
     * @param message the message
     * @return completes when the frame is written to the socket, exceptionally when the write failed or
     *     the connection is closed
     */
    java.util.concurrent.CompletableFuture<Void> writeReliably(ServerMessage message) {
        java.util.concurrent.CompletableFuture<Void> written = new java.util.concurrent.CompletableFuture<>();
        if (!channel.isActive()) {
            written.completeExceptionally(new java.nio.channels.ClosedChannelException());
            return written;
        }
        channel.eventLoop().execute(() -> {
            WebSocketFrame frame = switch (format) {
                case JSON -> new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)));
                case PROTOBUF -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message)));
            };
            metrics.messagesOut.increment();
            metrics.bytesOut.increment(frame.content().readableBytes());
            channel.writeAndFlush(frame).addListener(future -> {
                if (future.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(future.cause());
                }
            });
        });
        return written;
    }

    /** Hands a reply to the event loop, in the given format (answers that complete on another thread). */
    void replyLater(ServerMessage message, WireFormat replyFormat) {
        channel.eventLoop().execute(() -> write(message, replyFormat));
    }

    /** Sends a direct reply in the format of the frame it answers. Event loop only. */
    void reply(ServerMessage message, WireFormat replyFormat) {
        write(message, replyFormat);
    }

    private void write(ServerMessage message, WireFormat wireFormat) {
        if (!channel.isActive()) {
            return;
        }
        WebSocketFrame frame = switch (wireFormat) {
            case JSON -> new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)));
            case PROTOBUF -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message)));
        };
        metrics.messagesOut.increment();
        metrics.bytesOut.increment(frame.content().readableBytes());
        channel.writeAndFlush(frame, channel.voidPromise());
    }
}
