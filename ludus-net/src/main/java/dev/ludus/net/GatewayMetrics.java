package dev.ludus.net;

import dev.ludus.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's meters. Thread-safe (Micrometer meters are). */
final class GatewayMetrics {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger spectators = new AtomicInteger();
    final AtomicInteger spectatorViews = new AtomicInteger();
    final Counter spectatorFramesEncoded;
    final Counter spectatorFramesSent;
    final Counter spectatorFramesDropped;
    final Counter spectatorStatesSent;
    final Counter messagesIn;
    final Counter messagesOut;
    final Counter bytesIn;
    final Counter bytesOut;
    final Counter snapshotsDropped;
    final Counter closedForAbuse;
    final Counter closedOversize;
    final Counter closedProtocolError;
    final Counter closedSlowConsumer;
    final Counter snapshotsSkipped;
    final Counter framesSuperseded;
    final Counter deltaFrames;
    final Counter fullFrames;
    final Counter entitiesDeferred;
    final Counter acks;
    final Counter inputsReleasedEarly;
    final Counter inputsHeld;
    final DistributionSummary rttMillis;
    final DistributionSummary jitterMillis;
    final DistributionSummary sendIntervalTicks;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> sequenced = new HashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        Gauge.builder("ludus.connections", connections, AtomicInteger::get)
            .description("Open WebSocket connections").register(registry);
        Gauge.builder("ludus.spectators", spectators, AtomicInteger::get)
            .description("Connections spectating a player").register(registry);
        Gauge.builder("ludus.spectator.views", spectatorViews, AtomicInteger::get)
            .description("Spectator views (followed player and delay) with at least one spectator").register(registry);
        spectatorFramesEncoded = Counter.builder("ludus.spectator.frames.encoded")
            .description("Spectator frames encoded, once per view, frame and wire format").register(registry);
        spectatorFramesSent = Counter.builder("ludus.spectator.frames.sent")
            .description("Spectator frames written, one per spectator").register(registry);
        spectatorStatesSent = Counter.builder("ludus.spectator.states.sent")
            .description("Aggregated spectator states (scoreboard, kill feed, heat map) written, one per spectator").register(registry);
        spectatorFramesDropped = Counter.builder("ludus.spectator.frames.dropped")
            .description("Spectator frames skipped because the spectator's send buffer was full").register(registry);
        messagesIn = Counter.builder("ludus.messages.in").description("WebSocket messages received").register(registry);
        messagesOut = Counter.builder("ludus.messages.out").description("WebSocket messages sent").register(registry);
        bytesIn = Counter.builder("ludus.bytes.in").baseUnit("bytes").description("WebSocket payload bytes received")
            .register(registry);
        bytesOut = Counter.builder("ludus.bytes.out").baseUnit("bytes").description("WebSocket payload bytes sent")
            .register(registry);
        snapshotsDropped = Counter.builder("ludus.snapshots.dropped")
            .description("Snapshots not sent because the connection's send buffer was full").register(registry);
        closedForAbuse = Counter.builder("ludus.connections.closed").tag("reason", "policy")
            .description("Connections closed by the server").register(registry);
        closedOversize = Counter.builder("ludus.connections.closed").tag("reason", "too_big")
            .description("Connections closed by the server").register(registry);
        closedProtocolError = Counter.builder("ludus.connections.closed").tag("reason", "protocol_error")
            .description("Connections closed by the server").register(registry);
        closedSlowConsumer = Counter.builder("ludus.connections.closed").tag("reason", "slow_consumer")
            .description("Connections closed by the server").register(registry);
        snapshotsSkipped = Counter.builder("ludus.snapshots.skipped")
            .description("Frames not sent because the connection's adaptive send rate is below the tick rate")
            .register(registry);
        framesSuperseded = Counter.builder("ludus.frames.superseded")
            .description("Frames replaced by the next tick's before the connection's event loop sent them (a busy event loop)")
            .register(registry);
        deltaFrames = Counter.builder("ludus.frames.sent").tag("kind", "delta")
            .description("Frames sent to delta clients, by kind (delta: against an acknowledged baseline; full: none)")
            .register(registry);
        fullFrames = Counter.builder("ludus.frames.sent").tag("kind", "full")
            .description("Frames sent to delta clients, by kind (delta: against an acknowledged baseline; full: none)")
            .register(registry);
        entitiesDeferred = Counter.builder("ludus.entities.deferred")
            .description("Entity updates held back to a later frame by a client's bandwidth budget").register(registry);
        acks = Counter.builder("ludus.acks").description("Frame acknowledgements accepted").register(registry);
        inputsReleasedEarly = Counter.builder("ludus.inputs.jitter.released_early")
            .description("Inputs released ahead of their tick because a connection's jitter buffer was full")
            .register(registry);
        inputsHeld = Counter.builder("ludus.inputs.jitter.held")
            .description("Moves that arrived behind another in the same tick and waited in the jitter buffer for a later one")
            .register(registry);
        rttMillis = DistributionSummary.builder("ludus.rtt").baseUnit("milliseconds")
            .description("WebSocket ping round trips, per sample, all connections").publishPercentiles(0.5, 0.99)
            .register(registry);
        jitterMillis = DistributionSummary.builder("ludus.rtt.jitter").baseUnit("milliseconds")
            .description("Per-connection RTT variation (RFC 6298 RTTVAR) after each sample").publishPercentiles(0.5, 0.99)
            .register(registry);
        sendIntervalTicks = DistributionSummary.builder("ludus.send.interval").baseUnit("ticks")
            .description("Adaptive send interval of delta clients, per frame sent (1: every tick)").register(registry);
        for (String type : List.of("input", "attack", "pickup", "harvest", "trade", "use")) {
            sequenced.put(type, Counter.builder("ludus.actions.in").tag("type", type)
                .description("Inputs and actions accepted by the gateway and passed to the world, by type")
                .register(registry));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("ludus.protocol.errors").tag("code", code.code())
                .description("Rejected client messages, by code (during a flood only the first rate_limited drop is answered)")
                .register(registry));
        }
    }

    /** @param type the wire type of an input or action the gateway passed to the world, e.g. {@code attack} */
    void sequenced(String type) {
        Counter counter = sequenced.get(type);
        if (counter != null) {
            counter.increment();
        }
    }

    void error(ErrorCode code) {
        errors.get(code).increment();
    }
}
