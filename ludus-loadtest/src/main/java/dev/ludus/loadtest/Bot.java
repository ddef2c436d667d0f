package dev.ludus.loadtest;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SnapshotHeader;
import dev.ludus.protocol.Vec2;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated player on a JDK WebSocket: logs in, walks, pings, and measures how late snapshots
 * arrive.
 *
 * <p>Movement looks like play that spreads out: first a straight walk away from the spawn point on
 * a random heading until the warm-up ends (the scatter of players entering a world towards their
 * business), then a wander that picks a new heading every 3 to 8 seconds. Binary snapshots are
 * skimmed (header and entity count), not decoded. The receiving side runs on the HTTP client's threads;
 * {@link #tick} on the load test's scheduler thread.
 */
final class Bot implements WebSocket.Listener {
    private final String name;
    private final boolean protobuf;
    private final JsonCodec json;
    private final ProtobufCodec protobufCodec;
    private final LatencyHistogram propagation;
    private final LatencyHistogram roundTrip;
    private final Counters counters;
    private final SplittableRandom random;
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();

    private volatile WebSocket socket;
    private volatile boolean welcomed;
    private volatile boolean closed;
    private CompletableFuture<WebSocket> pendingSend = CompletableFuture.completedFuture(null);
    private long seq;
    private double headingRadians;
    private long nextTurnMillis;

    /** Totals shared by all bots. */
    static final class Counters {
        final AtomicLong snapshots = new AtomicLong();
        final AtomicLong snapshotBytes = new AtomicLong();
        final AtomicLong entitiesSeen = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong inputsSent = new AtomicLong();
        final AtomicLong inputsSkipped = new AtomicLong();
        final AtomicLong closedByServer = new AtomicLong();
        /** The server's tick rate, from the first welcome; 0 until then. */
        final java.util.concurrent.atomic.AtomicInteger tickRateHz = new java.util.concurrent.atomic.AtomicInteger();
    }

    Bot(String name, boolean protobuf, JsonCodec json, ProtobufCodec protobufCodec, LatencyHistogram propagation,
        LatencyHistogram roundTrip, Counters counters, long seed) {
        this.name = name;
        this.protobuf = protobuf;
        this.json = json;
        this.protobufCodec = protobufCodec;
        this.propagation = propagation;
        this.roundTrip = roundTrip;
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
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        send(new ClientMessage.Login(name));
        webSocket.request(1);
    }

    /**
     * Sends one input: the current heading, turning when its time has come.
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
            nextTurnMillis = nowMillis + 3000 + random.nextLong(5000);
        }
        if (send(new ClientMessage.Input(++seq, new Vec2(Math.cos(headingRadians), Math.sin(headingRadians))))) {
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

    /** Sends unless a previous send is still in flight (the JDK client allows one at a time). */
    private synchronized boolean send(ClientMessage message) {
        WebSocket ws = socket;
        if (ws == null || closed || !pendingSend.isDone()) {
            return false;
        }
        pendingSend = protobuf
            ? ws.sendBinary(ByteBuffer.wrap(protobufCodec.encode(message)), true)
            : ws.sendText(new String(json.encode(message), StandardCharsets.UTF_8), true);
        return true;
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null && !closed) {
            closed = true;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "load test over");
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            byte[] message = partialBinary.toByteArray();
            partialBinary.reset();
            handle(message, true);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            byte[] message = partialText.toString().getBytes(StandardCharsets.UTF_8);
            partialText.setLength(0);
            handle(message, false);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(byte[] bytes, boolean binary) {
        // Snapshots are most of the traffic: skim them so the bots' process leaves the CPU to the server.
        SnapshotHeader header = binary ? protobufCodec.readSnapshotHeader(bytes).orElse(null) : null;
        if (header != null) {
            onSnapshot(header.serverTimeMs(), header.entityCount(), bytes.length);
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
            case ServerMessage.Welcome welcome -> {
                counters.tickRateHz.compareAndSet(0, welcome.tickRate());
                headingRadians = random.nextDouble() * 2 * Math.PI;
                welcomed = true;
            }
            case ServerMessage.Snapshot snapshot -> onSnapshot(snapshot.serverTimeMs(), snapshot.entities().size(), bytes.length);
            case ServerMessage.Pong pong -> roundTrip.record(System.nanoTime() / 1e6 - pong.t());
            case ServerMessage.ErrorMessage error -> counters.errors.incrementAndGet();
            // Bots only move; they never act or buy, so no answers, statuses or purchase results arrive for them.
            case ServerMessage.ActionResult result -> { }
            case ServerMessage.Status status -> { }
            case ServerMessage.PurchaseResult purchase -> { }
            // Bots start no activities, so no activity notifications arrive either.
            case ServerMessage.ActivityNotice notice -> { }
        }
    }

    private void onSnapshot(long serverTimeMs, int entities, int bytes) {
        counters.snapshots.incrementAndGet();
        counters.snapshotBytes.addAndGet(bytes);
        counters.entitiesSeen.addAndGet(entities);
        propagation.record(Math.max(0, System.currentTimeMillis() - serverTimeMs));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closed) {
            counters.closedByServer.incrementAndGet();
        }
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }
}
