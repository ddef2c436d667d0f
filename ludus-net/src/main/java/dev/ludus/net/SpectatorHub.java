package dev.ludus.net;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SpectateArea;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.spectate.WorldReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delayed spectator views of players' areas of interest and of fixed areas of the world, and the
 * aggregated state sent along with them (docs/protocol.md §18).
 *
 * <p>A <em>view</em> is one followed player or one area, and one delay. Every {@value #EVERY_TICKS}th
 * tick the view's entities enter its history, filtered ({@code ackSeq} -1, no {@code removed}: each
 * spectator frame is the whole area), and the newest frame at least the view's delay old (by the ticks'
 * own {@code serverTimeMs}, never the system clock) is encoded once per wire format and the same bytes go
 * to every spectator of the view ({@link ByteBuf#retainedDuplicate()}). A followed player's frames come
 * from its own snapshot (the replication worker hands it over); an area's are read from the world at the
 * end of the tick through the simulation's {@link SpectatorFeed}. The history is a bounded ring of
 * {@code delayMs / (EVERY_TICKS * tick interval) + 2} frames; when it is full the oldest frame is dropped
 * unsent, so a frame is never shown before its delay and memory per view is bounded (300 s at 20 Hz:
 * 1,502 frames). With each frame go the {@link SpectatorAggregates} states captured up to its tick, so the
 * scoreboard, kill feed and heat map are exactly as delayed as the entities.
 *
 * <p>A spectator whose channel is not writable skips frames (they are replaceable); its Netty buffer
 * stays near the high-water mark. When the followed player leaves the world its spectators get an
 * {@code error} {@code target_left} and a close with {@value #CLOSE_TARGET_LEFT}; area views never end.
 *
 * <p>Thread-safe: players join and leave and spectators come and go on event loops; player snapshots
 * arrive on the simulation's replication workers, kills and tick ends on the tick thread. Each followed
 * player's views are guarded by that player's {@link Target} monitor, the area views by one monitor of
 * their own, so two followed players never contend.
 */
final class SpectatorHub implements SpectatorFeed {
    /** Ticks between two spectator frames: 5 Hz at the default 20 Hz tick rate, a quarter of a player's. */
    static final int EVERY_TICKS = 4;
    /** The WebSocket close code after {@code target_left} (4000-4999: private use, RFC 6455 §7.4.2). */
    static final int CLOSE_TARGET_LEFT = 4001;

    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private final int tickRateHz;
    private final double widthMetres;
    private final double heightMetres;
    private final SpectatorAggregates aggregates;
    /** Players in the world by entity id. */
    private final Map<Long, Boolean> players = new ConcurrentHashMap<>();
    /** Followed players by entity id; absent when nobody watches. */
    private final Map<Long, Target> watched = new ConcurrentHashMap<>();
    /** Area views by area and delay; guarded by itself. */
    private final Map<AreaKey, View> areaViews = new HashMap<>();

    /**
     * @param tickRateHz   the world's tick rate, to size the histories
     * @param widthMetres  the world's extent along x, for checking areas
     * @param heightMetres the world's extent along y
     */
    SpectatorHub(JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics, int tickRateHz, double widthMetres,
                 double heightMetres) {
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
        this.tickRateHz = tickRateHz;
        this.widthMetres = widthMetres;
        this.heightMetres = heightMetres;
        this.aggregates = new SpectatorAggregates(json, protobuf, tickRateHz);
    }

    /**
     * A spectator's registration, to end it when its connection closes.
     *
     * @param target the followed player, or -1 for an area
     * @param area   the watched area, or null for a player
     */
    record Spectator(long target, SpectateArea area, long delayMs, Channel channel, WireFormat format) {
    }

    private record AreaKey(SpectateArea area, long delayMs) {
    }

    /** The player with this entity id entered the world under this name and may be followed. Any thread. */
    @Override
    public void onPlayerJoined(long entityId, String name) {
        players.put(entityId, Boolean.TRUE);
        aggregates.onPlayerJoined(entityId, name);
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
     * @throws ProtocolException {@link ErrorCode#UNKNOWN_TARGET} when no player in the world has the id, or it left while this
     *     spectator registered
     */
    Spectator watch(long targetId, long delayMs, Channel channel, WireFormat format) {
        if (!players.containsKey(targetId)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TARGET, "spectate.target : " + targetId + " (expected: a player in the world)");
        }
        Spectator spectator = new Spectator(targetId, null, delayMs, channel, format);
        boolean registered = false;
        while (!registered) {
            Target target = watched.computeIfAbsent(targetId, id -> new Target());
            synchronized (target) {
                // The last spectator's unwatch or the player's leaving may have dropped this Target from the
                // map between the lookup and the lock: a view added to it would be counted, never fed and
                // never released. Take the Target now mapped instead.
                if (watched.get(targetId) == target) {
                    View view = target.views.get(delayMs);
                    if (view == null) {
                        view = new View(capacity(delayMs));
                        target.views.put(delayMs, view);
                        metrics.spectatorViews.incrementAndGet();
                    }
                    view.add(spectator);
                    metrics.spectators.incrementAndGet();
                    registered = true;
                }
            }
        }
        if (!players.containsKey(targetId)) {
            // The player left while this spectator registered: this request is refused like one a moment later (its connection
            // has written nothing yet, so no spectating may follow a target_left), and any other spectator that registered
            // in the same moment is ended like the others.
            unwatch(spectator);
            onPlayerLeft(targetId);
            throw new ProtocolException(ErrorCode.UNKNOWN_TARGET, "spectate.target : " + targetId + " (the player has just left the world)");
        }
        return spectator;
    }

    /**
     * Starts watching an area; spectators of the same area and delay share one view.
     *
     * @return the registration, for {@link #unwatch}
     * @throws ProtocolException {@link ErrorCode#INVALID_AREA} when the centre lies outside the world
     */
    Spectator watch(SpectateArea area, long delayMs, Channel channel, WireFormat format) {
        checkInside(area);
        Spectator spectator = new Spectator(-1, area, delayMs, channel, format);
        synchronized (areaViews) {
            View view = areaViews.computeIfAbsent(new AreaKey(area, delayMs), key -> {
                metrics.spectatorViews.incrementAndGet();
                return new View(capacity(delayMs));
            });
            view.add(spectator);
            metrics.spectators.incrementAndGet();
        }
        return spectator;
    }

    /**
     * @param area an area
     * @throws ProtocolException {@link ErrorCode#INVALID_AREA} when its centre lies outside the world
     */
    void checkInside(SpectateArea area) {
        if (!(area.xMetres() >= 0 && area.xMetres() <= widthMetres && area.yMetres() >= 0 && area.yMetres() <= heightMetres)) {
            throw new ProtocolException(ErrorCode.INVALID_AREA, "spectate.area : (" + area.xMetres() + ", " + area.yMetres()
                + ") (expected: a centre inside the world, 0 to " + widthMetres + " by 0 to " + heightMetres + " metres)");
        }
    }

    /** The spectator's connection closed. */
    void unwatch(Spectator spectator) {
        if (spectator.area() != null) {
            synchronized (areaViews) {
                AreaKey key = new AreaKey(spectator.area(), spectator.delayMs());
                View view = areaViews.get(key);
                if (view != null && view.remove(spectator)) {
                    metrics.spectators.decrementAndGet();
                    if (view.spectators.isEmpty()) {
                        areaViews.remove(key);
                        metrics.spectatorViews.decrementAndGet();
                    }
                }
            }
            return;
        }
        Target target = watched.get(spectator.target());
        if (target == null) {
            return;
        }
        synchronized (target) {
            View view = target.views.get(spectator.delayMs());
            if (view != null && view.remove(spectator)) {
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
                advance(entry.getValue(), filtered, entry.getKey());
            }
        }
    }

    /** Tick thread: counts the kill for the scoreboard and the feed. */
    @Override
    public void onKill(long tick, long killerId, long victimId, EntityKind victimKind) {
        aggregates.onKill(tick, killerId, victimId, victimKind);
    }

    /** Tick thread: captures the aggregated state when due, then feeds the area views their frame. */
    @Override
    public void onTickEnd(long tick, long serverTimeMs, WorldReader world) {
        aggregates.capture(tick, serverTimeMs, world);
        if (tick % EVERY_TICKS != 0) {
            return;
        }
        synchronized (areaViews) {
            for (Map.Entry<AreaKey, View> entry : areaViews.entrySet()) {
                SpectateArea area = entry.getKey().area();
                ServerMessage.Snapshot frame = new ServerMessage.Snapshot(tick, serverTimeMs, -1,
                    world.area(area.xMetres(), area.yMetres(), area.radiusMetres()), List.of());
                advance(entry.getValue(), frame, entry.getKey().delayMs());
            }
        }
    }

    /** @return the aggregated state; for the replay's seek and for tests */
    SpectatorAggregates aggregates() {
        return aggregates;
    }

    /** Adds a frame to the view and sends what is due: the delayed frame, and the states up to its tick. Under the view's owner's monitor. */
    private void advance(View view, ServerMessage.Snapshot frame, long delayMs) {
        ServerMessage.Snapshot due = view.advance(frame, delayMs);
        if (due == null) {
            return;
        }
        send(due, view);
        List<SpectatorAggregates.Frame> states = aggregates.due(view.stateTickSent, due.tick());
        for (SpectatorAggregates.Frame state : states) {
            sendState(state, view);
            view.stateTickSent = state.state().tick();
        }
    }

    private int capacity(long delayMs) {
        double frameMillis = EVERY_TICKS * 1000.0 / tickRateHz;
        return (int) Math.ceil(delayMs / frameMillis) + 2;
    }

    /**
     * Encodes the frame at most once per format and writes the same bytes to every spectator of the view.
     * The caller (a replication worker, or the tick thread for areas) only encodes and hands one task to
     * each event loop that serves spectators of the view; the event loop writes to its own channels. So
     * a thousand spectators cost the tick a few task submissions, not a thousand.
     */
    private void send(ServerMessage.Snapshot frame, View view) {
        ByteBuf text = view.hasFormat(WireFormat.JSON) ? Unpooled.wrappedBuffer(json.encode(frame)) : null;
        ByteBuf binary = view.hasFormat(WireFormat.PROTOBUF) ? Unpooled.wrappedBuffer(protobuf.encode(frame)) : null;
        if (text != null) {
            metrics.spectatorFramesEncoded.increment();
        }
        if (binary != null) {
            metrics.spectatorFramesEncoded.increment();
        }
        dispatch(view, text, binary, false);
    }

    /** Writes an aggregated state, encoded when it was captured, to every spectator of the view; never dropped. */
    private void sendState(SpectatorAggregates.Frame state, View view) {
        ByteBuf text = view.hasFormat(WireFormat.JSON) ? Unpooled.wrappedBuffer(state.json()) : null;
        ByteBuf binary = view.hasFormat(WireFormat.PROTOBUF) ? Unpooled.wrappedBuffer(state.protobuf()) : null;
        dispatch(view, text, binary, true);
    }

    /** One task per event loop of the view's spectators; releases the caller's references to the bytes. */
    private void dispatch(View view, ByteBuf text, ByteBuf binary, boolean state) {
        try {
            for (Map.Entry<io.netty.channel.EventLoop, List<Spectator>> entry : view.byLoop.entrySet()) {
                List<Spectator> spectators = entry.getValue();
                if (spectators.isEmpty()) {
                    continue;
                }
                ByteBuf loopText = text == null ? null : text.retain();
                ByteBuf loopBinary = binary == null ? null : binary.retain();
                entry.getKey().execute(() -> write(spectators, loopText, loopBinary, state));
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

    /** On one event loop: the same bytes to each of its spectators of a view. */
    private void write(List<Spectator> spectators, ByteBuf text, ByteBuf binary, boolean state) {
        try {
            for (Spectator spectator : spectators) {
                Channel channel = spectator.channel();
                if (!channel.isActive()) {
                    continue;
                }
                if (!state && !channel.isWritable()) {
                    metrics.spectatorFramesDropped.increment();
                    continue;
                }
                ByteBuf bytes = spectator.format() == WireFormat.JSON ? text : binary;
                if (bytes == null) {
                    // The spectator joined after the bytes were encoded for the formats then present.
                    continue;
                }
                if (state) {
                    metrics.spectatorStatesSent.increment();
                    metrics.messagesOut.increment();
                    metrics.bytesOut.increment(bytes.readableBytes());
                } else {
                    count(bytes);
                }
                channel.writeAndFlush(spectator.format() == WireFormat.JSON ? new TextWebSocketFrame(bytes.retainedDuplicate())
                    : new BinaryWebSocketFrame(bytes.retainedDuplicate()), channel.voidPromise());
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

    private WebSocketFrame frame(ServerMessage message, WireFormat format) {
        return format == WireFormat.JSON ? new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)))
            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message)));
    }

    /** One followed player's views by delay; guarded by its own monitor. */
    private static final class Target {
        final Map<Long, View> views = new TreeMap<>();
    }

    /** One delay's history and spectators; guarded by its owner's monitor. */
    static final class View {
        private final int capacity;
        private final ArrayDeque<ServerMessage.Snapshot> history;
        final List<Spectator> spectators = new CopyOnWriteArrayList<>();
        /** The same spectators by the event loop of their channel, for one write task per loop. */
        final Map<io.netty.channel.EventLoop, List<Spectator>> byLoop = new ConcurrentHashMap<>();
        /** The tick of the last aggregated state this view sent, or -1. */
        long stateTickSent = -1;

        /** Spectators per wire format, by {@link WireFormat#ordinal()}. */
        private final int[] formats = new int[WireFormat.values().length];

        void add(Spectator spectator) {
            spectators.add(spectator);
            byLoop.computeIfAbsent(spectator.channel().eventLoop(), loop -> new CopyOnWriteArrayList<>()).add(spectator);
            formats[spectator.format().ordinal()]++;
        }

        boolean remove(Spectator spectator) {
            List<Spectator> onLoop = byLoop.get(spectator.channel().eventLoop());
            if (onLoop != null) {
                onLoop.remove(spectator);
            }
            boolean removed = spectators.remove(spectator);
            if (removed) {
                formats[spectator.format().ordinal()]--;
            }
            return removed;
        }

        /** @return whether a spectator of the view speaks the format; so only the formats in use are encoded */
        boolean hasFormat(WireFormat format) {
            return formats[format.ordinal()] > 0;
        }

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
