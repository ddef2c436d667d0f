package dev.ludus.net;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SpectateArea;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.spectate.WorldReader;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spectator's replay of a recorded game (docs/protocol.md §18.4), on a thread of its own: seeks by
 * re-simulating the recording up to the asked tick without sending anything, then steps one recorded
 * tick at a time at the recorded pace times the spectator's speed (each tick is run when as much wall
 * time has passed, divided by the speed, as recorded time since the pace was last set), and a private
 * {@link SpectatorHub} with delay 0 sends the frames and the aggregated states exactly as a live view
 * does: of an area, or of a followed player's area of interest (the entities within the recorded world's
 * AOI radius of the player at each tick). The spectator may pause, resume, change the speed and seek
 * again ({@link #control}). Ends when the spectator disconnects, the recording ends (close
 * {@value #CLOSE_END_OF_LOG}), or the followed player is not or no longer in the recorded world
 * ({@code unknown_target} or {@code target_left}, close {@value SpectatorHub#CLOSE_TARGET_LEFT}).
 *
 * <p>Thread-safe: {@link #control} comes from the connection's event loop; everything else runs on the
 * replay's thread.
 */
final class ReplaySession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);
    /** Close code when the recording has no more ticks (normal closure, RFC 6455 §7.4.1). */
    static final int CLOSE_END_OF_LOG = 1000;
    /** How long a paused replay sleeps between checks that its connection is still open. */
    private static final long PAUSED_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReplaySource source;
    private final SpectateArea area;
    private final long target;
    private final long fromTick;
    private final Channel channel;
    private final WireFormat format;
    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private volatile boolean paused;
    private volatile double speed = 1;
    /** A seek asked for and not yet begun, or -1. */
    private final AtomicLong seekTo = new AtomicLong(-1);
    private volatile Thread runner;

    /**
     * @param area   the watched area, or null to follow {@code target}
     * @param target the followed player's entity id in the recording, or -1 for an area
     */
    ReplaySession(ReplaySource source, SpectateArea area, long target, long fromTick, Channel channel, WireFormat format,
                  JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics) {
        this.source = source;
        this.area = area;
        this.target = target;
        this.fromTick = fromTick;
        this.channel = channel;
        this.format = format;
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
    }

    /**
     * Checks a replay request against the recording, on the event loop, before any thread starts. Whether a
     * followed player is in the recorded world is known only after the seek (then {@code unknown_target}).
     *
     * @param area     the area, or null when a player is followed
     * @param fromTick the first tick asked for
     * @throws ProtocolException {@link ErrorCode#TICK_OUTSIDE_LOG} when the recording does not hold the tick,
     *     {@link ErrorCode#INVALID_AREA} when the area's centre lies outside the recorded world
     */
    static void check(ReplaySource source, SpectateArea area, long fromTick) {
        checkTick(source, fromTick, "spectate.replay.fromTick");
        if (area == null) {
            return;
        }
        double width = source.world().widthMetres();
        double height = source.world().heightMetres();
        if (!(area.xMetres() >= 0 && area.xMetres() <= width && area.yMetres() >= 0 && area.yMetres() <= height)) {
            throw new ProtocolException(ErrorCode.INVALID_AREA, "spectate.area : (" + area.xMetres() + ", " + area.yMetres()
                + ") (expected: a centre inside the world, 0 to " + width + " by 0 to " + height + " metres)");
        }
    }

    /**
     * @param field the field named in the error
     * @throws ProtocolException {@link ErrorCode#TICK_OUTSIDE_LOG} when the recording does not hold the tick
     */
    static void checkTick(ReplaySource source, long tick, String field) {
        if (tick >= source.ticks()) {
            throw new ProtocolException(ErrorCode.TICK_OUTSIDE_LOG, field + " : " + tick
                + " (expected: 0 to " + (source.ticks() - 1) + ", the ticks the log records)");
        }
    }

    /**
     * Pauses, resumes, changes the speed or seeks; takes effect before the next replayed tick (a seek
     * re-simulates from the recording's start, as the first one did). Any thread.
     *
     * @param control the control, its seek tick already checked against the recording
     */
    void control(ClientMessage.ReplayControl control) {
        if (control.setsSpeed()) {
            speed = control.speed();
        }
        if (control.setsPaused()) {
            paused = control.paused() == 1;
        }
        if (control.seeks()) {
            seekTo.set(control.fromTick());
        }
        Thread thread = runner;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        long from = fromTick;
        try {
            while (from >= 0 && channel.isActive()) {
                from = play(from);
            }
        } catch (Exception e) {
            LOG.warn("replay from tick {} failed", from, e);
            metrics.error(ErrorCode.INTERNAL_ERROR);
            send(new ServerMessage.ErrorMessage(ErrorCode.INTERNAL_ERROR, "the replay could not be read"));
            channel.writeAndFlush(new CloseWebSocketFrame(1011, "replay failed")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Seeks to {@code from} and streams from there.
     *
     * @return the tick of a seek the spectator asked for meanwhile, or -1 when the replay is over
     */
    private long play(long from) throws java.io.IOException {
        SpectatorHub hub = new SpectatorHub(json, protobuf, metrics, source.world().tickRateHz(), source.world().widthMetres(),
            source.world().heightMetres());
        Follow follow = area == null ? new Follow(hub, target, from, source.world().aoiRadiusMetres()) : null;
        SpectatorHub.Spectator spectator = null;
        try (ReplaySource.Cursor cursor = source.open(from, follow != null ? follow : hub)) {
            if (follow == null) {
                spectator = hub.watch(area, 0, channel, format);
            } else {
                // Followable from the first replayed tick on; the recorded join, re-applied, gives the name.
                hub.onPlayerJoined(target, follow.name);
                spectator = hub.watch(target, 0, channel, format);
            }
            long anchorNanos = 0;
            long anchorMs = -1;
            double anchorSpeed = speed;
            while (channel.isActive()) {
                long seek = seekTo.getAndSet(-1);
                if (seek >= 0) {
                    return seek;
                }
                if (paused) {
                    LockSupport.parkNanos(this, PAUSED_CHECK_NANOS);
                    // Resumed: the next tick plays at once and the pace counts from it.
                    anchorMs = -1;
                    continue;
                }
                long timeMs = cursor.step();
                if (timeMs < 0) {
                    channel.writeAndFlush(new CloseWebSocketFrame(CLOSE_END_OF_LOG, "end of the log"))
                        .addListener(ChannelFutureListener.CLOSE);
                    return -1;
                }
                if (follow != null && follow.unknown) {
                    metrics.error(ErrorCode.UNKNOWN_TARGET);
                    send(new ServerMessage.ErrorMessage(ErrorCode.UNKNOWN_TARGET, "spectate.target : " + target
                        + " (expected: a player in the recorded world at tick " + from + ")"));
                    channel.writeAndFlush(new CloseWebSocketFrame(SpectatorHub.CLOSE_TARGET_LEFT, "unknown target"))
                        .addListener(ChannelFutureListener.CLOSE);
                    return -1;
                }
                if (anchorMs < 0) {
                    anchorNanos = System.nanoTime();
                    anchorMs = timeMs;
                    anchorSpeed = speed;
                }
                while (channel.isActive() && !paused && seekTo.get() < 0) {
                    double now = speed;
                    if (now != anchorSpeed) {
                        // The recorded time reached so far stays; only the pace from here on changes.
                        long nowNanos = System.nanoTime();
                        anchorMs += (long) ((nowNanos - anchorNanos) * anchorSpeed / 1_000_000);
                        anchorNanos = nowNanos;
                        anchorSpeed = now;
                    }
                    long wait = anchorNanos + (long) ((timeMs - anchorMs) * 1_000_000 / anchorSpeed) - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, wait);
                }
            }
            return -1;
        } finally {
            if (spectator != null) {
                hub.unwatch(spectator);
            }
        }
    }

    private void send(ServerMessage message) {
        channel.writeAndFlush(format == WireFormat.JSON ? new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)))
            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message))));
    }

    /**
     * The replay's feed when a player is followed: the hub hears every tick's kills and ends, and from the
     * first replayed tick on, the followed player's area of interest as its snapshot. Tick thread of the
     * replay (the session's thread).
     */
    private static final class Follow implements SpectatorFeed {
        private final SpectatorHub hub;
        private final long target;
        private final long fromTick;
        private final double aoiRadiusMetres;
        /** The target was not a player of the world at the first replayed tick. */
        boolean unknown;
        private boolean left;
        /** The target's display name, from its recorded join; "" until that join was re-applied. */
        String name = "";

        Follow(SpectatorHub hub, long target, long fromTick, double aoiRadiusMetres) {
            this.hub = hub;
            this.target = target;
            this.fromTick = fromTick;
            this.aoiRadiusMetres = aoiRadiusMetres;
        }

        @Override
        public void onKill(long tick, long killerId, long victimId, EntityKind victimKind) {
            hub.onKill(tick, killerId, victimId, victimKind);
        }

        @Override
        public void onPlayerJoined(long entityId, String playerName) {
            hub.onPlayerJoined(entityId, playerName);
            if (entityId == target) {
                name = playerName;
            }
        }

        @Override
        public void onTickEnd(long tick, long serverTimeMs, WorldReader world) {
            hub.onTickEnd(tick, serverTimeMs, world);
            if (tick < fromTick || left || unknown) {
                return;
            }
            EntityState player = world.entity(target);
            if (player == null || player.kind() != EntityKind.PLAYER) {
                if (tick == fromTick) {
                    unknown = true;
                } else {
                    left = true;
                    hub.onPlayerLeft(target);
                }
                return;
            }
            hub.onSnapshot(target, new ServerMessage.Snapshot(tick, serverTimeMs, -1,
                world.area(player.x(), player.y(), aoiRadiusMetres), List.of()));
        }
    }
}
