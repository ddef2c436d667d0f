package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.net.WsClient;
import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.ledger.LedgerAudit;
import dev.ludus.protocol.ServerMessage.ActivityNotice;
import dev.ludus.protocol.ServerMessage.Welcome;
import dev.ludus.store.JdbcActivityStore;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.StoreConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart test with a real crash: {@code ludus serve} in its own process is killed with
 * SIGKILL while players' activity tasks run and complete, then started again on the same H2 file. Every
 * task ends, each completed one is credited exactly once (one journal entry per task key, none for
 * failed ones), the ledger's audit passes, and a player logging in afterwards receives the stored
 * notifications in order.
 */
class ActivityCrashIT {
    private static final int PLAYERS = 12;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private record Child(Process process, int port) { }

    @Test
    void shouldCreditEveryTaskExactlyOnceAcrossASigkill() throws Exception {
        Child first = start();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int p = 0; p < PLAYERS; p++) {
                WsClient client = WsClient.connect(first.port());
                clients.add(client);
                client.sendText("{\"type\":\"login\",\"name\":\"idler" + p + "\"}");
                client.await(Welcome.class);
                // At time scale 0.001: 0.9 s, 0.6 s, 0.3 s, 0.9 s, 0.6 s of tasks, one after the other.
                client.sendText("{\"type\":\"activity.start\",\"task\":\"fight_wolves\",\"count\":20}");
                client.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":10}");
                client.sendText("{\"type\":\"activity.start\",\"task\":\"fletch_arrows\",\"count\":10}");
                client.sendText("{\"type\":\"activity.start\",\"task\":\"fight_wolves\",\"count\":20}");
                client.sendText("{\"type\":\"activity.start\",\"task\":\"chop_wood\",\"count\":10}");
                client.await(ActivityNotice.class, n -> n.kind().equals("queue_updated") && n.queue().size() == 5);
                // Offline from here: every later notice, before the kill and after the restart, must wait in the store and
                // come back in order at the next login (online, a player whose tasks all ended before the kill, which a
                // loaded machine's slow logins allow, would have nothing left to read).
                client.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (metric(first.port(), "ludus_activity_tasks_completed_total") < PLAYERS && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(metric(first.port(), "ludus_activity_tasks_active")).as("tasks still active at the kill").isPositive();
        } finally {
            clients.forEach(WsClient::close);
        }
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(first.process().pid())).start().waitFor()).isZero();
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

        Child second = start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (metric(second.port(), "ludus_activity_tasks_active") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(metric(second.port(), "ludus_activity_tasks_active")).as("tasks active after the restart").isZero();
            try (WsClient idler = WsClient.connect(second.port())) {
                idler.sendText("{\"type\":\"login\",\"name\":\"idler0\"}");
                idler.await(Welcome.class);
                List<ActivityNotice> backlog = new ArrayList<>();
                ActivityNotice last;
                do {
                    last = idler.await(ActivityNotice.class);
                    backlog.add(last);
                } while (!(last.kind().equals("queue_updated") && last.queue().isEmpty()));
                assertThat(backlog).extracting(ActivityNotice::seq).isSorted().doesNotHaveDuplicates();
                assertThat(backlog).anyMatch(n -> n.kind().equals("task_completed"));
            }
        } finally {
            second.process().destroy();
            assertThat(second.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> completed = new HashSet<>();
        int tasks = 0;
        try (JdbcActivityStore activities = JdbcActivityStore.open(StoreConfig.h2(dataDir))) {
            for (int p = 0; p < PLAYERS; p++) {
                for (ActivityTask task : activities.tasksOf("idler" + p)) {
                    tasks++;
                    assertThat(task.state()).as(task.toString()).isIn(ActivityTask.State.COMPLETED, ActivityTask.State.FAILED);
                    if (task.state() == ActivityTask.State.COMPLETED) {
                        completed.add("activity:" + task.id());
                    }
                }
            }
        }
        assertThat(tasks).isEqualTo(PLAYERS * 5);
        List<String> keys = new ArrayList<>();
        try (JdbcLedgerStore ledger = JdbcLedgerStore.open(StoreConfig.h2(dataDir))) {
            ledger.forEachEntry(entry -> entry.creditedKeys().stream().filter(k -> k.startsWith("activity:")).forEach(keys::add));
            assertThat(LedgerAudit.run(ledger).ok()).isTrue();
        }
        assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(completed);
    }

    private static long metric(int port, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(response.body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }

    private Child start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // Carry the coverage agent along, so the child's code counts like the rest of the suite.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ludus.server.Ludus",
            "serve", "--port", "0", "--npcs", "50", "--no-audit", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LUDUS_ADMIN_KEY", "activity-crash-admin-key-0123456789");
        builder.environment().put("LUDUS_ACTIVITY_TIME_SCALE", "0.001");
        builder.environment().remove("LUDUS_DB_URL");
        Process process = builder.start();
        return new Child(process, new ServerOutput(process).port().get(60, TimeUnit.SECONDS));
    }
}
