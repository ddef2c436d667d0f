package dev.ludus.net;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.PlayerLink;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.function.LongSupplier;

/**
 * The outbound side of one connection: encodes server messages in the connection's wire format and
 * writes them. Also the world's {@link PlayerLink} to this player.
 *
 * <p>Reliable messages (welcome, action results, status, errors) are written in the order the world
 * produced them and never dropped; the world hands a tick's results over before its snapshot, so
 * critical events always reach the client ahead of that tick's positions. Snapshots are replaceable:
 * one is dropped while the client's send buffer is full, and after
 * {@link NetcodeConfig#maxStalledSnapshots()} in a row, or more than {@link NetcodeConfig#maxOutboundBytes()}
 * queued, the client is a slow consumer and is disconnected with
 * {@value NetcodeConfig#CLOSE_SLOW_CONSUMER}, so one client never holds the server's memory.
 *
 * <p>Clients that logged in with {@code deltas} get {@link DeltaEncoder} frames under a byte budget (a
 * token bucket of {@link NetcodeConfig#budgetBytesPerSecond()} that every message written draws from) at
 * an adaptive rate: when a frame overdraws the budget, has to defer updates for lack of it, or the send
 * buffer is full, the interval between
 * frames doubles (up to {@link NetcodeConfig#maxSendIntervalTicks()}); after {@value #RECOVERY_FRAMES}
 * frames without congestion it shrinks by one tick (additive increase, multiplicative decrease of the
 * rate, as TCP's congestion control). Other clients get every tick's full snapshot, unbudgeted, as
 * before deltas existed.
 *
 * <p>Thread-safe: the tick thread (and, for snapshots, the simulation's workers) call the {@code on*}
 * methods; encoding and writing happen on the channel's event loop, so the tick never waits on the
 * network. Everything the world sends after the login goes out in the login frame's format.
 */
final class PlayerProxy implements PlayerLink {
    /** Frames without congestion before the adaptive interval shrinks by one tick. */
    static final int RECOVERY_FRAMES = 20;

    private final Channel channel;
    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private final PlayerConnectionAdapter adapter;
    private final NetcodeConfig netcode;
    private final LongSupplier nanoClock;
    /** Spectator views that may follow this player, or null. */
    private final SpectatorHub spectators;
    /** The player's entity id once in the world, else -1; read by the replication worker. */
    private volatile long followId = -1;
    private volatile WireFormat format = WireFormat.JSON;
    private volatile boolean deltas;
    /** Adaptive send interval in ticks; written on the event loop, read by the replication worker. */
    private volatile int sendInterval = 1;
    /** Consecutive snapshots refused by a full send buffer; replication worker only (one per tick). */
    private int stalled;
    /** Set by the replication worker when the client is a slow consumer; acted on by the event loop. */
    private volatile String slowReason;
    /** The frame waiting for the event loop, at most one. */
    private final java.util.concurrent.atomic.AtomicReference<ServerMessage.Snapshot> pendingFrame =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drainFrame = this::drainFrame;
    private final java.util.concurrent.atomic.AtomicInteger ticksPassed = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Queue<ServerMessage> reliable = new java.util.concurrent.ConcurrentLinkedQueue<>();
    // Event loop only from here on.
    private DeltaEncoder encoder;
    private long entityId = -1;
    private double tokens;
    private long refilledNanos;
    private int calmFrames;
    private long deferredReported;

    PlayerProxy(Channel channel, JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics,
                PlayerConnectionAdapter adapter, NetcodeConfig netcode, LongSupplier nanoClock) {
        this(channel, json, protobuf, metrics, adapter, netcode, nanoClock, null);
    }

    PlayerProxy(Channel channel, JsonCodec json, ProtobufCodec protobuf, GatewayMetrics metrics,
                PlayerConnectionAdapter adapter, NetcodeConfig netcode, LongSupplier nanoClock, SpectatorHub spectators) {
        this.spectators = spectators;
        this.channel = channel;
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
        this.adapter = adapter;
        this.netcode = netcode;
        this.nanoClock = nanoClock;
        this.tokens = burstBytes();
        this.refilledNanos = nanoClock.getAsLong();
    }

    void format(WireFormat wireFormat) {
        this.format = wireFormat;
    }

    /** @param enabled whether the login asked for delta frames; set before the login reaches the world */
    void deltas(boolean enabled) {
        this.deltas = enabled;
    }

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        channel.eventLoop().execute(() -> {
            entityId = welcome.entityId();
            followId = entityId;
            if (deltas) {
                encoder = new DeltaEncoder(format == WireFormat.JSON, welcome.tickRate());
            }
            // The adapter opens the session and writes the welcome with its token (or the world's, without sessions).
            adapter.onJoined(welcome);
        });
    }

    /**
     * This connection carries a resumed session's player from now on. Event loop only.
     *
     * @param entity   the player's entity
     * @param tickRate the world's tick rate, Hz (delta frames start afresh: the first one is full)
     */
    void resumed(long entity, int tickRate) {
        entityId = entity;
        followId = entity;
        if (deltas) {
            encoder = new DeltaEncoder(format == WireFormat.JSON, tickRate);
        }
    }

    /**
     * Writes what is queued, then closes the connection with an application close code. Any thread.
     *
     * @param code   the WebSocket close code
     * @param reason the reason, at most 120 characters
     */
    void closeSession(int code, String reason) {
        channel.eventLoop().execute(() -> {
            drainReliable();
            adapter.closeWith(code, reason);
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

    /**
     * Offers this tick's snapshot. At most one frame waits for the event loop per connection: a frame
     * the event loop has not sent by the next tick is superseded by the next one (for a full-snapshot
     * client, its {@code removed} ids carry over), so a busy event loop delays frames by at most one
     * tick and never queues them. Likewise at most one tick signal waits (see {@link #drainFrame}).
     */
    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        long followed = followId;
        if (spectators != null && followed >= 0 && spectators.isWatched(followed)) {
            spectators.onSnapshot(followed, snapshot);
        }
        boolean take;
        if (!channel.isWritable()) {
            // A snapshot supersedes the previous one: when the client cannot keep up, drop rather than queue.
            metrics.snapshotsDropped.increment();
            if (++stalled >= netcode.maxStalledSnapshots()) {
                slowReason = "did not read " + netcode.maxStalledSnapshots() + " snapshots in a row";
            }
            take = false;
        } else {
            stalled = 0;
            int interval = sendInterval;
            take = interval <= 1 || snapshot.tick() % interval == 0;
            if (!take) {
                metrics.snapshotsSkipped.increment();
            }
        }
        if (take) {
            // One atomic step: were the carry a second step, the event loop could take the new frame between the two and
            // the older frame's removals would never be sent (a full-snapshot client would keep those entities).
            boolean carry = !deltas;
            ServerMessage.Snapshot superseded = pendingFrame.getAndUpdate(
                older -> older == null || !carry ? snapshot : carryRemovals(older, snapshot));
            if (superseded != null) {
                metrics.framesSuperseded.increment();
            }
        }
        ticksPassed.incrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainFrame);
        }
        return take;
    }

    /** The newer snapshot, with the removals of an unsent older one that the newer does not undo. */
    static ServerMessage.Snapshot carryRemovals(ServerMessage.Snapshot older, ServerMessage.Snapshot newer) {
        if (older.removed().isEmpty()) {
            return newer;
        }
        java.util.Set<Long> visible = new java.util.HashSet<>();
        for (var e : newer.entities()) {
            visible.add(e.id());
        }
        java.util.TreeSet<Long> removed = new java.util.TreeSet<>(newer.removed());
        for (Long id : older.removed()) {
            if (!visible.contains(id)) {
                removed.add(id);
            }
        }
        return new ServerMessage.Snapshot(newer.tick(), newer.serverTimeMs(), newer.ackSeq(), newer.entities(),
            java.util.List.copyOf(removed), newer.timeScale());
    }

    /**
     * On the event loop, once per tick (or once for several ticks when it fell behind): the jitter buffer's
     * tick, the reliable messages the world produced before this frame, then the frame.
     */
    private void drainFrame() {
        drainScheduled.set(false);
        // One jitter-buffer release per tick that passed, even when the event loop fell behind.
        for (int ticks = ticksPassed.getAndSet(0); ticks > 0; ticks--) {
            adapter.onTick();
        }
        String slow = slowReason;
        if (slow != null) {
            adapter.closeSlowConsumer(slow);
            return;
        }
        drainReliable();
        ServerMessage.Snapshot snapshot = pendingFrame.getAndSet(null);
        if (snapshot != null) {
            sendFrame(snapshot);
        }
    }

    /** Hands the result to the event loop, in the login's format; never dropped (one per action). */
    @Override
    public void onActionResult(ServerMessage.ActionResult result) {
        sendReliable(result);
    }

    /**
     * Hands the status to the event loop, in the login's format. Unlike a snapshot it is not dropped
     * when the client is slow: the next status comes only when something changes again.
     */
    @Override
    public void onStatus(ServerMessage.Status status) {
        sendReliable(status);
    }

    /**
     * Reliable messages go through one queue that every frame drains first, so the results of a tick
     * always precede that tick's positions even when frames are superseded.
     */
    void sendReliable(ServerMessage message) {
        reliable.add(message);
        channel.eventLoop().execute(this::drainReliable);
    }

    private void drainReliable() {
        for (ServerMessage message = reliable.poll(); message != null; message = reliable.poll()) {
            write(message, format);
        }
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
     * The client acknowledged a frame. Event loop only.
     *
     * @param tick the frame's tick
     * @throws dev.ludus.protocol.ProtocolException {@code ack_unknown_tick} or {@code ack_not_increasing};
     *     without deltas an ack is accepted and ignored
     */
    void onAck(long tick) {
        if (encoder == null) {
            return;
        }
        encoder.ack(tick);
        metrics.acks.increment();
    }

    /** Hands a reply to the event loop, in the given format (answers that complete on another thread). */
    void replyLater(ServerMessage message, WireFormat replyFormat) {
        channel.eventLoop().execute(() -> write(message, replyFormat));
    }

    /** Sends a direct reply in the format of the frame it answers. Event loop only. */
    void reply(ServerMessage message, WireFormat replyFormat) {
        write(message, replyFormat);
    }

    /** @return the player's entity id once in the world, else -1 */
    long entityId() {
        return followId;
    }

    /** @return the adaptive send interval, ticks (1: every tick) */
    int sendInterval() {
        return sendInterval;
    }

    /** @return the unspent budget, bytes (negative when overdrawn). Event loop only */
    double budgetTokens() {
        refill();
        return tokens;
    }

    /**
     * Sends a frame now, outside the tick's rhythm: a resumed connection's first, from the newest snapshot,
     * so its client need not wait for the next tick. Event loop only.
     *
     * @param snapshot the snapshot
     */
    void sendFrameNow(ServerMessage.Snapshot snapshot) {
        sendFrame(snapshot);
    }

    private void sendFrame(ServerMessage.Snapshot snapshot) {
        if (encoder == null) {
            write(snapshot, format);
            return;
        }
        refill();
        int allowance = (int) Math.max(0, Math.min(Integer.MAX_VALUE, tokens - DeltaEncoder.HEADER_BYTES));
        ServerMessage.Delta delta = encoder.encode(snapshot, entityId, allowance);
        (delta.isFull() ? metrics.fullFrames : metrics.deltaFrames).increment();
        long deferred = encoder.deferredTotal();
        boolean overBudget = deferred > deferredReported;
        if (overBudget) {
            metrics.entitiesDeferred.increment(deferred - deferredReported);
            deferredReported = deferred;
        }
        write(delta, format);
        adapt(overBudget);
    }

    /**
     * Multiplicative decrease of the frame rate on congestion (the budget overdrawn, updates deferred for
     * lack of budget, or the send buffer full), additive recovery: fewer, fuller frames spend less on
     * headers and let deferred entities through sooner.
     */
    private void adapt(boolean deferredUpdates) {
        int interval = sendInterval;
        if (tokens < 0 || deferredUpdates || !channel.isWritable()) {
            calmFrames = 0;
            sendInterval = Math.min(netcode.maxSendIntervalTicks(), interval * 2);
        } else if (interval > 1 && ++calmFrames >= RECOVERY_FRAMES) {
            calmFrames = 0;
            sendInterval = interval - 1;
        }
        metrics.sendIntervalTicks.record(sendInterval);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = Math.max(0, now - refilledNanos);
        refilledNanos = now;
        tokens = Math.min(burstBytes(), tokens + elapsed * 1e-9 * netcode.budgetBytesPerSecond());
    }

    private double burstBytes() {
        return netcode.budgetBytesPerSecond() * (netcode.burstMillis() / 1000.0);
    }

    private void write(ServerMessage message, WireFormat wireFormat) {
        if (!channel.isActive()) {
            return;
        }
        WebSocketFrame frame = switch (wireFormat) {
            case JSON -> new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)));
            case PROTOBUF -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobuf.encode(message)));
        };
        int bytes = frame.content().readableBytes();
        metrics.messagesOut.increment();
        metrics.bytesOut.increment(bytes);
        tokens -= bytes;
        channel.writeAndFlush(frame, channel.voidPromise());
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        if (outbound != null && outbound.totalPendingWriteBytes() > netcode.maxOutboundBytes()) {
            adapter.closeSlowConsumer("over " + netcode.maxOutboundBytes() + " bytes queued unread");
        }
    }
}
