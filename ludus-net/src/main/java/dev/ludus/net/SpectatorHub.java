package dev.ludus.net;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delayed spectator views of players' areas of interest (docs/protocol.md §18).
 *
 * <p>A <em>view</em> is one followed player and one delay. Every {@value #EVERY_TICKS}th tick the
 * followed player's snapshot enters each of its views' history, filtered ({@code ackSeq} -1, no
 * {@code removed}: each spectator frame is the whole area), and the newest frame at least the view's
 * delay old (by the ticks' own {@code serverTimeMs}, never the system clock) is encoded once per wire
 * format and the same bytes go to every spectator of the view ({@link ByteBuf#retainedDuplicate()}).
 * The history is a bounded ring of {@code delayMs / (EVERY_TICKS * tick interval) + 2} frames; when it
 * is full the oldest frame is dropped unsent, so a frame is never shown before its delay and memory per
 * view is bounded (300 s at 20 Hz: 1,502 frames).
 *
 * <p>A spectator whose channel is not writable skips frames (they are replaceable); its Netty buffer
 * stays near the high-water mark. When the followed player leaves the world its spectators get an
 * {@code error} {@code target_left} and a close with {@value #CLOSE_TARGET_LEFT}.
 *
 * <p>Thread-safe: players join and leave and spectators come and go on event loops; snapshots arrive
 * on the simulation's replication workers. Each followed player's views are guarded by that player's
 * {@link Target} monitor, so two followed players never contend.
 */
final class SpectatorHub {
    /** Ticks between two spectator frames: 5 Hz at the default 20 Hz tick rate, a quarter of a player's. */
    static final int EVERY_TICKS = 4;
    /** The WebSocket close code after {@code target_left} (4000-4999: private use, RFC 6455 §7.4.2). */
    static final int CLOSE_TARGET_LEFT = 4001;

    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private final int tickRateHz;
    /** Players in the world by entity id. */
    private final Map<Long, Boolean> players = new ConcurrentHashMap<>();
    /** Followed players by entity id; absent when nobody watches. */
    private final Map<Long, Target> watched = new ConcurrentHashMap<>();

    /**
     * @param tickRateHz the world's tick rate, to size the histories
     */
    SpectatorHub(JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics, int tickRateHz) {
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
        this.tickRateHz = tickRateHz;
    }

    /** A spectator's registration, to end it when its connection closes. */
    record Spectator(long target, long delayMs, Channel channel, WireFormat format) {
    }

    /** The player with this entity id entered the world and may be followed. */
    void onPlayerJoined(long entityId) {
        players.put(entityId, Boolean.TRUE);
    }

    /** The player left the world: its spectators are told ({@code target_left}) and closed. */
    void onPlayerLeft(long entityId) {
        players.remove(entityId);
        Target target = watched.remove(entityId);
        if (target == null) {
            return;
        }
        List<Spectator> ended;
        synchronized (target) {
            ended = target.views.values().stream().flatMap(v -> v.spectators.stream()).toList();
            for (View view : target.views.values()) {
                metrics.spectators.addAndGet(-view.spectators.size());
                metrics.spectatorViews.decrementAndGet();
            }
            target.views.clear();
        }
        ServerMessage.ErrorMessage left = new ServerMessage.ErrorMessage(ErrorCode.TARGET_LEFT,
            "player " + entityId + " left the world");
        for (Spectator spectator : ended) {
            Channel channel = spectator.channel();
            metrics.error(ErrorCode.TARGET_LEFT);
            channel.write(frame(left, spectator.format()), channel.voidPromise());
            channel.writeAndFlush(new CloseWebSocketFrame(CLOSE_TARGET_LEFT, "target left"))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Starts following a player.
     *
     * @return the registration, for {@link #unwatch}
     * @throws ProtocolException {@link ErrorCode#UNKNOWN_TARGET} when no player in the world has the id
     */
    Spectator watch(long targetId, long delayMs, Channel channel, WireFormat format) {
        if (!players.containsKey(targetId)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TARGET, "spectate.target : " + targetId + " (expected: a player in the world)");
        }
        Spectator spectator = new Spectator(targetId, delayMs, channel, format);
        Target target = watched.computeIfAbsent(targetId, id -> new Target());
        synchronized (target) {
            View view = target.views.get(delayMs);
            if (view == null) {
                view = new View(capacity(delayMs));
                target.views.put(delayMs, view);
                metrics.spectatorViews.incrementAndGet();
            }
            view.spectators.add(spectator);
            metrics.spectators.incrementAndGet();
        }
        if (!players.containsKey(targetId)) {
            // The player left while this spectator registered: end it like the others.
            onPlayerLeft(targetId);
        }
        return spectator;
    }

    /** The spectator's connection closed. */
    void unwatch(Spectator spectator) {
        Target target = watched.get(spectator.target());
        if (target == null) {
            return;
        }
        synchronized (target) {
            View view = target.views.get(spectator.delayMs());
            if (view != null && view.spectators.remove(spectator)) {
                metrics.spectators.decrementAndGet();
                if (view.spectators.isEmpty()) {
                    target.views.remove(spectator.delayMs());
                    metrics.spectatorViews.decrementAndGet();
                }
            }
            if (target.views.isEmpty()) {
                watched.remove(spectator.target(), target);
            }
        }
    }

    /** @return whether anybody follows the player; cheap, for the replication worker's fast path */
    boolean isWatched(long entityId) {
        return !watched.isEmpty() && watched.containsKey(entityId);
    }

    /**
     * The followed player's snapshot of one tick (replication worker). Only every {@value #EVERY_TICKS}th
     * tick enters the views.
     */
    void onSnapshot(long entityId, ServerMessage.Snapshot snapshot) {
        if (snapshot.tick() % EVERY_TICKS != 0) {
            return;
        }
        Target target = watched.get(entityId);
        if (target == null) {
            return;
        }
        ServerMessage.Snapshot filtered = new ServerMessage.Snapshot(snapshot.tick(), snapshot.serverTimeMs(), -1,
            snapshot.entities(), List.of(), snapshot.timeScale());
        synchronized (target) {
            for (Map.Entry<Long, View> entry : target.views.entrySet()) {
                ServerMessage.Snapshot due = entry.getValue().advance(filtered, entry.getKey());
                if (due != null) {
                    send(due, entry.getValue().spectators);
                }
            }
        }
    }

    private int capacity(long delayMs) {
        double frameMillis = EVERY_TICKS * 1000.0 / tickRateHz;
        return (int) Math.ceil(delayMs / frameMillis) + 2;
    }

    /** Encodes the frame at most once per format and writes the same bytes to every spectator of the view. */
    private void send(ServerMessage.Snapshot frame, List<Spectator> spectators) {
        ByteBuf text = null;
        ByteBuf binary = null;
        try {
            for (Spectator spectator : spectators) {
                Channel channel = spectator.channel();
                if (!channel.isActive()) {
                    continue;
                }
                if (!channel.isWritable()) {
                    metrics.spectatorFramesDropped.increment();
                    continue;
                }
                if (spectator.format() == WireFormat.JSON) {
                    if (text == null) {
                        text = Unpooled.wrappedBuffer(json.encode(frame));
                        metrics.spectatorFramesEncoded.increment();
                    }
                    count(text);
                    channel.writeAndFlush(new TextWebSocketFrame(text.retainedDuplicate()), channel.voidPromise());
                } else {
                    if (binary == null) {
                        binary = Unpooled.wrappedBuffer(protobuf.encode(frame));
                        metrics.spectatorFramesEncoded.increment();
                    }
                    count(binary);
                    channel.writeAndFlush(new BinaryWebSocketFrame(binary.retainedDuplicate()), channel.voidPromise());
                }
            }
        } finally {
            if (text != null) {
                text.release();
            }
            if (binary != null) {
                binary.release();
            }
        }
    }

    private void count(ByteBuf bytes) {
        metrics.spectatorFramesSent.increment();
        metrics.messagesOut.increment();
        metrics.bytesOut.increment(bytes.readableBytes());
    }

    private io.netty.handler.codec.http.websocketx.WebSocketFrame frame(ServerMessage message, WireFormat format) {
        return format == WireFormat.JSON ? new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)))
            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message)));
    }

    /** One followed player's views by delay; guarded by its own monitor. */
    private static final class Target {
        final Map<Long, View> views = new TreeMap<>();
    }

    /** One delay's history and spectators. */
    static final class View {
        private final int capacity;
        private final ArrayDeque<ServerMessage.Snapshot> history;
        final List<Spectator> spectators = new CopyOnWriteArrayList<>();

        View(int capacity) {
            this.capacity = capacity;
            this.history = new ArrayDeque<>(capacity);
        }

        /**
         * Adds a frame and takes out the newest one at least {@code delayMs} older than it; older due frames
         * are skipped (the spectator rate stays at one frame per {@value SpectatorHub#EVERY_TICKS} ticks).
         *
         * @return the frame to send now, or null
         */
        ServerMessage.Snapshot advance(ServerMessage.Snapshot frame, long delayMs) {
            if (history.size() == capacity) {
                history.pollFirst();
            }
            history.addLast(frame);
            long dueMs = frame.serverTimeMs() - delayMs;
            ServerMessage.Snapshot due = null;
            while (!history.isEmpty() && history.peekFirst().serverTimeMs() <= dueMs) {
                due = history.pollFirst();
            }
            return due;
        }

        /** @return frames held, at most the capacity */
        int held() {
            return history.size();
        }
    }
}
