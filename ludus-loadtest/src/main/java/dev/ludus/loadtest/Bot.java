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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated player on a Netty WebSocket channel: logs in (with delta frames unless told not
 * to), walks, attacks, pings, acknowledges frames as a real client does, and measures how late
 * frames arrive and how long its inputs take to be acknowledged.
 *
 * <p>Movement is a random walk: a new heading every 1 to 3 seconds (about 2 s on average, the issue's
 * scenario), sent as {@code input} at the test's input rate. About every 3 seconds the bot attacks
 * another bot's entity; bots do not decode positions, so most attacks are answered out of range; they
 * keep the action path and its reliable answers busy. Binary frames are skimmed (header and entity
 * count), not decoded.
 *
 * <p>Everything runs on the channel's event loop. Once welcomed, the bot's timer fires at the input
 * rate, at a random phase of its own (clients are not synchronised with one another, nor with the
 * server's tick), and sends in one write: the acknowledgement of the newest frame received, the input
 * (or an attack), and once a second a ping. Acknowledging with each command packet is what Quake III's
 * client does ({@code messageAcknowledge} in every {@code usercmd} packet); with
 * {@link AckPolicy#EACH_FRAME} the bot instead acknowledges after every socket read that brought a frame.
 */
final class Bot extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Inputs whose send time is remembered for the input-to-ack latency; older ones are not measured. */
    private static final int PENDING = 256;
    /** Pings per second. */
    private static final long PING_INTERVAL_MILLIS = 1000;

    /** When a delta bot acknowledges the frames it received. */
    enum AckPolicy {
        /** In the same write as each input: at the input rate (Quake III's client). */
        WITH_INPUT,
        /** After each socket read that brought a frame: at the frame rate, a message of its own. */
        EACH_FRAME
    }

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
    private final AckPolicy ackPolicy;
    private final long inputIntervalMillis;
    private final long scatterEndMillis;
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
    /** When the next ping is due, wall clock ms; the event loop only. */
    private long nextPingMillis;
    private ScheduledFuture<?> timer;

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
        long seed, AckPolicy ackPolicy, long inputIntervalMillis, long scatterEndMillis) {
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
        this.ackPolicy = ackPolicy;
        if (inputIntervalMillis < 1) {
            throw new IllegalArgumentException("inputIntervalMillis : " + inputIntervalMillis + " (expected: >= 1)");
        }
        this.inputIntervalMillis = inputIntervalMillis;
        this.scatterEndMillis = scatterEndMillis;
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
            channel.flush();
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Starts the bot's timer on its event loop, at a random phase within one input interval. Event loop only.
     */
    private void startTimer() {
        nextPingMillis = System.currentTimeMillis() + random.nextLong(PING_INTERVAL_MILLIS);
        timer = channel.eventLoop().scheduleAtFixedRate(this::onTimer, random.nextLong(inputIntervalMillis),
            inputIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The bot's timer: acknowledgement, input and ping, flushed as one write. Event loop only. */
    private void onTimer() {
        if (!isPlaying()) {
            timer.cancel(false);
            return;
        }
        long now = System.currentTimeMillis();
        if (ackPolicy == AckPolicy.WITH_INPUT) {
            acknowledge();
        }
        tick(now);
        if (now >= nextPingMillis) {
            nextPingMillis = now + PING_INTERVAL_MILLIS;
            send(new ClientMessage.Ping(System.nanoTime() / 1e6));
        }
        channel.flush();
    }

    /**
     * Writes one input: the current heading, turning when its time has come; now and then an attack.
     * Event loop only; the caller flushes.
     *
     * @param nowMillis wall clock, ms
     */
    private void tick(long nowMillis) {
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

    /** Writes an acknowledgement of the newest frame received, if it is new. Event loop only; the caller flushes. */
    private void acknowledge() {
        if (deltas && newestTick > ackedTick && send(new ClientMessage.Ack(newestTick))) {
            ackedTick = newestTick;
            counters.acksSent.incrementAndGet();
        }
    }

    /** Writes (without flushing) unless the channel's buffer is full (the server does not read fast enough). Event loop only. */
    private boolean send(ClientMessage message) {
        Channel ch = channel;
        if (ch == null || closed || !ch.isWritable()) {
            return false;
        }
        WebSocketFrame frame = protobuf
            ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(protobufCodec.encode(message)))
            : new TextWebSocketFrame(Unpooled.wrappedBuffer(json.encode(message)));
        ch.write(frame, ch.voidPromise());
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
                startTimer();
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
     * With {@link AckPolicy#EACH_FRAME}, after each batch of frames read from the socket, acknowledge the
     * newest: one ack per frame in steady state, and one for a whole burst after a stall.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (ackPolicy == AckPolicy.EACH_FRAME) {
            acknowledge();
            ctx.flush();
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
