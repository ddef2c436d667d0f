package dev.ludus.net;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SpectateArea;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spectator's replay of a recorded game (docs/protocol.md §18.4), on a thread of its own: seeks by
 * re-simulating the recording up to the asked tick without sending anything, then steps one recorded
 * tick at a time at the recorded pace (each tick is run when as much wall time has passed since the
 * first as recorded time), and a private {@link SpectatorHub} with delay 0 sends the area's frames and
 * the aggregated states exactly as a live view does. Ends when the spectator disconnects or the
 * recording ends (close {@value #CLOSE_END_OF_LOG}).
 */
final class ReplaySession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);
    /** Close code when the recording has no more ticks (normal closure, RFC 6455 §7.4.1). */
    static final int CLOSE_END_OF_LOG = 1000;

    private final ReplaySource source;
    private final SpectateArea area;
    private final long fromTick;
    private final Channel channel;
    private final WireFormat format;
    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;

    ReplaySession(ReplaySource source, SpectateArea area, long fromTick, Channel channel, WireFormat format, JsonCodec json,
                  ProtobufCodec protobuf, GatewayMetrics metrics) {
        this.source = source;
        this.area = area;
        this.fromTick = fromTick;
        this.channel = channel;
        this.format = format;
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
    }

    /**
     * Checks a replay request against the recording, on the event loop, before any thread starts.
     *
     * @throws ProtocolException {@link ErrorCode#TICK_OUTSIDE_LOG} when the recording does not hold the tick,
     *     {@link ErrorCode#INVALID_AREA} when the area's centre lies outside the recorded world,
     *     {@link ErrorCode#INVALID_FIELD} when a player rather than an area is asked for
     */
    static void check(ReplaySource source, SpectateArea area, long fromTick) {
        if (area == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "spectate.target in a replay (expected: an area; "
                + "replays show areas, not players)");
        }
        if (fromTick >= source.ticks()) {
            throw new ProtocolException(ErrorCode.TICK_OUTSIDE_LOG, "spectate.replay.fromTick : " + fromTick
                + " (expected: 0 to " + (source.ticks() - 1) + ", the ticks the log records)");
        }
        double width = source.world().widthMetres();
        double height = source.world().heightMetres();
        if (!(area.xMetres() >= 0 && area.xMetres() <= width && area.yMetres() >= 0 && area.yMetres() <= height)) {
            throw new ProtocolException(ErrorCode.INVALID_AREA, "spectate.area : (" + area.xMetres() + ", " + area.yMetres()
                + ") (expected: a centre inside the world, 0 to " + width + " by 0 to " + height + " metres)");
        }
    }

    @Override
    public void run() {
        SpectatorHub hub = new SpectatorHub(json, protobuf, metrics, source.world().tickRateHz(), source.world().widthMetres(),
            source.world().heightMetres());
        SpectatorHub.Spectator spectator = null;
        try (ReplaySource.Cursor cursor = source.open(fromTick, hub)) {
            spectator = hub.watch(area, 0, channel, format);
            long startNanos = System.nanoTime();
            long firstMs = -1;
            while (channel.isActive()) {
                long timeMs = cursor.step();
                if (timeMs < 0) {
                    channel.writeAndFlush(new CloseWebSocketFrame(CLOSE_END_OF_LOG, "end of the log"))
                        .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (firstMs < 0) {
                    firstMs = timeMs;
                }
                long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeMs - firstMs));
                for (long wait = dueNanos - System.nanoTime(); wait > 0 && channel.isActive(); wait = dueNanos - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (Exception e) {
            LOG.warn("replay from tick {} failed", fromTick, e);
            metrics.error(ErrorCode.INTERNAL_ERROR);
            ServerMessage.ErrorMessage error = new ServerMessage.ErrorMessage(ErrorCode.INTERNAL_ERROR,
                "the replay could not be read");
            channel.writeAndFlush(format == WireFormat.JSON ? new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(error)))
                : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(error))));
            channel.writeAndFlush(new CloseWebSocketFrame(1011, "replay failed")).addListener(ChannelFutureListener.CLOSE);
        } finally {
            if (spectator != null) {
                hub.unwatch(spectator);
            }
        }
    }
}
