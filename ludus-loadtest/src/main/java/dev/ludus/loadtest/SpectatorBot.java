package dev.ludus.loadtest;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SnapshotHeader;
import dev.ludus.protocol.SpectateArea;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One spectator connection: sends {@code spectate} once the handshake completes and counts what the
 * view sends it: frames, their bytes, how late each frame arrives beyond the view's delay
 * ({@code now - serverTimeMs - delayMs}, on this machine's clock, as the player bots measure propagation),
 * and the aggregated states. Binary frames are skimmed (header only). Runs on the load test's event loops.
 */
final class SpectatorBot extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final boolean protobuf;
    private final JsonCodec json;
    private final ProtobufCodec protobufCodec;
    private final ClientMessage.Spectate request;
    private final LatencyHistogram lateness;
    private final Counters counters;
    private volatile Channel channel;
    private volatile boolean watching;
    private volatile boolean closed;

    /** Totals shared by all spectators. */
    static final class Counters {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong states = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong closedByServer = new AtomicLong();
        final AtomicInteger watching = new AtomicInteger();
    }

    /**
     * @param target   the followed player's entity id, used when {@code area} is null
     * @param area     the watched area, or null
     * @param delayMs  the view's delay, milliseconds
     * @param lateness receives each frame's lateness beyond the delay, ms
     */
    SpectatorBot(boolean protobuf, JsonCodec json, ProtobufCodec protobufCodec, long target, SpectateArea area, long delayMs,
                 LatencyHistogram lateness, Counters counters) {
        this.protobuf = protobuf;
        this.json = json;
        this.protobufCodec = protobufCodec;
        this.request = area != null ? new ClientMessage.Spectate(area, delayMs) : new ClientMessage.Spectate(target, delayMs);
        this.lateness = lateness;
        this.counters = counters;
    }

    /** @return whether the server accepted the spectate and the connection is open */
    boolean isWatching() {
        return watching && !closed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            ctx.writeAndFlush(protobuf ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobufCodec.encode(request)))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(request))), ctx.voidPromise());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean binary = frame instanceof BinaryWebSocketFrame;
        if (!binary && !(frame instanceof TextWebSocketFrame)) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        counters.bytesIn.addAndGet(bytes.length);
        SnapshotHeader header = binary ? protobufCodec.readSnapshotHeader(bytes).orElse(null) : null;
        if (header != null) {
            onFrame(header.serverTimeMs());
            return;
        }
        ServerMessage message;
        try {
            message = binary ? protobufCodec.decodeServer(bytes) : json.decodeServer(bytes);
        } catch (ProtocolException e) {
            counters.errors.incrementAndGet();
            return;
        }
        switch (message) {
            case ServerMessage.Spectating spectating -> {
                if (!watching) {
                    watching = true;
                    counters.watching.incrementAndGet();
                }
            }
            case ServerMessage.Snapshot snapshot -> onFrame(snapshot.serverTimeMs());
            case ServerMessage.SpectatorState state -> counters.states.incrementAndGet();
            case ServerMessage.ErrorMessage error -> counters.errors.incrementAndGet();
            default -> { }
        }
    }

    private void onFrame(long serverTimeMs) {
        counters.frames.incrementAndGet();
        lateness.record(Math.max(0, System.currentTimeMillis() - serverTimeMs - request.delayMs()));
    }

    void close() {
        Channel ch = channel;
        if (ch != null && !closed) {
            closed = true;
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "load test over")).addListener(f -> ch.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closed) {
            counters.closedByServer.incrementAndGet();
        }
        if (watching) {
            counters.watching.decrementAndGet();
        }
        closed = true;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
