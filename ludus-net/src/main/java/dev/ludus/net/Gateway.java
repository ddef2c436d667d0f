package dev.ludus.net;

import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.session.InMemoryParkedPlayerStore;
import dev.ludus.platform.session.ParkedPlayerStore;
import dev.ludus.platform.session.SessionConfig;
import dev.ludus.platform.session.SessionException;
import dev.ludus.platform.session.SessionTokens;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.sim.world.Simulation;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The network edge: one TCP port serving the WebSocket endpoint {@code /ws} and the HTTP endpoints
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}, and, when given a ledger, its
 * REST API under {@code /v1/}.
 *
 * <p>Netty event loops decode frames into commands for the {@link Simulation}'s inbox and encode what
 * the world sends back; they never touch world state. {@link #start()} and {@link #stop()} may be
 * called from any thread, once each.
 */
public final class Gateway implements AutoCloseable {
    private static final int HTTP_MAX_REQUEST_BYTES = 64 * 1024;
    private static final int WRITE_BUFFER_LOW = 256 * 1024;
    private static final int WRITE_BUFFER_HIGH = 1024 * 1024;

    private final GatewayConfig config;
    private final Simulation simulation;
    private final BooleanSupplier ready;
    private final Supplier<String> metricsScrape;
    private final GatewayMetrics metrics;
    private final LongSupplier nanoClock;
    private final NetcodeConfig netcode;
    private final JsonCodec json = new JsonCodec();
    private final ProtobufCodec protobuf = new ProtobufCodec();
    private final AtomicLong connectionIds = new AtomicLong();
    private final SpectatorHub spectators;
    private final ChannelGroup webSockets = new DefaultChannelGroup("ludus-websockets", GlobalEventExecutor.INSTANCE);
    /** The ledger behind {@code /v1/} and the WebSocket {@code buy}, or null when the server has none. */
    private volatile Ledger ledger;
    private volatile String adminKey;
    /** Idle activities behind {@code activity.*} messages, or null when the server has none. */
    private volatile ActivityService activities;
    private final MeterRegistry meterRegistry;
    /** Without {@link #sessions}: no grace window, so a dropped connection's player leaves at once. */
    private SessionConfig sessionConfig = new SessionConfig("local", 0, SessionConfig.DEFAULT_TOKEN_TTL_MILLIS,
        SessionConfig.DEFAULT_HANDOFF_TTL_MILLIS, SessionConfig.DEFAULT_EVENTS_KEPT);
    private SessionTokens sessionTokens;
    private ParkedPlayerStore parkedStore = new InMemoryParkedPlayerStore();
    private long staleTimeoutMillis;
    /** Sessions, created at {@link #start()}. */
    private volatile GatewaySessions sessions;
    /** The recording served to spectators, or null on a live server. */
    private volatile ReplaySource replays;
    private final AtomicLong replayIds = new AtomicLong();
    /** The replay each replay spectator's connection watches. */
    private final Map<Channel, ReplaySession> replaySessions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int replayViewerLimit = 4 * Runtime.getRuntime().availableProcessors();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /**
     * @param config        network settings
     * @param simulation    the world whose inbox receives the players' commands
     * @param ready         answers {@code /health/ready}: true once the world ticks
     * @param metricsScrape produces the Prometheus text for {@code /metrics}
     * @param registry      where the gateway registers its meters
     * @param nanoClock     monotonic nanoseconds for rate limiting ({@code System::nanoTime} in production)
     */
    public Gateway(GatewayConfig config, Simulation simulation, BooleanSupplier ready, Supplier<String> metricsScrape,
                   MeterRegistry registry, LongSupplier nanoClock) {
        this(config, NetcodeConfig.defaults(), simulation, ready, metricsScrape, registry, nanoClock);
    }

    /**
     * @param config        network settings
     * @param netcode       replication settings: bandwidth budget, slow consumers, probes, jitter buffer
     * @param simulation    the world whose inbox receives the players' commands
     * @param ready         answers {@code /health/ready}: true once the world ticks
     * @param metricsScrape produces the Prometheus text for {@code /metrics}
     * @param registry      where the gateway registers its meters
     * @param nanoClock     monotonic nanoseconds for rate limiting, budgets and RTT ({@code System::nanoTime} in production)
     */
    public Gateway(GatewayConfig config, NetcodeConfig netcode, Simulation simulation, BooleanSupplier ready,
                   Supplier<String> metricsScrape, MeterRegistry registry, LongSupplier nanoClock) {
        this.netcode = Objects.requireNonNull(netcode, "netcode");
        this.config = Objects.requireNonNull(config, "config");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.metricsScrape = Objects.requireNonNull(metricsScrape, "metricsScrape");
        this.metrics = new GatewayMetrics(Objects.requireNonNull(registry, "registry"));
        this.meterRegistry = registry;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        dev.ludus.sim.world.WorldConfig world = simulation.world().config();
        this.spectators = new SpectatorHub(json, protobuf, metrics, world.tickRateHz(), world.widthMetres(),
            world.heightMetres());
        // Before the first tick: the hub hears every kill and reads areas and player counts at each tick's end.
        simulation.spectatorFeed(spectators);
    }

    /** @return the spectator views */
    SpectatorHub spectators() {
        return spectators;
    }

    /**
     * Serves a recorded game to spectators instead of the live one: {@code spectate} then needs
     * {@code replay} and an area, and logins are refused ({@code server_full}). Call before {@link #start()}.
     *
     * @param source the recording
     */
    public void replays(ReplaySource source) {
        this.replays = Objects.requireNonNull(source, "source");
    }

    /**
     * Most replay viewers served at once: each re-simulates the recorded world on a thread of its own, so without a
     * limit a client opening connections would take every core. Default four per available core.
     *
     * @param viewers 1 or more
     * @throws IllegalArgumentException when below 1
     */
    public void replayViewerLimit(int viewers) {
        if (viewers < 1) {
            throw new IllegalArgumentException("replay viewers : " + viewers + " (expected: >= 1)");
        }
        this.replayViewerLimit = viewers;
    }

    /** @return replay viewers served now */
    int replayViewers() {
        return replaySessions.size();
    }

    /** @return the recording served to spectators, or null on a live server */
    ReplaySource replays() {
        return replays;
    }

    /**
     * Starts a spectator's view: a live player or area view, or on a replay server a replay session on a
     * thread of its own. Event loop.
     *
     * @return the registration, for {@link SpectatorHub#unwatch} (a replay's ends with its connection)
     * @throws dev.ludus.protocol.ProtocolException with the stable code of a refusal (§18.3 of docs/protocol.md)
     */
    SpectatorHub.Spectator spectate(ClientMessage.Spectate request, Channel channel, WireFormat format) {
        ReplaySource source = replays;
        if (!request.isReplay()) {
            if (source != null) {
                throw new ProtocolException(ErrorCode.MISSING_FIELD, "spectate.replay is required: this server replays "
                    + "a recorded game of " + source.ticks() + " ticks");
            }
            return request.area() != null ? spectators.watch(request.area(), request.delayMs(), channel, format)
                : spectators.watch(request.target(), request.delayMs(), channel, format);
        }
        if (source == null) {
            throw new ProtocolException(ErrorCode.REPLAY_UNAVAILABLE, "this server plays live; replays are served by "
                + "ludus replay LOG --serve");
        }
        ReplaySession.check(source, request.area(), request.replayFromTick());
        // Checked on the event loops without a lock: concurrent requests may overshoot by a few, never without bound.
        if (replaySessions.size() >= replayViewerLimit) {
            throw new ProtocolException(ErrorCode.SERVER_FULL, "this replay server serves " + replayViewerLimit
                + " viewers at once; try again later");
        }
        ReplaySession session = new ReplaySession(source, request.area(), request.area() == null ? request.target() : -1,
            request.replayFromTick(), channel, format, json, protobuf, metrics);
        replaySessions.put(channel, session);
        channel.closeFuture().addListener(closed -> replaySessions.remove(channel, session));
        Thread.ofPlatform().daemon().name("ludus-replay-" + replayIds.incrementAndGet()).start(session);
        return new SpectatorHub.Spectator(request.target(), request.area(), 0, channel, format);
    }

    /**
     * Pauses, resumes, speeds up or seeks the replay a connection watches (docs/protocol.md §18.4). Event loop.
     *
     * @throws ProtocolException {@link ErrorCode#NOT_REPLAYING} when the connection watches no replay,
     *     {@link ErrorCode#TICK_OUTSIDE_LOG} for a seek beyond the recording
     */
    void replayControl(Channel channel, ClientMessage.ReplayControl control) {
        ReplaySession session = replaySessions.get(channel);
        if (session == null) {
            throw new ProtocolException(ErrorCode.NOT_REPLAYING, "replay.control on a connection that watches no replay "
                + "(spectate with replay.fromTick on a replay server first)");
        }
        if (control.seeks()) {
            ReplaySession.checkTick(replays, control.fromTick(), "replay.control.fromTick");
        }
        session.control(control);
    }

    /**
     * Serves the ledger's REST API under {@code /v1/} (guarded by the admin key) and the players'
     * {@code buy} messages. Call before {@link #start()}.
     *
     * @param ledger   the ledger
     * @param adminKey the bearer token of the REST API, at least 16 characters
     * @throws IllegalArgumentException when the key is shorter
     */
    public void ledger(Ledger ledger, String adminKey) {
        Objects.requireNonNull(ledger, "ledger");
        if (adminKey == null || adminKey.length() < 16) {
            throw new IllegalArgumentException("LUDUS_ADMIN_KEY : " + (adminKey == null ? "missing" : adminKey.length() + " characters")
                + " (expected: at least 16)");
        }
        this.ledger = ledger;
        this.adminKey = adminKey;
    }

    /**
     * Serves the players' {@code activity.start}, {@code activity.cancel} and {@code activity.list} and
     * pushes their activity notifications (docs/activities.md). Call before {@link #start()}.
     *
     * @param service the activity lane
     */
    public void activities(ActivityService service) {
        this.activities = Objects.requireNonNull(service, "service");
    }

    /**
     * Sets up sessions (docs/protocol.md §19). Without this call the gateway signs tokens with a random
     * per-process key, keeps no grace window (a dropped connection's player leaves at once, as before
     * sessions), parks nothing and closes no stale connection. Call before {@link #start()}.
     *
     * @param config             grace window, token lifetimes, events kept, this server's id
     * @param tokens             signs and verifies tokens (the cluster's shared key for resume and handoff
     *                           across servers)
     * @param store              where parked players' data is kept
     * @param staleTimeoutMillis close a connection from which nothing (not even a pong to the RTT probes)
     *                           arrived for this long, milliseconds; 0: never
     * @throws IllegalArgumentException when the timeout is negative
     */
    public void sessions(SessionConfig config, SessionTokens tokens,
                         ParkedPlayerStore store, long staleTimeoutMillis) {
        if (staleTimeoutMillis < 0) {
            throw new IllegalArgumentException("LUDUS_STALE_TIMEOUT_MILLIS : " + staleTimeoutMillis + " (expected: >= 0)");
        }
        this.sessionConfig = Objects.requireNonNull(config, "config");
        this.sessionTokens = Objects.requireNonNull(tokens, "tokens");
        this.parkedStore = Objects.requireNonNull(store, "store");
        this.staleTimeoutMillis = staleTimeoutMillis;
    }

    /** @return the sessions; after {@link #start()} */
    GatewaySessions sessions() {
        return sessions;
    }

    /**
     * Revokes a player's session (an operator's decision): its connection closes with 4003, the player
     * leaves the world, and none of its tokens works again. Any thread, after {@link #start()}.
     *
     * @param player the player's name, any case
     * @return false when the player has no session here
     */
    public boolean revoke(String player) {
        return sessions.revoke(player);
    }

    /**
     * Transfers a connected player to another Ludus server: it leaves this world and its client receives
     * a {@code transfer} with a single-use handoff token that {@code server} accepts (the servers share
     * the session key). Any thread, after {@link #start()}.
     *
     * @param player the player's name, any case
     * @param server the other server's id ({@code LUDUS_SERVER_ID} there)
     * @param url    the other server's WebSocket URL, for the client
     * @throws SessionException {@code session_unknown} or {@code session_detached}
     */
    public void transfer(String player, String server, String url) {
        sessions.transfer(player, server, url);
    }

    /** @return the activity lane, or null when the server has none */
    ActivityService activities() {
        return activities;
    }

    /**
     * Binds the port and starts accepting connections.
     *
     * @return the bound address (the actual port when {@link GatewayConfig#port()} is 0)
     * @throws InterruptedException when interrupted while binding
     * @throws java.io.UncheckedIOException when the port cannot be bound (in use, no such address);
     *     the gateway's threads are released first
     */
    public InetSocketAddress start() throws InterruptedException {
        sessions = new GatewaySessions(sessionConfig, sessionTokens != null ? sessionTokens
            : SessionTokens.random(new SecureRandom()), parkedStore, staleTimeoutMillis,
            simulation, spectators, meterRegistry, activities);
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.effectiveIoThreads(), NioIoHandler.newFactory());
        // Detached sessions are parked within half a second of their window's end; revocations and used handoff tokens are
        // forgotten once their tokens expired. Also without a grace window (nothing detaches), or those two would only grow.
        workerGroup.next().scheduleAtFixedRate(() -> {
            try {
                sessions.sweep();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("session sweep failed", e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        WebSocketServerProtocolConfig webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            // Also /ws?token=... and /ws/...: web clients pass parameters in the query.
            .checkStartsWith(true)
            // The adapter answers close frames itself: a client's 1000 ends its session at once, anything else detaches it.
            .handleCloseFrames(false)
            // Pongs answer the RTT probes (PlayerConnectionAdapter#probe).
            .dropPongFrames(false)
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build())
            .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(WRITE_BUFFER_LOW, WRITE_BUFFER_HIGH))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    ChannelPipeline pipeline = channel.pipeline();
                    pipeline.addLast("http", new HttpServerCodec());
                    pipeline.addLast("http-aggregator", new HttpObjectAggregator(HTTP_MAX_REQUEST_BYTES));
                    pipeline.addLast("http-in-order", new HttpInOrder());
                    pipeline.addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig));
                    if (adminKey != null) {
                        pipeline.addLast("session-api", new SessionHttpAdapter(Gateway.this, adminKey));
                    }
                    if (ledger != null) {
                        pipeline.addLast("ledger-api", new LedgerHttpAdapter(ledger, adminKey));
                    }
                    pipeline.addLast("http-endpoints", new HttpEndpointHandler(ready, metricsScrape));
                    pipeline.addLast("websocket-aggregator", new WebSocketFrameAggregator(config.maxFrameBytes()));
                    pipeline.addLast("player", new PlayerConnectionAdapter(connectionIds.incrementAndGet(), simulation,
                        config, json, protobuf, metrics, nanoClock, Gateway.this, ledger, netcode));
                }
            });
        try {
            serverChannel = bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            releaseEventLoops(0);
            throw e;
        } catch (Exception e) {
            // sync() rethrows the bind failure (a checked java.net.BindException) without declaring it.
            releaseEventLoops(0);
            throw new java.io.UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                + ": " + e.getMessage(), e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return open WebSocket connections */
    public int connectionCount() {
        return webSockets.size();
    }

    void onOpened(Channel channel) {
        webSockets.add(channel);
    }

    /**
     * Stops accepting, sends every WebSocket client a close frame (1001, going away) and releases
     * the event loops. Waits at most about {@code timeoutMillis} for clients to receive their close.
     *
     * @param timeoutMillis the longest wait, {@code >= 0}
     */
    public void stop(long timeoutMillis) {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(timeoutMillis);
        // Park the players while their connections are still open (a close would otherwise decide their departure) and the
        // world still ticks; the parking itself finishes in sessions.close() below.
        if (sessions.parkAll() > 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, 2000));
            while (simulation.playerCount() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (simulation.playerCount() > 0) {
                org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("stopping: {} players had not left the world after {} ms; "
                    + "each is parked when the world applies its leave, if it ticks again before the process ends",
                    simulation.playerCount(), Math.min(timeoutMillis, 2000));
            }
        }
        webSockets.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(),
                "server shutting down"))
            .awaitUninterruptibly(timeoutMillis);
        webSockets.close().awaitUninterruptibly(timeoutMillis);
        releaseEventLoops(timeoutMillis);
        sessions.close();
        serverChannel = null;
    }

    private void releaseEventLoops(long timeoutMillis) {
        workerGroup.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMillis + 1000);
        bossGroup.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMillis + 1000);
    }

    /** Same as {@link #stop(long)} with a two-second timeout. */
    @Override
    public void close() {
        stop(2000);
    }
}
