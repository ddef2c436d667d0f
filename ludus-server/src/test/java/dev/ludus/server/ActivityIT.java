package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.net.WsClient;
import dev.ludus.platform.ledger.JournalEntry;
import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.ServerMessage.ActivityNotice;
import dev.ludus.protocol.ServerMessage.ErrorMessage;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle activities end to end: real servers over one H2 file, real WebSocket clients. At
 * {@code LUDUS_ACTIVITY_TIME_SCALE=0.001} a minute of the reference game's tasks takes 60 ms.
 */
class ActivityIT {
    private static final Map<String, String> ENV = Map.of("LUDUS_ACTIVITY_TIME_SCALE", "0.001",
        "LUDUS_ADMIN_KEY", "activity-it-admin-key-0123456789");
    private static final Pattern COMPLETED = Pattern.compile("ludus_activity_tasks_completed_total (\\d+)");

    @TempDir
    Path dataDir;

    private LudusServer startServer() throws InterruptedException {
        Map<String, Object> settings = new HashMap<>(Map.of("server.port", 0, "server.status-interval-seconds", 0,
            "arena.npc-count", 200, "audit.enabled", false));
        LudusServer server = new LudusServer(new ConfigLoader().load(null, Map.of(), settings), dataDir, ENV);
        server.start();
        return server;
    }

    private static long completed(LudusServer server) {
        Matcher matcher = COMPLETED.matcher(server.scrapeMetrics());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static WsClient login(LudusServer server, String name) throws InterruptedException {
        WsClient client = WsClient.connect(server.address().getPort());
        client.sendText("{\"type\":\"login\",\"name\":\"" + name + "\"}");
        client.await(Welcome.class);
        return client;
    }

    @Test
    void shouldCompleteTasksAcrossARestartCreditThemOnceAndDeliverTheNoticesOnLogin() throws Exception {
        List<String> taskIds = new ArrayList<>();
        LudusServer first = startServer();
        try (WsClient alice = login(first, "alice")) {
            alice.sendText("{\"type\":\"activity.start\",\"task\":\"fight_wolves\",\"count\":40}");
            taskIds.add(alice.await(ActivityNotice.class, n -> n.kind().equals("task_started")).taskId());
            alice.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":5}");
            // 20 crafts: at skill 5 each succeeds with 0.8, so the task fails outright (no success at all)
            // with probability 0.2^20, not the 0.2^3 = 0.8 % that three crafts would leave to chance.
            alice.sendText("{\"type\":\"activity.start\",\"task\":\"fletch_arrows\",\"count\":20}");
            ActivityNotice queue = alice.await(ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 3);
            taskIds.add(queue.queue().get(1));
            taskIds.add(queue.queue().get(2));
        }
        // The wolves take 40 x 45 ms = 1.8 s: the server stops while the first task runs.
        first.close();

        LudusServer second = startServer();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (completed(second) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(completed(second)).as("tasks completed after the restart").isEqualTo(3);
            assertThat(second.scrapeMetrics()).contains("ludus_activity_notices_purged_total", "ludus_activity_tasks_purged_total");
            try (WsClient alice = login(second, "alice")) {
                List<ActivityNotice> backlog = new ArrayList<>();
                ActivityNotice last;
                do {
                    last = alice.await(ActivityNotice.class);
                    backlog.add(last);
                } while (!(last.kind().equals("queue_updated") && last.queue().isEmpty()));
                assertThat(backlog).extracting(ActivityNotice::seq).isSorted().doesNotHaveDuplicates();
                assertThat(backlog).filteredOn(n -> n.kind().equals("task_completed")).extracting(ActivityNotice::taskId)
                    .containsExactlyElementsOf(taskIds);
                assertThat(backlog).filteredOn(n -> n.kind().equals("task_completed")).allSatisfy(n ->
                    assertThat(n.rewards()).isNotEmpty());
                ActivityNotice fletch = backlog.stream().filter(n -> n.kind().equals("task_completed")
                    && n.task().equals("fletch_arrows")).findFirst().orElseThrow();
                // Crafting skill 5 on a recipe needing 0: quality 50 + 5 x 5 = 75.
                assertThat(fletch.quality()).isEqualTo(75);
                alice.sendText("{\"type\":\"activity.list\"}");
                assertThat(alice.await(ActivityNotice.class, n -> n.seq() == 0).queue()).isEmpty();
            }
        } finally {
            second.close();
        }
        List<String> keys = new ArrayList<>();
        try (JdbcLedgerStore ledger = JdbcLedgerStore.open(StoreConfig.h2(dataDir))) {
            // Settlements credit many tasks in one entry: the credited keys, not the entries' own keys.
            ledger.forEachEntry((JournalEntry entry) -> keys.addAll(entry.creditedKeys()));
            assertThat(ledger.balances("player:alice")).containsKeys("GOLD", "wood", "arrow");
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(taskIds.stream().map(id -> "activity:" + id).toList());
    }

    @Test
    void shouldRefuseAMalformedRetentionBeforeOpeningTheDatabase() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerActivities.open(dataDir,
                Map.of("LUDUS_ACTIVITY_RETENTION", "a week"), null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("LUDUS_ACTIVITY_RETENTION : \"a week\" (expected: a whole number and a unit s, m, h or d, e.g. 7d, "
                + "or forever)");
        assertThat(dataDir.toFile().list()).as("no database was created").isEmpty();
    }

    @Test
    void shouldRefuseBadActivityRequestsWithStableCodes() throws Exception {
        LudusServer server = startServer();
        try (WsClient anonymous = WsClient.connect(server.address().getPort()); WsClient bob = login(server, "bob")) {
            anonymous.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\"}");
            assertThat(anonymous.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);

            Map<String, ErrorCode> refusals = new java.util.LinkedHashMap<>();
            refusals.put("{\"type\":\"activity.start\",\"task\":\"dance\"}", ErrorCode.UNKNOWN_TASK);
            refusals.put("{\"type\":\"activity.start\"}", ErrorCode.MISSING_FIELD);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"\"}", ErrorCode.INVALID_FIELD);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":\"many\"}", ErrorCode.INVALID_FIELD);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":0}", ErrorCode.INVALID_PARAMETERS);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":1001}", ErrorCode.INVALID_PARAMETERS);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"mine_ore\"}", ErrorCode.MISSING_TOOL);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"gather_herbs\"}", ErrorCode.TOOL_BROKEN);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"chop_ironwood\"}", ErrorCode.WRONG_LOCATION);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"brew_potion\"}", ErrorCode.MISSING_STATION);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"carve_bow\"}", ErrorCode.SKILL_TOO_LOW);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"smith_arrowheads\"}", ErrorCode.MISSING_MATERIALS);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"fight_troll\"}", ErrorCode.LEVEL_TOO_LOW);
            refusals.put("{\"type\":\"activity.start\",\"task\":\"fight_wolves\",\"count\":301}", ErrorCode.EQUIPMENT_BROKEN);
            refusals.put("{\"type\":\"activity.cancel\",\"taskId\":\"no-such-task\"}", ErrorCode.UNKNOWN_ACTIVITY);
            refusals.put("{\"type\":\"activity.cancel\"}", ErrorCode.MISSING_FIELD);
            refusals.put("{\"type\":\"activity.dance\"}", ErrorCode.UNKNOWN_TYPE);
            for (var refusal : refusals.entrySet()) {
                bob.sendText(refusal.getKey());
                ErrorMessage error = bob.await(ErrorMessage.class);
                assertThat(error.code()).as(refusal.getKey() + " -> " + error.message()).isEqualTo(refusal.getValue());
            }

            for (int i = 0; i < 10; i++) {
                bob.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":100}");
            }
            bob.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\"}");
            assertThat(bob.await(ErrorMessage.class).code()).isEqualTo(ErrorCode.QUEUE_FULL);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldSpeakProtobufToo() throws Exception {
        LudusServer server = startServer();
        ProtobufCodec protobuf = new ProtobufCodec();
        try (WsClient carol = WsClient.connect(server.address().getPort())) {
            carol.sendBinary(protobuf.encode(new ClientMessage.Login("carol")));
            carol.await(Welcome.class);
            carol.sendBinary(protobuf.encode(new ClientMessage.ActivityStart("chop_wood", 2)));
            ActivityNotice started = carol.await(ActivityNotice.class, n -> n.kind().equals("task_started"));
            assertThat(started.total()).isEqualTo(2);
            ActivityNotice done = carol.await(ActivityNotice.class, n -> n.kind().equals("task_completed"));
            // 2 x 3 wood x 1.2 (level 5) x 1.2 (skill 10) x 1.25 (axe) x 1 (difficulty 1) = 10.8 -> 10, plus any rare bow skins.
            assertThat(done.rewards()).containsEntry("wood", 10L);
            carol.sendBinary(protobuf.encode(new ClientMessage.ActivityCancel(started.taskId())));
            assertThat(carol.await(ServerMessage.ErrorMessage.class).code()).isEqualTo(ErrorCode.UNKNOWN_ACTIVITY);
        } finally {
            server.close();
        }
    }
}
