package dev.ludus.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.SnapshotHeader;
import dev.ludus.protocol.Vec2;
import dev.ludus.protocol.Weapon;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resume benchmark (issue 8: "from the resume message to the first live snapshot p99 <= 100 ms"):
 * players log in over Netty's WebSocket client (protobuf), fight each other (an attack every 500 ms,
 * so reliable events keep coming), and, one after another, lose their connection abruptly (TCP closed,
 * no WebSocket close) and come back on a new one with {@code resume}. For each resume it measures the
 * time from sending {@code resume} to the first snapshot, and it checks every player's numbered events
 * end to end: each number exactly once, in order, across all its connections.
 *
 * <p>Progress every 5 s; a JSON summary and an HTML page with the latency histogram at the end.
 */
public final class ResumeBench {
    private static final ProtobufCodec CODEC = new ProtobufCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final int clients;
    private final int cycles;
    private final PrintStream progress;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicLong eventsReplayed = new AtomicLong();
    private final AtomicLong eventsOutOfOrder = new AtomicLong();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final List<Player> players = new ArrayList<>();
    private EventLoopGroup group;

    /**
     * @param server   the server's WebSocket endpoint
     * @param clients  players, {@code >= 2}
     * @param cycles   times every player drops and resumes, {@code >= 1}
     * @param progress where progress lines go
     */
    public ResumeBench(URI server, int clients, int cycles, PrintStream progress) {
        if (clients < 2 || cycles < 1) {
            throw new IllegalArgumentException("clients : " + clients + ", cycles : " + cycles + " (expected: >= 2 and >= 1)");
        }
        this.server = server;
        this.clients = clients;
        this.cycles = cycles;
        this.progress = progress;
    }

    /**
     * Runs the benchmark and writes {@code summary} (JSON) and {@code report.html} beside it.
     *
     * @param summary the JSON summary file
     * @return the summary's fields
     * @throws InterruptedException when interrupted
     * @throws IOException when the report cannot be written
     */
    public Map<String, Object> run(Path summary) throws InterruptedException, IOException {
        group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            for (int i = 0; i < clients; i++) {
                Player player = new Player("resume-" + i);
                players.add(player);
                connect(player);
                Thread.sleep(5);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (players.stream().anyMatch(p -> p.token == null) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            progress.printf(Locale.ROOT, "%d of %d players in; dropping and resuming each %d times%n",
                players.stream().filter(p -> p.token != null).count(), clients, cycles);
            long started = System.nanoTime();
            long lastReport = started;
            for (int cycle = 0; cycle < cycles; cycle++) {
                for (Player player : players) {
                    if (player.token == null) {
                        continue;
                    }
                    // Wait until its last resume completed, then drop it mid-fight and come back at once.
                    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (player.resumeSentNanos != 0 && System.nanoTime() < waitUntil) {
                        Thread.sleep(1);
                    }
                    Channel channel = player.channel;
                    if (channel != null) {
                        channel.close().awaitUninterruptibly(1000);
                    }
                    connect(player);
                    Thread.sleep(Math.max(1, 1000 / clients));
                    if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                        lastReport = System.nanoTime();
                        progress.printf(Locale.ROOT, "cycle %d/%d: %d resumes, %d errors%n", cycle + 1, cycles, resumes.get(),
                            errors.values().stream().mapToLong(AtomicLong::get).sum());
                    }
                }
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (players.stream().anyMatch(p -> p.resumeSentNanos != 0) && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            for (Player player : players) {
                player.playing = false;
                Channel channel = player.channel;
                if (channel != null && player.token != null) {
                    // Log out, so the players leave now rather than wait out their grace window (a rerun reuses the names).
                    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(CODEC.encode(new ClientMessage.Logout()))))
                        .awaitUninterruptibly(1000);
                }
                if (channel != null) {
                    channel.close().awaitUninterruptibly(1000);
                }
            }
            return report(summary);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        }
    }

    private Map<String, Object> report(Path summary) throws IOException {
        long[] buckets = latency.drain();
        Map<String, Object> fields = new TreeMap<>();
        fields.put("clients", clients);
        fields.put("cycles", cycles);
        fields.put("resumes", resumes.get());
        Map<String, Double> latencies = new TreeMap<>();
        latencies.put("p50", millis(LatencyHistogram.quantile(buckets, 0.5)));
        latencies.put("p99", millis(LatencyHistogram.quantile(buckets, 0.99)));
        latencies.put("max", millis(LatencyHistogram.quantile(buckets, 1.0)));
        fields.put("resumeToSnapshotMillis", latencies);
        fields.put("eventsReplayed", eventsReplayed.get());
        fields.put("eventsOutOfOrder", eventsOutOfOrder.get());
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, count) -> errorCounts.put(code, count.get()));
        fields.put("errors", errorCounts);
        String json = JSON.writeValueAsString(fields);
        Path parent = summary.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(summary, json + "\n");
        Files.writeString(parent.resolve("resume-report.html"), html(buckets, json));
        progress.println(json);
        progress.println("report: " + parent.resolve("resume-report.html"));
        return fields;
    }

    /** @return the latency rounded to 0.1 ms, or null (JSON null) when nothing was measured */
    private static Double millis(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10) / 10.0;
    }

    /** A histogram of resume latencies in 1 ms bars up to the maximum seen (inline SVG, no script). */
    private static String html(long[] buckets, String json) {
        int bars = 1;
        long[] perMillis = new long[1001];
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] > 0) {
                int ms = (int) Math.min(1000, i * LatencyHistogram.BUCKET_MILLIS);
                perMillis[ms] += buckets[i];
                bars = Math.max(bars, ms + 1);
            }
        }
        long highest = 1;
        for (int i = 0; i < bars; i++) {
            highest = Math.max(highest, perMillis[i]);
        }
        int width = 800;
        int height = 240;
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + (width + 60) + "' height='"
            + (height + 40) + "'><g transform='translate(50,10)'>");
        double barWidth = (double) width / bars;
        for (int i = 0; i < bars; i++) {
            double h = (double) perMillis[i] / highest * height;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#4a7'/>",
                i * barWidth, height - h, Math.max(0.5, barWidth - 0.5), h));
        }
        svg.append(String.format(Locale.ROOT, "<line x1='0' y1='%d' x2='%d' y2='%d' stroke='#333'/>", height, width, height));
        svg.append(String.format(Locale.ROOT, "<text x='0' y='%d' font-size='12'>0 ms</text><text x='%d' y='%d' font-size='12' "
            + "text-anchor='end'>%d ms</text><text x='-45' y='12' font-size='12'>%d</text></g></svg>", height + 16, width,
            height + 16, bars, highest));
        return "<!doctype html><meta charset='utf-8'><title>Ludus resume benchmark</title><body style='font-family:sans-serif'>"
            + "<h1>Resume: from <code>resume</code> sent to the first snapshot</h1><p>" + json.replace("<", "&lt;")
            + "</p><p>Resumes per 1 ms of latency:</p>" + svg + "</body>";
    }

    private void connect(Player player) {
        // No close frame when the channel closes: a drop, as a lost network (a normal close would end the session).
        WebSocketClients.connect(group, server, new Connection(player), false);
    }

    /** A player's state across its connections. */
    private static final class Player {
        final String name;
        volatile Channel channel;
        volatile String token;
        volatile long entityId = -1;
        volatile long lastEventSeq;
        volatile long lastSeq = -1;
        /** When the pending resume was sent (nanoTime), 0 when none is pending. */
        volatile long resumeSentNanos;
        volatile boolean playing;

        Player(String name) {
            this.name = name;
        }
    }

    /** One connection of a player. */
    private final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Player player;
        private boolean resumedSeen;

        Connection(Player player) {
            this.player = player;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                player.channel = ctx.channel();
                if (player.token == null) {
                    send(ctx.channel(), new ClientMessage.Login(player.name));
                } else {
                    player.playing = false;
                    player.resumeSentNanos = System.nanoTime();
                    send(ctx.channel(), new ClientMessage.Resume(player.token, player.lastEventSeq));
                }
                ctx.executor().scheduleAtFixedRate(() -> attack(ctx.channel()), 500, 500, TimeUnit.MILLISECONDS);
            }
            super.userEventTriggered(ctx, event);
        }

        private void attack(Channel channel) {
            if (!player.playing || player.channel != channel || !channel.isActive() || players.size() < 2) {
                return;
            }
            Player target = players.get((int) ((player.entityId + 1 + player.lastSeq) % players.size()));
            if (target == player || target.entityId < 0) {
                return;
            }
            player.lastSeq++;
            send(channel, new ClientMessage.Attack(player.lastSeq, target.entityId, Weapon.MELEE, new Vec2(1, 0), -1));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            SnapshotHeader header = CODEC.readSnapshotHeader(bytes).orElse(null);
            if (header != null) {
                long sent = player.resumeSentNanos;
                if (resumedSeen && sent != 0) {
                    latency.record((System.nanoTime() - sent) / 1e6);
                    resumes.incrementAndGet();
                    player.resumeSentNanos = 0;
                    player.playing = true;
                }
                return;
            }
            ServerMessage message = CODEC.decodeServer(bytes);
            if (message instanceof ServerMessage.Numbered numbered) {
                if (numbered.eventSeq() != player.lastEventSeq + 1) {
                    eventsOutOfOrder.incrementAndGet();
                }
                if (player.resumeSentNanos != 0) {
                    eventsReplayed.incrementAndGet();
                }
                player.lastEventSeq = numbered.eventSeq();
                return;
            }
            switch (message) {
                case ServerMessage.Welcome welcome -> {
                    player.entityId = welcome.entityId();
                    player.playing = true;
                }
                case ServerMessage.SessionToken token -> player.token = token.session();
                case ServerMessage.Resumed resumed -> {
                    resumedSeen = true;
                    player.lastSeq = resumed.lastSeq();
                }
                case ServerMessage.ErrorMessage error -> {
                    errors.computeIfAbsent(error.code().code(), code -> new AtomicLong()).incrementAndGet();
                    if (player.resumeSentNanos != 0 && !resumedSeen) {
                        // A refused resume: this player is out of the benchmark.
                        player.resumeSentNanos = 0;
                        player.token = null;
                    }
                }
                default -> { }
            }
        }

        private void send(Channel channel, ClientMessage message) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(CODEC.encode(message))));
        }
    }
}
