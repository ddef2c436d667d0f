package dev.ludus.loadtest;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SnapshotHeader;
import dev.ludus.protocol.Vec2;
import dev.ludus.protocol.Weapon;
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
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated player on a Netty WebSocket channel: logs in (with delta frames unless told not
 * to), walks, attacks, pings, acknowledges every frame as a real client does, and measures how late
 * frames arrive and how long its inputs take to be acknowledged.
 *
 * <p>Movement is a random walk: a new heading every 1 to 3 seconds (about 2 s on average, the issue's
 * scenario), sent as {@code input} at the test's input rate. About every 3 seconds the bot attacks
 * another bot's entity; bots do not decode positions, so most attacks are answered out of range; they
 * keep the action path and its reliable answers busy. Binary frames are skimmed (header and entity
 * count), not decoded. The receiving side runs on the load test's event loops; {@link #tick} on its
 * scheduler thread.
 */
final class Bot extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Inputs whose send time is remembered for the input-to-ack latency; older ones are not measured. */
    private static final int PENDING = 256;

    private final String name;
    private final boolean protobuf;
    private final boolean deltas;
    private final JsonCodec json;
    private final ProtobufCodec protobufCodec;
    private final LatencyHistogram propagation;
    private final LatencyHistogram roundTrip;
    private final LatencyHistogram inputToAck;
    private final Counters counters;
    private final SplittableRandom random;
    private final AtomicLongArray sentNanos = new AtomicLongArray(PENDING);
    /** The highest seq whose acknowledgement was measured. */
    private final AtomicLong measuredSeq = new AtomicLong(-1);

    private volatile Channel channel;
    private volatile boolean welcomed;
    private volatile boolean closed;
    private volatile long entityId = -1;
    private long seq;
    private double headingRadians;
    private long nextTurnMillis;
    private long nextAttackMillis;
    /** The newest frame received and the last acknowledged; the channel's event loop only. */
    private long newestTick = -1;
    private long ackedTick = -1;

    /** Totals shared by all bots. */
    static final class Counters {
        final AtomicLong snapshots = new AtomicLong();
        final AtomicLong snapshotBytes = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong entitiesSeen = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong inputsSent = new AtomicLong();
        final AtomicLong attacksSent = new AtomicLong();
        final AtomicLong actionResults = new AtomicLong();
        final AtomicLong acksSent = new AtomicLong();
        final AtomicLong inputsSkipped = new AtomicLong();
        final AtomicLong closedByServer = new AtomicLong();
        /** The server's tick rate, from the first welcome; 0 until then. */
        final AtomicInteger tickRateHz = new AtomicInteger();
        /** Entity ids of the bots that joined, for targets; written once per bot. */
        final AtomicLongArray entityIds;
        final AtomicInteger joined = new AtomicInteger();

        Counters(int bots) {
            entityIds = new AtomicLongArray(Math.max(1, bots));
        }
    }

    Bot(String name, boolean protobuf, boolean deltas, JsonCodec json, ProtobufCodec protobufCodec,
        LatencyHistogram propagation, LatencyHistogram roundTrip, LatencyHistogram inputToAck, Counters counters,
        long seed) {
        this.name = name;
        this.protobuf = protobuf;
        this.deltas = deltas;
        this.json = json;
        this.protobufCodec = protobufCodec;
        this.propagation = propagation;
        this.roundTrip = roundTrip;
        this.inputToAck = inputToAck;
        this.counters = counters;
        this.random = new SplittableRandom(seed);
    }

    boolean isPlaying() {
        return welcomed && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            send(new ClientMessage.Login(name, deltas));
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Sends one input: the current heading, turning when its time has come; now and then an attack.
     *
     * @param nowMillis        wall clock, ms
     * @param scatterEndMillis until when the bot keeps its first heading
     */
    void tick(long nowMillis, long scatterEndMillis) {
        if (!isPlaying()) {
            return;
        }
        if (nowMillis >= nextTurnMillis && nowMillis >= scatterEndMillis) {
            headingRadians = random.nextDouble() * 2 * Math.PI;
            nextTurnMillis = nowMillis + 1000 + random.nextLong(2000);
        }
        long next = seq + 1;
        if (nowMillis >= nextAttackMillis && nowMillis >= scatterEndMillis && counters.joined.get() > 1) {
            nextAttackMillis = nowMillis + 2000 + random.nextLong(2000);
            long target = counters.entityIds.get(random.nextInt(Math.min(counters.joined.get(), counters.entityIds.length())));
            sentNanos.set((int) (next % PENDING), 0);
            if (target > 0 && target != entityId && send(new ClientMessage.Attack(next, target, Weapon.MELEE,
                new Vec2(Math.cos(headingRadians), Math.sin(headingRadians)), -1))) {
                seq = next;
                counters.attacksSent.incrementAndGet();
                return;
            }
        }
        sentNanos.set((int) (next % PENDING), System.nanoTime());
        if (send(new ClientMessage.Input(next, new Vec2(Math.cos(headingRadians), Math.sin(headingRadians))))) {
            seq = next;
            counters.inputsSent.incrementAndGet();
        } else {
            counters.inputsSkipped.incrementAndGet();
        }
    }

    /** Sends a ping stamped with this process's monotonic clock, ms; the pong gives the round trip. */
    void ping() {
        if (isPlaying()) {
            send(new ClientMessage.Ping(System.nanoTime() / 1e6));
        }
    }

    /** Sends unless the channel's buffer is full (the server does not read fast enough). Any thread. */
    private boolean send(ClientMessage message) {
        Channel ch = channel;
        if (ch == null || closed || !ch.isWritable()) {
            return false;
        }
        WebSocketFrame frame = protobuf
            ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobufCodec.encode(message)))
            : new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)));
        ch.writeAndFlush(frame, ch.voidPromise());
        return true;
    }

    void close() {
        Channel ch = channel;
        if (ch != null && !closed) {
            closed = true;
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "load test over")).addListener(f -> ch.close());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean binary = frame instanceof BinaryWebSocketFrame;
        if (!binary && !(frame instanceof TextWebSocketFrame)) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        counters.bytesIn.addAndGet(bytes.length);
        handle(bytes, binary);
    }

    private void handle(byte[] bytes, boolean binary) {
        // Frames are most of the traffic: skim them so the bots' process leaves the CPU to the server.
        SnapshotHeader header = binary ? protobufCodec.readSnapshotHeader(bytes).orElse(null) : null;
        if (header != null) {
            onFrame(header.tick(), header.serverTimeMs(), header.ackSeq(), header.entityCount(), bytes.length);
            return;
        }
        ServerMessage message;
        try {
            message = binary ? protobufCodec.decodeServer(bytes) : json.decodeServer(bytes);
        } catch (ProtocolException e) {
            counters.errors.incrementAndGet();
            return;
        }
        if (message instanceof ServerMessage.Numbered numbered) {
            // A reliable event with its session number; bots do not resume, so the number is not kept.
            message = numbered.event();
        }
        switch (message) {
            case ServerMessage.Welcome welcome -> {
                counters.tickRateHz.compareAndSet(0, welcome.tickRate());
                headingRadians = random.nextDouble() * 2 * Math.PI;
                entityId = welcome.entityId();
                int index = counters.joined.getAndIncrement();
                if (index < counters.entityIds.length()) {
                    counters.entityIds.set(index, welcome.entityId());
                }
                welcomed = true;
            }
            case ServerMessage.Snapshot s -> onFrame(s.tick(), s.serverTimeMs(), s.ackSeq(), s.entities().size(), bytes.length);
            case ServerMessage.Delta d -> onFrame(d.tick(), d.serverTimeMs(), d.ackSeq(), d.entities().size(), bytes.length);
            case ServerMessage.Pong pong -> roundTrip.record(System.nanoTime() / 1e6 - pong.t());
            case ServerMessage.ErrorMessage error -> counters.errors.incrementAndGet();
            case ServerMessage.ActionResult result -> counters.actionResults.incrementAndGet();
            case ServerMessage.Status status -> { }
            // Bots play; they never spectate.
            case ServerMessage.Spectating spectating -> { }
            case ServerMessage.SpectatorState state -> { }
            case ServerMessage.PurchaseResult purchase -> { }
            // Bots start no activities, so no activity notifications arrive either.
            case ServerMessage.ActivityNotice notice -> { }
            // Sessions: the token after the welcome; bots neither resume nor get transferred.
            case ServerMessage.SessionToken token -> { }
            case ServerMessage.Resumed resumed -> { }
            case ServerMessage.Transfer transfer -> { }
            case ServerMessage.Numbered numbered -> { }
        }
    }

    private void onFrame(long tick, long serverTimeMs, long ackSeq, int entities, int bytes) {
        long now = System.nanoTime();
        counters.snapshots.incrementAndGet();
        counters.snapshotBytes.addAndGet(bytes);
        counters.entitiesSeen.addAndGet(entities);
        propagation.record(Math.max(0, System.currentTimeMillis() - serverTimeMs));
        long from = Math.max(measuredSeq.get() + 1, ackSeq - PENDING + 1);
        for (long s = from; s <= ackSeq; s++) {
            long sent = sentNanos.getAndSet((int) (s % PENDING), 0);
            if (sent != 0) {
                inputToAck.record((now - sent) / 1e6);
            }
        }
        if (ackSeq > measuredSeq.get()) {
            measuredSeq.set(ackSeq);
        }
        newestTick = Math.max(newestTick, tick);
    }

    /**
     * After each batch of frames read from the socket, acknowledge the newest: one ack per frame in
     * steady state, and one for a whole burst after a stall, as a client acknowledging what it renders.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (deltas && newestTick > ackedTick && send(new ClientMessage.Ack(newestTick))) {
            ackedTick = newestTick;
            counters.acksSent.incrementAndGet();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closed) {
            counters.closedByServer.incrementAndGet();
        }
        closed = true;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
