package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ludus.protocol.ActionReason;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.HitZone;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage.ActionResult;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Status;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.protocol.Vec2;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.TestWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inputs and actions through the gateway on a real port: the per-connection sequence (replays, forged
 * gaps, drops the server made itself), the commands the simulation receives for each message in both
 * wire forms, and the results and status the world sends back. Every command the simulation applies is
 * recorded through its journal. The rate limiter's clock is frozen, so drops are deterministic.
 */
class GatewayActionsIT {
    private static final JsonCodec JSON = new JsonCodec();
    private static final ProtobufCodec PROTOBUF = new ProtobufCodec();

    private final AtomicLong frozenNanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final List<Command> applied = new CopyOnWriteArrayList<>();
    private Simulation simulation;
    private Gateway gateway;
    private int port;

    private void start(int burst) throws InterruptedException {
        startWithoutTicking(burst);
        tickEvery20Millis();
    }

    private void tickEvery20Millis() {
        ticker.scheduleAtFixedRate(() -> simulation.tick(System.currentTimeMillis()), 0, 20, TimeUnit.MILLISECONDS);
    }

    private void startWithoutTicking(int burst) throws InterruptedException {
        simulation = new Simulation(new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 5, 6, 1),
            TestWorld.EMPTY, SimulationListener.NONE);
        simulation.journal((tick, serverTimeMs, commands, stateHash) -> applied.addAll(commands));
        gateway = new Gateway(new GatewayConfig("127.0.0.1", 0, 512, 1, burst, 5, 20), simulation,
            () -> true, () -> "", registry, frozenNanos::get);
        port = gateway.start().getPort();
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Logs in and returns the connection id the gateway gave the player, read from its join command. */
    private long logIn(WsClient client, String name, WireFormat format) throws InterruptedException {
        send(client, new ClientMessage.Login(name), format);
        client.await(Welcome.class);
        return join(name).connectionId();
    }

    /** The player's join command; the journal records it at the end of the tick that sent the welcome. */
    private Command.Join join(String name) {
        return await().atMost(10, TimeUnit.SECONDS).until(() -> applied.stream()
            .filter(c -> c instanceof Command.Join j && j.name().equals(name))
            .map(Command.Join.class::cast).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private static void send(WsClient client, ClientMessage message, WireFormat format) {
        switch (format) {
            case JSON -> client.sendText(new String(JSON.encode(message), java.nio.charset.StandardCharsets.UTF_8));
            case PROTOBUF -> client.sendBinary(PROTOBUF.encode(message));
        }
    }

    private static ClientMessage.Input input(long seq) {
        return new ClientMessage.Input(seq, new Vec2(1, 0));
    }

    /** Waits until the simulation has applied a command of this connection with this seq. */
    private Command awaitApplied(long connectionId, long seq) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> find(connectionId, seq) != null);
        return find(connectionId, seq);
    }

    private Command find(long connectionId, long seq) {
        for (Command command : applied) {
            long commandSeq = switch (command) {
                case Command.Move move -> move.seq();
                case Command.Act act -> act.seq();
                case Command.Violation violation -> violation.seq();
                default -> -1;
            };
            if (command.connectionId() == connectionId && commandSeq == seq) {
                return command;
            }
        }
        return null;
    }

    private List<Command> commandsOf(long connectionId, Class<? extends Command> type) {
        return applied.stream().filter(c -> c.connectionId() == connectionId && type.isInstance(c)).toList();
    }

    @Test
    void shouldRejectAReplayedAndAForgedSeqReportThemAsViolationsAndContinueTheSequence() throws Exception {
        start(100);
        try (WsClient client = WsClient.connect(port)) {
            long id = logIn(client, "seqs", WireFormat.JSON);
            send(client, input(4), WireFormat.JSON);
            send(client, input(5), WireFormat.JSON);
            awaitApplied(id, 5);

            send(client, input(5), WireFormat.JSON);
            ErrorMessage replay = client.await(ErrorMessage.class);
            send(client, new ClientMessage.PickUp(9, 77, -1), WireFormat.JSON);
            ErrorMessage forged = client.await(ErrorMessage.class);
            send(client, new ClientMessage.Harvest(3, 90, -1), WireFormat.JSON);
            ErrorMessage old = client.await(ErrorMessage.class);
            send(client, new ClientMessage.PickUp(6, 77, -1), WireFormat.JSON);

            assertThat(replay.code()).isEqualTo(ErrorCode.SEQ_NOT_INCREASING);
            assertThat(replay.message()).isEqualTo("input.seq : 5 (expected: > 5)");
            assertThat(forged.code()).isEqualTo(ErrorCode.SEQ_GAP);
            assertThat(forged.message()).isEqualTo("pickup.seq : 9 (expected: 6)");
            assertThat(old.code()).isEqualTo(ErrorCode.SEQ_NOT_INCREASING);
            assertThat(awaitApplied(id, 6)).isEqualTo(new Command.Act(id, 6, -1, new ActionRequest.PickUp(77)));
            assertThat(commandsOf(id, Command.Violation.class)).containsExactly(
                new Command.Violation(id, 5, "seq_not_increasing"), new Command.Violation(id, 9, "seq_gap"),
                new Command.Violation(id, 3, "seq_not_increasing"));
        }
        assertThat(registry.get("ludus.protocol.errors").tag("code", "seq_gap").counter().count()).isEqualTo(1);
        assertThat(registry.get("ludus.protocol.errors").tag("code", "seq_not_increasing").counter().count()).isEqualTo(2);
    }

    @Test
    void shouldAllowAGapOfAsManyNumbersAsTheRateLimiterDroppedButNoMore() throws Exception {
        start(4);
        try (WsClient client = WsClient.connect(port)) {
            long id = logIn(client, "flood", WireFormat.JSON);
            send(client, input(1), WireFormat.JSON);
            send(client, input(2), WireFormat.JSON);
            send(client, input(3), WireFormat.JSON);
            send(client, input(4), WireFormat.JSON);
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
            frozenNanos.addAndGet(TimeUnit.SECONDS.toNanos(10));

            send(client, input(5), WireFormat.JSON);
            send(client, input(7), WireFormat.JSON);
            ErrorMessage gap = client.await(ErrorMessage.class);
            send(client, input(6), WireFormat.JSON);

            assertThat(awaitApplied(id, 5)).isInstanceOf(Command.Move.class);
            assertThat(gap.code()).isEqualTo(ErrorCode.SEQ_GAP);
            assertThat(awaitApplied(id, 6)).isInstanceOf(Command.Move.class);
            assertThat(find(id, 4)).as("the dropped input never reached the world").isNull();
            assertThat(commandsOf(id, Command.Violation.class)).containsExactly(new Command.Violation(id, 7, "seq_gap"));
        }
    }

    @Test
    void shouldNameTheWiderRangeInAGapAfterDrops() throws Exception {
        start(100);
        try (WsClient client = WsClient.connect(port)) {
            long id = logIn(client, "garbled", WireFormat.JSON);
            send(client, input(10), WireFormat.JSON);
            client.sendText("{\"type\":\"attack\",\"seq\":11,\"target\":5,\"weapon\":\"bow\",\"aim\":{\"x\":1,\"y\":0}}");
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            send(client, input(13), WireFormat.JSON);

            assertThat(client.await(ErrorMessage.class).message())
                .isEqualTo("input.seq : 13 (expected: 11 to 12, as 1 frame was dropped unread)");
            send(client, input(12), WireFormat.JSON);
            assertThat(awaitApplied(id, 12)).isInstanceOf(Command.Move.class);
        }
    }

    @Test
    void shouldStartTheSequenceAtAnySeqAndReportNoViolationBeforeTheWorldKnowsThePlayer() throws Exception {
        startWithoutTicking(100);
        try (WsClient client = WsClient.connect(port)) {
            send(client, new ClientMessage.Login("early"), WireFormat.JSON);
            send(client, input(100), WireFormat.JSON);
            send(client, input(100), WireFormat.JSON);
            // No tick has run, so the login is still pending when the replay is rejected.
            assertThat(client.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.SEQ_NOT_INCREASING);
            tickEvery20Millis();
            client.await(Welcome.class);
            long id = join("early").connectionId();

            assertThat(awaitApplied(id, 100)).isInstanceOf(Command.Move.class);
            assertThat(commandsOf(id, Command.Violation.class)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldAnswerEveryActionBeforeLoginWithNotLoggedIn(WireFormat format) throws Exception {
        start(100);
        List<ClientMessage> actions = List.of(new ClientMessage.Attack(1, 2, Weapon.MELEE, new Vec2(1, 0), -1),
            new ClientMessage.PickUp(2, 3, -1), new ClientMessage.Harvest(3, 4, -1),
            new ClientMessage.Trade(4, 5, "wood", 1, "gold", 2, -1), new ClientMessage.Use(5, "potion", -1));
        try (WsClient client = WsClient.connect(port)) {
            for (ClientMessage action : actions) {
                send(client, action, format);
                ErrorMessage error = client.await(ErrorMessage.class);
                assertThat(error.code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
                assertThat(error.message()).isEqualTo("send login before " + action.type());
            }
        }
        assertThat(applied).noneMatch(c -> c instanceof Command.Act || c instanceof Command.Violation);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldPassEveryInputAndActionToTheSimulationAsItsCommand(WireFormat format) throws Exception {
        start(100);
        try (WsClient client = WsClient.connect(port)) {
            long id = logIn(client, "actor-" + format.name().toLowerCase(java.util.Locale.ROOT), format);
            send(client, new ClientMessage.Input(1, new Vec2(0.6, 0.8), 120, new Vec2(10.5, 3.25)), format);
            send(client, new ClientMessage.Attack(2, 42, Weapon.RANGED, new Vec2(0.6, 0.8), 121), format);
            send(client, new ClientMessage.PickUp(3, 77, 121), format);
            send(client, new ClientMessage.Harvest(4, 90, -1), format);
            send(client, new ClientMessage.Trade(5, 12, "wood", 3, "gold", 10, 122), format);
            send(client, new ClientMessage.Use(6, "potion", 0), format);
            send(client, new ClientMessage.Input(7, new Vec2(0, 0)), format);

            assertThat(awaitApplied(id, 1)).isEqualTo(new Command.Move(id, 1, 0.6, 0.8, 120, 10.5, 3.25));
            assertThat(awaitApplied(id, 2)).isEqualTo(
                new Command.Act(id, 2, 121, new ActionRequest.Attack(42, Weapon.RANGED, 0.6, 0.8)));
            assertThat(awaitApplied(id, 3)).isEqualTo(new Command.Act(id, 3, 121, new ActionRequest.PickUp(77)));
            assertThat(awaitApplied(id, 4)).isEqualTo(new Command.Act(id, 4, -1, new ActionRequest.Harvest(90)));
            assertThat(awaitApplied(id, 5)).isEqualTo(
                new Command.Act(id, 5, 122, new ActionRequest.Trade(12, "wood", 3, "gold", 10)));
            assertThat(awaitApplied(id, 6)).isEqualTo(new Command.Act(id, 6, 0, new ActionRequest.UseItem("potion")));
            Command.Move stop = (Command.Move) awaitApplied(id, 7);
            assertThat(stop.hasClaim()).isFalse();
            assertThat(stop.viewTick()).isEqualTo(-1);
        }
        assertThat(registry.get("ludus.actions.in").tag("type", "attack").counter().count()).isEqualTo(1);
        assertThat(registry.get("ludus.actions.in").tag("type", "input").counter().count()).isEqualTo(2);
        assertThat(registry.get("ludus.actions.in").tag("type", "trade").counter().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSendActionResultsAndStatusInTheLoginsFormat(WireFormat format) throws Exception {
        start(100);
        try (WsClient client = WsClient.connect(port)) {
            String name = "told-" + format.name().toLowerCase(java.util.Locale.ROOT);
            logIn(client, name, format);
            Command.Join join = join(name);
            ActionResult hit = ActionResult.accept(2, "attack", "hit 42 in the head", HitZone.HEAD, 50);
            ActionResult refused = ActionResult.reject(3, "pickup", ActionReason.ITEM_GONE, "player 17 took it first");
            Status status = new Status(130, 80, new TreeMap<>(Map.of("gold", 10, "wood", 2)), 17);

            join.link().onActionResult(hit);
            join.link().onActionResult(refused);
            join.link().onStatus(status);

            assertThat(client.await(ActionResult.class)).isEqualTo(hit);
            assertThat(client.await(ActionResult.class)).isEqualTo(refused);
            assertThat(client.await(Status.class)).isEqualTo(status);
            assertThat(client.frameTypesReceived()).containsExactly(format == WireFormat.JSON ? "text" : "binary");
        }
    }
}
