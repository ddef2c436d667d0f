package dev.ludus.net;

import dev.ludus.platform.activity.ActivityException;
import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerException;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.platform.session.ParkedPlayer;
import dev.ludus.platform.session.SessionException;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.action.OptimisticUpdate;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.Simulation;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of one WebSocket connection: decodes each data frame into a client message,
 * enforces the rate limit and the connection's state machine, answers pings, and turns logins,
 * inputs and actions into {@link Command}s for the simulation's inbox. It never reads or writes
 * world state.
 *
 * <p>Inputs and actions share one sequence per connection: the first after a login may start at any
 * {@code seq}, each later one must be the last accepted plus one. A {@code seq} not above the last is
 * a replay ({@code seq_not_increasing}); one further ahead than the frames this connection dropped
 * unread (rate limit, undecodable) can explain is forged ({@code seq_gap}). Both are answered like any
 * bad message, leave the sequence unchanged and, for a player in the world, reach the simulation as a
 * {@link Command.Violation} so the cheat detectors count them.
 *
 * <p>A {@code buy} goes to the ledger, not the world: it needs a login, is idempotent by its key
 * (scoped to the player) and is answered with a {@code purchase_result} when the ledger has committed
 * or refused it.
 *
 * <p>States: anonymous, joining (login sent to the world), in world. Bad input gets an {@code error}
 * reply with a stable code; {@link GatewayConfig#maxConsecutiveFaults()} rejections in a row, more
 * rejections than {@link GatewayConfig#maxFaultsPerMinute()} allows over time, or a
 * flood beyond the rate limit, close the connection with 1008; an oversized message closes it with
 * 1009. Event loop only.
 */
final class PlayerConnectionAdapter extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerConnectionAdapter.class);
    private static final SecureRandom TOKENS = new SecureRandom();

    private enum State { ANONYMOUS, JOINING, IN_WORLD }

    private final long connectionId;
    /**
     * The connection id the world knows this connection's player by: this connection's own, or, after a
     * resume, the one the session's player joined with. Event loop only.
     */
    private long worldConnectionId;
    /** The player's link across connections, once a login or handoff started; event loop only. */
    private SessionLink link;
    /** The format of the login (or resume), in which the world's messages go out. */
    private WireFormat playerFormat = WireFormat.JSON;
    /** Monotonic time of the last frame received (data, pong, anything); the stale check reads it. */
    private long lastHeardNanos;
    /** A parked or handed-off player's inventory to restore once the world lets it in, else null. */
    private ParkedPlayer restoring;
    /** Whether {@link #restoring} came from this server's parked store (forgotten once restored). */
    private boolean restoringParked;
    /** The handoff token this connection arrived with, until the world let the player in; else null. */
    private String handoffToken;
    /** Whether the login asked for delta frames. */
    private boolean wantsDeltas;
    private final Simulation simulation;
    private final GatewayConfig config;
    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final GatewayMetrics metrics;
    private final LongSupplier nanoClock;
    private final Gateway gateway;
    /** The ledger behind {@code buy}, or null when the server has none. */
    private final Ledger ledger;
    /** The name of the last login; event loop only. */
    private String playerName;
    /** Completes when the ledger knows the player; a buy waits for it. */
    private CompletableFuture<Void> registered;
    private final NetcodeConfig netcode;
    private final InputJitterBuffer jitter;
    private final RttEstimator rtt = new RttEstimator();
    private io.netty.util.concurrent.ScheduledFuture<?> probes;
    private long releasedEarlyReported;
    private long heldReported;
    private RateLimiter rateLimiter;
    private RateLimiter faultBudget;
    private PlayerProxy proxy;
    private State state = State.ANONYMOUS;
    /** The last accepted input or action {@code seq}; -1 until the first one after a login. */
    private long lastSeq = -1;
    /** The connection's context once the handshake completed; event loop only. */
    private ChannelHandlerContext context;
    /**
     * Frames dropped unread (rate limit, or not decodable) since the last accepted sequenced message:
     * each may have carried the next numbers, so the next {@code seq} may skip that many.
     */
    private long unreadFrames;
    private int consecutiveFaults;
    private boolean closing;
    /** This connection's activity notifications, once in the world with activities on; else null. */
    private ActivityProxy activityProxy;
    /** This connection's spectator registration, or null when it does not spectate; event loop only. */
    private SpectatorHub.Spectator spectator;

    PlayerConnectionAdapter(long connectionId, Simulation simulation, GatewayConfig config, JsonCodec json,
                            ProtobufCodec protobuf, GatewayMetrics metrics, LongSupplier nanoClock, Gateway gateway,
                            Ledger ledger, NetcodeConfig netcode) {
        this.connectionId = connectionId;
        this.worldConnectionId = connectionId;
        this.simulation = simulation;
        this.config = config;
        this.json = json;
        this.protobuf = protobuf;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.gateway = gateway;
        this.ledger = ledger;
        this.netcode = netcode;
        this.jitter = new InputJitterBuffer(netcode.jitterBufferInputs(), simulation::submit);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            context = ctx;
            proxy = new PlayerProxy(ctx.channel(), json, protobuf, metrics, this, netcode, nanoClock, gateway.spectators());
            long interval = netcode.pingIntervalMillis();
            probes = ctx.executor().scheduleAtFixedRate(() -> probe(ctx), interval, interval, TimeUnit.MILLISECONDS);
            lastHeardNanos = System.nanoTime();
            rateLimiter = new RateLimiter(config.messagesPerSecond(), config.burstMessages(), nanoClock.getAsLong());
            faultBudget = new RateLimiter(config.maxFaultsPerMinute() / 60.0, config.maxFaultsPerMinute(),
                nanoClock.getAsLong());
            metrics.connections.incrementAndGet();
            gateway.onOpened(ctx.channel());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (proxy != null) {
            metrics.connections.decrementAndGet();
        }
        if (probes != null) {
            probes.cancel(false);
        }
        jitter.clear();
        if (spectator != null) {
            gateway.spectators().unwatch(spectator);
            spectator = null;
        }
        GatewaySessions sessions = gateway.sessions();
        if (state == State.IN_WORLD && link != null && link.session() != null && sessions.resumable()) {
            // The player waits in the world for a resume; if the session was resumed elsewhere or ended, nothing to do.
            if (sessions.registry().detach(link.session(), proxy, System.nanoTime())) {
                link.unbind(proxy);
                // Nobody steers it now: it stands still rather than walking on with its last input's velocity.
                simulation.submit(new Command.Halt(worldConnectionId));
                LOG.info("connection {}: {} detached, waiting {} ms for a resume", connectionId, link.session(),
                    sessions.registry().config().graceMillis());
            }
            // The activity sink is the session's, not this connection's: kept for the resume when detached; in use by the
            // connection that resumed it (whose superseding close may come after this one); taken offline by the world's
            // leave when the session ended. Never this connection's to take offline.
            activityProxy = null;
            state = State.ANONYMOUS;
        }
        if (state == State.JOINING && handoffToken != null) {
            // Gone before the world let the arriving player in: its token works again, or its data would be lost with it
            // (the server it came from has let it go; the join below is undone by the leave).
            try {
                sessions.registry().releaseHandoff(handoffToken, System.currentTimeMillis());
            } catch (SessionException expired) {
                LOG.warn("connection {}: closed while {} arrived, and its handoff token expired", connectionId, playerName);
            }
            handoffToken = null;
        }
        if (state == State.IN_WORLD && proxy != null && proxy.entityId() >= 0) {
            gateway.spectators().onPlayerLeft(proxy.entityId());
        }
        if (state != State.ANONYMOUS) {
            if (link != null) {
                link.departure(SessionLink.Departure.LEAVE);
            }
            simulation.submit(new Command.Leave(worldConnectionId));
            state = State.ANONYMOUS;
        }
        if (activityProxy != null) {
            gateway.activities().offline(playerName, activityProxy);
            activityProxy = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            onCloseFrame(ctx, close);
            return;
        }
        if (closing || proxy == null) {
            return;
        }
        lastHeardNanos = System.nanoTime();
        WireFormat format;
        if (frame instanceof TextWebSocketFrame) {
            format = WireFormat.JSON;
        } else if (frame instanceof BinaryWebSocketFrame) {
            format = WireFormat.PROTOBUF;
        } else {
            if (frame instanceof PongWebSocketFrame pong) {
                onProbeAnswered(pong.content());
            }
            // Ping and close frames are handled by Netty's protocol handler before this one.
            return;
        }
        ByteBuf content = frame.content();
        metrics.messagesIn.increment();
        metrics.bytesIn.increment(content.readableBytes());
        if (!rateLimiter.tryAcquire(nanoClock.getAsLong())) {
            unreadFrames++;
            onFault(ctx, ErrorCode.RATE_LIMITED, String.format(java.util.Locale.ROOT,
                "over %.4g messages per second (burst %d); message dropped", config.messagesPerSecond(),
                config.burstMessages()), format);
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        ClientMessage message;
        try {
            message = format == WireFormat.JSON ? json.decodeClient(bytes) : protobuf.decodeClient(bytes);
        } catch (ProtocolException e) {
            unreadFrames++;
            onFault(ctx, e.code(), e.getMessage(), format);
            return;
        }
        try {
            handle(message, format);
        } catch (ProtocolException e) {
            onFault(ctx, e.code(), e.getMessage(), format);
        } catch (RuntimeException e) {
            LOG.warn("connection {}: failed to handle {}", connectionId, message, e);
            onFault(ctx, ErrorCode.INTERNAL_ERROR, "the server could not handle this message", format);
        }
    }

    private void handle(ClientMessage message, WireFormat format) {
        switch (message) {
            case ClientMessage.Ping ping -> {
                consecutiveFaults = 0;
                // The tick of the latest snapshot, so a pong and the snapshots count ticks alike.
                long latestTick = Math.max(0, simulation.completedTicks() - 1);
                proxy.reply(new ServerMessage.Pong(ping.t(), latestTick, System.currentTimeMillis()), format);
            }
            case ClientMessage.Ack ack -> {
                if (state == State.ANONYMOUS) {
                    throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "send login before ack");
                }
                proxy.onAck(ack.tick());
                consecutiveFaults = 0;
            }
            case ClientMessage.Login login -> {
                if (spectator != null) {
                    throw new ProtocolException(ErrorCode.ALREADY_SPECTATING, "this connection spectates; open another to play");
                }
                if (state != State.ANONYMOUS) {
                    throw new ProtocolException(ErrorCode.ALREADY_LOGGED_IN, "this connection already logged in");
                }
                if (gateway.replays() != null) {
                    throw new ProtocolException(ErrorCode.SERVER_FULL, "this server replays a recorded game; nobody can join it");
                }
                consecutiveFaults = 0;
                state = State.JOINING;
                playerName = login.name();
                playerFormat = format;
                proxy.format(format);
                proxy.deltas(login.deltas());
                wantsDeltas = login.deltas();
                // A player parked after its grace window comes back where it stood, with its inventory.
                gateway.sessions().loadParked(login.name()).whenComplete((parked, failure) -> context.executor().execute(() -> {
                    if (failure != null) {
                        // Joining without it would start the player empty-handed, and its next parking would overwrite what
                        // it had: refuse the login instead, changing nothing, so a retry finds the data.
                        LOG.warn("connection {}: could not read the parked data of {}; login refused", connectionId,
                            login.name(), failure);
                        if (state == State.JOINING) {
                            state = State.ANONYMOUS;
                            metrics.error(ErrorCode.PLAYER_DATA_UNAVAILABLE);
                            proxy.reply(new ServerMessage.ErrorMessage(ErrorCode.PLAYER_DATA_UNAVAILABLE,
                                "the stored data of " + login.name() + " cannot be read right now; log in again later"), format);
                        }
                        return;
                    }
                    join(parked.orElse(null), true);
                }));
            }
            case ClientMessage.Resume resume -> resume(resume, format);
            case ClientMessage.Refresh refresh -> {
                if (state != State.IN_WORLD || link == null || link.session() == null) {
                    throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "log in before refresh");
                }
                consecutiveFaults = 0;
                var refreshed = sessionCall(() -> gateway.sessions().registry().refresh(link.session(), proxy,
                    System.currentTimeMillis()));
                proxy.reply(new ServerMessage.SessionToken(refreshed.token(), refreshed.expiresAtMs()), format);
            }
            case ClientMessage.Handoff handoff -> {
                if (spectator != null) {
                    throw new ProtocolException(ErrorCode.ALREADY_SPECTATING, "this connection spectates; open another to play");
                }
                if (state != State.ANONYMOUS) {
                    throw new ProtocolException(ErrorCode.ALREADY_LOGGED_IN, "this connection already logged in");
                }
                var arriving = sessionCall(() -> gateway.sessions().registry().acceptHandoff(handoff.token(),
                    System.currentTimeMillis()));
                handoffToken = handoff.token();
                consecutiveFaults = 0;
                state = State.JOINING;
                playerName = arriving.player();
                playerFormat = format;
                proxy.format(format);
                join(arriving, false);
            }
            case ClientMessage.ReplayControl control -> {
                gateway.replayControl(context.channel(), control);
                consecutiveFaults = 0;
            }
            case ClientMessage.Logout logout -> {
                if (state != State.IN_WORLD) {
                    throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "log in before logout");
                }
                consecutiveFaults = 0;
                logout();
            }
            case ClientMessage.Buy buy -> {
                if (state != State.IN_WORLD) {
                    throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "log in before buy");
                }
                consecutiveFaults = 0;
                buy(buy, format);
            }
            case ClientMessage.Sequenced sequenced -> {
                if (state == State.ANONYMOUS) {
                    throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "send login before " + sequenced.type());
                }
                checkSequence(sequenced);
                consecutiveFaults = 0;
                lastSeq = sequenced.seq();
                if (link != null && link.session() != null) {
                    link.session().inputAccepted(lastSeq);
                }
                unreadFrames = 0;
                Command command = toCommand(sequenced);
                if (sequenced instanceof ClientMessage.Input) {
                    jitter.offerMove(command);
                } else {
                    jitter.offerAction(command);
                }
                metrics.sequenced(sequenced.type());
            }
            case ClientMessage.Spectate spectate -> {
                if (state != State.ANONYMOUS) {
                    throw new ProtocolException(ErrorCode.ALREADY_LOGGED_IN, "a player's connection cannot spectate; open another");
                }
                if (spectator != null) {
                    throw new ProtocolException(ErrorCode.ALREADY_SPECTATING, spectator.area() == null
                        ? "this connection already follows player " + spectator.target() : "this connection already watches an area");
                }
                spectator = gateway.spectate(spectate, context.channel(), format);
                consecutiveFaults = 0;
                proxy.reply(new ServerMessage.Spectating(spectate.target(), spectator.delayMs(), SpectatorHub.EVERY_TICKS,
                    spectate.area(), spectate.replayFromTick()), format);
            }
            case ClientMessage.ActivityStart start -> activity(start, format);
            case ClientMessage.ActivityCancel cancel -> activity(cancel, format);
            case ClientMessage.ActivityList list -> activity(list, format);
        }
    }

    /**
     * Hands an activity request to the activity lane; a refusal comes back as an {@code error} with the
     * activity's stable code (not counted as a fault: it is the game saying no, not bad input), and a
     * success as the notifications the lane pushes to this connection.
     */
    private void activity(ClientMessage message, WireFormat format) {
        if (state != State.IN_WORLD) {
            throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "send login before " + message.type());
        }
        ActivityService activities = gateway.activities();
        if (activities == null) {
            throw new ProtocolException(ErrorCode.ACTIVITIES_UNAVAILABLE, "this server runs no activities (start it with --data-dir)");
        }
        consecutiveFaults = 0;
        java.util.concurrent.CompletableFuture<?> answer = switch (message) {
            case ClientMessage.ActivityStart start -> activities.start(playerName, start.task(), start.count());
            case ClientMessage.ActivityCancel cancel -> activities.cancel(playerName, cancel.taskId());
            default -> activities.queue(playerName).thenAccept(queue ->
                proxy.replyLater(ActivityProxy.queueMessage(queue, System.currentTimeMillis()), format));
        };
        answer.whenComplete((ok, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
                ErrorCode code = ErrorCode.ACTIVITIES_UNAVAILABLE;
                if (cause instanceof ActivityException refused) {
                    code = java.util.Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(refused.error().code()))
                        .findFirst().orElse(ErrorCode.ACTIVITIES_UNAVAILABLE);
                } else {
                    LOG.warn("connection {}: {} failed", connectionId, message.type(), cause);
                }
                metrics.error(code);
                proxy.replyLater(new ServerMessage.ErrorMessage(code, cause.getMessage() == null ? code.code() : cause.getMessage()),
                    format);
            }
        });
    }

    /**
     * Rejects a replayed or forged {@code seq}. The first sequenced message after a login starts the
     * sequence at any value; each later one must be the previous accepted one plus one, plus at most the
     * frames dropped unread since then. A rejection leaves the sequence where it was and, once the
     * player is in the world, is reported to it as evidence for the detectors.
     */
    private void checkSequence(ClientMessage.Sequenced message) {
        if (lastSeq < 0) {
            return;
        }
        long seq = message.seq();
        if (seq <= lastSeq) {
            rejectSequence(message, ErrorCode.SEQ_NOT_INCREASING, "(expected: > " + lastSeq + ")");
        }
        // seq > lastSeq >= 0, so neither side overflows.
        long skipped = seq - 1 - lastSeq;
        if (skipped > unreadFrames) {
            long next = lastSeq + 1;
            rejectSequence(message, ErrorCode.SEQ_GAP, unreadFrames == 0 ? "(expected: " + next + ")"
                : "(expected: " + next + " to " + (next + unreadFrames) + ", as " + unreadFrames
                    + (unreadFrames == 1 ? " frame was" : " frames were") + " dropped unread)");
        }
    }

    private void rejectSequence(ClientMessage.Sequenced message, ErrorCode code, String expectation) {
        String text = message.type() + ".seq : " + message.seq() + " " + expectation;
        if (state == State.IN_WORLD) {
            LOG.info("connection {}: {} {}", connectionId, code.code(), text);
            simulation.submit(new Command.Violation(worldConnectionId, message.seq(), code.code()));
        }
        throw new ProtocolException(code, text);
    }

    private Command toCommand(ClientMessage.Sequenced message) {
        return switch (message) {
            case ClientMessage.Input input -> new Command.Move(worldConnectionId, input.seq(), input.move().x(), input.move().y(),
                input.viewTick(), input.pos() == null ? Double.NaN : input.pos().x(),
                input.pos() == null ? Double.NaN : input.pos().y());
            case ClientMessage.Attack attack -> new Command.Act(worldConnectionId, attack.seq(), attack.viewTick(),
                new ActionRequest.Attack(attack.target(), attack.weapon(), attack.aim().x(), attack.aim().y()));
            case ClientMessage.PickUp pickUp -> new Command.Act(worldConnectionId, pickUp.seq(), pickUp.viewTick(),
                new ActionRequest.PickUp(pickUp.item()));
            case ClientMessage.Harvest harvest -> new Command.Act(worldConnectionId, harvest.seq(), harvest.viewTick(),
                new ActionRequest.Harvest(harvest.node()));
            case ClientMessage.Trade trade -> new Command.Act(worldConnectionId, trade.seq(), trade.viewTick(),
                new ActionRequest.Trade(trade.partner(), trade.giveItem(), trade.giveCount(), trade.wantItem(),
                    trade.wantCount()));
            case ClientMessage.Use use -> new Command.Act(worldConnectionId, use.seq(), use.viewTick(),
                new ActionRequest.UseItem(use.item()));
        };
    }

    /**
     * Buys through the ledger with the player's premium currency. The client's key is scoped to the
     * player, so two players' keys never collide; the answer is written on the event loop whenever the
     * ledger's lane has committed (or refused) it.
     */
    private void buy(ClientMessage.Buy buy, WireFormat format) {
        if (ledger == null) {
            proxy.reply(new ServerMessage.PurchaseResult(buy.key(), buy.sku(), ServerMessage.PurchaseResult.REFUSED, null,
                LedgerError.STORE_UNAVAILABLE.code(), "this server has no ledger", false), format);
            return;
        }
        // The player's part of the key in the ledger's form: a retry after logging in as "Alice" instead of "alice" is the same.
        String key = "ws:" + dev.ludus.platform.ledger.Account.canonicalName(playerName) + ":" + buy.key();
        String player = playerName;
        CompletableFuture<Void> known = registered != null ? registered : CompletableFuture.completedFuture(null);
        known.exceptionally(failure -> null)
            .thenCompose(v -> ledger.purchase(key, player, buy.sku(), PaymentPath.PREMIUM_CURRENCY))
            .whenComplete((receipt, failure) -> {
                ServerMessage.PurchaseResult result;
                if (failure == null) {
                    result = new ServerMessage.PurchaseResult(buy.key(), buy.sku(), ServerMessage.PurchaseResult.COMMITTED,
                        receipt.transactionId(), null, null, receipt.replayed());
                } else {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                    LedgerError error = cause instanceof LedgerException e ? e.error() : LedgerError.STORE_UNAVAILABLE;
                    if (!(cause instanceof LedgerException)) {
                        LOG.warn("connection {}: buy {} failed", connectionId, buy.sku(), cause);
                    }
                    result = new ServerMessage.PurchaseResult(buy.key(), buy.sku(), ServerMessage.PurchaseResult.REFUSED, null,
                        error.code(), cause.getMessage(), false);
                }
                SessionLink owner = link;
                if (owner != null && owner.session() != null) {
                    // Numbered and kept: a client that drops before the answer gets it when it resumes.
                    owner.sendReliable(result);
                } else if (context != null) {
                    context.channel().eventLoop().execute(() -> proxy.reply(result, format));
                }
            });
    }

    /**
     * The world accepted the login: the session opens and the welcome carries its signed token; the
     * ledger learns the player (idempotent); activity notifications start (stored ones first); a parked or
     * handed-off player's inventory is restored. Event loop only.
     */
    void onJoined(ServerMessage.Welcome welcome) {
        if (state == State.JOINING) {
            state = State.IN_WORLD;
            // Known to spectators and the ledger before the client can learn its entity id from the welcome.
            gateway.spectators().onPlayerJoined(welcome.entityId(), playerName);
            if (ledger != null) {
                registered = ledger.registerPlayer(playerName);
            }
            var opened = gateway.sessions().registry().open(playerName, worldConnectionId, welcome.entityId(), proxy,
                System.currentTimeMillis());
            link.session(opened.session());
            proxy.reply(new ServerMessage.Welcome(opened.token(), welcome.entityId(), welcome.tickRate(), welcome.worldWidth(),
                welcome.worldHeight(), welcome.aoiRadius(), welcome.spawnX(), welcome.spawnY(), welcome.maxSpeed()), playerFormat);
            proxy.reply(new ServerMessage.SessionToken(opened.token(), opened.expiresAtMs()), playerFormat);
            if (handoffToken != null) {
                gateway.sessions().transfersIn.increment();
                handoffToken = null;
            }
            restore(welcome.entityId());
            ActivityService activities = gateway.activities();
            if (activities != null && context != null && context.channel().isActive()) {
                activityProxy = new ActivityProxy(link, playerName);
                link.activities(activityProxy);
                activities.online(playerName, activityProxy);
            }
        }
    }

    /** The world refused the login; the client may try another name. */
    void onJoinRefused() {
        if (state == State.JOINING) {
            state = State.ANONYMOUS;
            restoring = null;
            if (handoffToken != null) {
                // Not let in (name taken, world full): the token works again, so the player's data is not lost.
                try {
                    gateway.sessions().registry().releaseHandoff(handoffToken, System.currentTimeMillis());
                } catch (SessionException expired) {
                    LOG.warn("connection {}: handoff of {} refused and its token expired", connectionId, playerName);
                }
                handoffToken = null;
            }
            // Inputs sent while the login was pending were dropped with it; the next login starts afresh.
            jitter.clear();
            lastSeq = -1;
            unreadFrames = 0;
        }
    }

    private void onFault(ChannelHandlerContext ctx, ErrorCode code, String message, WireFormat format) {
        consecutiveFaults++;
        if (consecutiveFaults > config.maxConsecutiveFaults()) {
            metrics.closedForAbuse.increment();
            close(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "too many rejected messages in a row (last: " + code.code() + ")");
            return;
        }
        if (!faultBudget.tryAcquire(nanoClock.getAsLong())) {
            metrics.closedForAbuse.increment();
            close(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "too many rejected messages (over "
                + config.maxFaultsPerMinute() + " per minute; last: " + code.code() + ")");
            return;
        }
        // During a flood only the first drop of a run is answered, so the server never amplifies it.
        if (code == ErrorCode.RATE_LIMITED && consecutiveFaults > 1) {
            metrics.error(code);
            return;
        }
        metrics.error(code);
        proxy.reply(new ServerMessage.ErrorMessage(code, message), format);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException e
            && e.closeStatus() != null && e.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            metrics.closedOversize.increment();
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over " + config.maxFrameBytes() + " bytes");
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            metrics.closedProtocolError.increment();
            close(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "malformed WebSocket frame");
            return;
        }
        LOG.debug("connection {}: closing after {}", connectionId, cause.toString());
        ctx.close();
    }

    /** A tick's snapshot reached this connection (sent or not): the jitter buffer releases its next input. */
    void onTick() {
        jitter.onTick();
        releasedEarlyReported = report(jitter.releasedEarly(), releasedEarlyReported, metrics.inputsReleasedEarly);
        heldReported = report(jitter.held(), heldReported, metrics.inputsHeld);
    }

    /** Adds to {@code counter} what a per-connection {@code total} gained since {@code reported}; returns the total. */
    private static long report(long total, long reported, Counter counter) {
        if (total > reported) {
            counter.increment(total - reported);
        }
        return total;
    }

    /** @return this connection's RTT estimate (RFC 6298), read on the event loop */
    RttEstimator rtt() {
        return rtt;
    }

    /** Sends a WebSocket ping carrying the send time; the client's pong (RFC 6455 §5.5.3) gives one RTT sample. */
    private void probe(ChannelHandlerContext ctx) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        long staleMillis = gateway.sessions().staleTimeoutMillis();
        if (staleMillis > 0 && System.nanoTime() - lastHeardNanos > staleMillis * 1_000_000L) {
            // Nothing, not even a pong, for the whole timeout: a dead peer or a half-open socket. Its player (if any)
            // detaches and may resume from a new connection.
            closing = true;
            gateway.sessions().staleClosed.increment();
            LOG.info("connection {}: stale (nothing received for {} ms), closing", connectionId, staleMillis);
            ctx.close();
            return;
        }
        ctx.writeAndFlush(new PingWebSocketFrame(ctx.alloc().buffer(Long.BYTES).writeLong(nanoClock.getAsLong())),
            ctx.voidPromise());
    }

    private void onProbeAnswered(ByteBuf payload) {
        if (payload.readableBytes() != Long.BYTES) {
            return;
        }
        double rttMillis = (nanoClock.getAsLong() - payload.getLong(payload.readerIndex())) / 1e6;
        if (rttMillis < 0 || rttMillis > 600_000) {
            // Not one of our probes (an unsolicited pong may carry anything).
            return;
        }
        rtt.sample(rttMillis);
        metrics.rttMillis.record(rttMillis);
        metrics.jitterMillis.record(rtt.jitterMillis());
    }

    /**
     * The client does not read what is sent: close it with {@value NetcodeConfig#CLOSE_SLOW_CONSUMER} at once,
     * discarding what is queued for it (waiting for a reader that does not read would keep the memory). Event loop only.
     */
    void closeSlowConsumer(String reason) {
        if (closing || context == null) {
            return;
        }
        closing = true;
        metrics.closedSlowConsumer.increment();
        LOG.info("connection {}: slow consumer, closing: {}", connectionId, reason);
        Channel channel = context.channel();
        channel.writeAndFlush(new CloseWebSocketFrame(NetcodeConfig.CLOSE_SLOW_CONSUMER, "slow consumer: " + reason),
            channel.voidPromise());
        channel.close();
    }

    /** The world removed the player: close with 1008 and the reason (WebSocket close reasons hold 123 bytes). Event loop only. */
    void kick(String reason) {
        if (context != null) {
            metrics.closedForAbuse.increment();
            String text = reason.length() > 120 ? reason.substring(0, 120) : reason;
            close(context, WebSocketCloseStatus.POLICY_VIOLATION, text);
        }
    }

    private void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Sends the join to the world: at the parked or handed-off position and with its stored health when
     * there is one (its inventory is restored once the world lets the player in). Event loop only.
     */
    private void join(ParkedPlayer arriving, boolean fromParkedStore) {
        if (state != State.JOINING || closing || !context.channel().isActive()) {
            // The connection closed (or the login was undone) while the parked data was read.
            return;
        }
        restoring = arriving;
        restoringParked = fromParkedStore && arriving != null;
        link = gateway.sessions().newLink(worldConnectionId, proxy, wantsDeltas);
        simulation.submit(arriving == null
            ? new Command.Join(worldConnectionId, playerName, newSessionToken(), link)
            : new Command.Join(worldConnectionId, playerName, newSessionToken(), link, 0, false, arriving.xMetres(),
                arriving.yMetres(), arriving.health()));
    }

    /** Gives a parked or handed-off player its inventory back, through the world's optimistic updates. */
    private void restore(long entityId) {
        ParkedPlayer arriving = restoring;
        restoring = null;
        if (arriving == null) {
            return;
        }
        for (var item : arriving.inventory().entrySet()) {
            OptimisticUpdate.apply(simulation::submit, entityId, 0, item.getKey(), item.getValue(), 8)
                .thenAccept(result -> {
                    if (!result.applied()) {
                        LOG.warn("connection {}: restoring {} x{} to {} refused: {}", connectionId, item.getKey(),
                            item.getValue(), arriving.player(), result.code());
                    }
                });
        }
        if (restoringParked) {
            gateway.sessions().unpark(arriving.player());
        }
    }

    /**
     * Binds this connection to a session whose connection dropped (or is about to be superseded): the
     * same entity and input sequence, the events the client missed, then live play. Event loop only.
     */
    private void resume(ClientMessage.Resume resume, WireFormat format) {
        if (spectator != null) {
            throw new ProtocolException(ErrorCode.ALREADY_SPECTATING, "this connection spectates; open another to play");
        }
        if (state != State.ANONYMOUS) {
            throw new ProtocolException(ErrorCode.ALREADY_LOGGED_IN, "this connection already carries a player");
        }
        GatewaySessions sessions = gateway.sessions();
        if (!sessions.resumable()) {
            throw new ProtocolException(ErrorCode.SESSION_UNKNOWN, "this server does not resume sessions (grace window 0)");
        }
        proxy.format(format);
        var resumed = sessionCall(() -> sessions.registry().resume(resume.session(), resume.lastEventSeq(), proxy,
            System.currentTimeMillis()));
        var session = resumed.session();
        SessionLink resumedLink = sessions.link(session.simConnectionId());
        consecutiveFaults = 0;
        sessions.resumed.increment();
        if (resumed.previous() != null) {
            resumed.previous().closeSession(GatewaySessions.CLOSE_SUPERSEDED, "session resumed on another connection");
        }
        link = resumedLink;
        worldConnectionId = session.simConnectionId();
        playerName = session.player();
        playerFormat = format;
        lastSeq = session.lastInputSeq();
        unreadFrames = 0;
        state = State.IN_WORLD;
        proxy.deltas(resumedLink != null && resumedLink.deltas());
        proxy.resumed(session.entityId(), simulation.world().config().tickRateHz());
        long lastEventSeq = resumed.missed().isEmpty() ? resume.lastEventSeq() : resumed.missed().getLast().seq();
        // Written now, on this event loop: live events delivered since the attach wait in the queue behind them.
        proxy.reply(new ServerMessage.Resumed(resume.session(), session.entityId(), lastEventSeq, lastSeq), format);
        for (var missed : resumed.missed()) {
            proxy.reply(new ServerMessage.Numbered(missed.seq(), missed.event()), format);
        }
        if (resumedLink != null) {
            // The newest state at once (at most one tick old) rather than after the next tick.
            ServerMessage.Snapshot newest = resumedLink.latest();
            if (newest != null) {
                proxy.sendFrameNow(newest);
            }
            resumedLink.bind(proxy);
        }
        LOG.info("connection {}: resumed {} ({} missed events)", connectionId, session, resumed.missed().size());
        ActivityService activities = gateway.activities();
        if (resumedLink != null && activities != null) {
            // The session's notices went on while detached (numbered, in the missed events above).
            resumedLink.onResumed();
            activityProxy = resumedLink.activities();
            if (activityProxy == null && context.channel().isActive()) {
                activityProxy = new ActivityProxy(resumedLink, playerName);
                resumedLink.activities(activityProxy);
                activities.online(playerName, activityProxy);
            }
        }
    }

    /**
     * The client closes (RFC 6455 §5.5.1): a normal closure (1000) is the player's choice to leave, so its
     * session ends at once; any other code (1001 going away, an error) may be a client that comes back, so
     * its player waits out the grace window. The close is echoed and the connection closed.
     */
    private void onCloseFrame(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (!closing && state == State.IN_WORLD && close.statusCode() == WebSocketCloseStatus.NORMAL_CLOSURE.code()) {
            endSession();
        }
        closing = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? WebSocketCloseStatus.NORMAL_CLOSURE.code()
                : close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The player leaves now rather than after a grace window; the connection closes normally. Event loop only. */
    private void logout() {
        endSession();
        close(context, WebSocketCloseStatus.NORMAL_CLOSURE, "logged out");
    }

    private void endSession() {
        if (link != null) {
            link.departure(SessionLink.Departure.LEAVE);
            if (link.session() != null) {
                gateway.sessions().registry().end(link.session());
            }
        }
        if (proxy.entityId() >= 0) {
            gateway.spectators().onPlayerLeft(proxy.entityId());
        }
        simulation.submit(new Command.Leave(worldConnectionId));
        state = State.ANONYMOUS;
    }

    /** Closes with an application close code (a superseded or revoked session, a transfer). Event loop only. */
    void closeWith(int code, String reason) {
        if (closing || context == null) {
            return;
        }
        // The player is no longer this connection's: its close must not detach or remove it, nor take its
        // session's activity notices offline.
        state = State.ANONYMOUS;
        activityProxy = null;
        close(context, new WebSocketCloseStatus(code, reason), reason);
    }

    /** Runs a session operation, turning its refusal into the protocol error of the same code. */
    private <T> T sessionCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (SessionException e) {
            gateway.sessions().refused(e.error());
            throw new ProtocolException(ErrorCode.fromCode(e.error().code()), e.getMessage());
        }
    }

    private static String newSessionToken() {
        byte[] token = new byte[18];
        TOKENS.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }
}
