package dev.ludus.server;

import dev.ludus.net.WsClient;
import dev.ludus.protocol.ActionReason;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.HitZone;
import dev.ludus.protocol.ServerMessage.ActionResult;
import dev.ludus.protocol.ServerMessage.Snapshot;
import dev.ludus.protocol.ServerMessage.Status;
import dev.ludus.protocol.ServerMessage.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Player actions end to end: a real server, real WebSocket clients, answers, statuses and metrics. */
class ActionsIT {
    private static LudusServer server;
    private static int port;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = TestServers.start(Map.of("audit.enabled", false));
        port = server.address().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldResolveAShotAndTellTheShooterTheHitAndTheTargetItsHealth() throws Exception {
        try (WsClient alice = WsClient.connect(port); WsClient bob = WsClient.connect(port)) {
            alice.sendText("{\"type\":\"login\",\"name\":\"shooter\"}");
            bob.sendText("{\"type\":\"login\",\"name\":\"target\"}");
            long aliceId = alice.await(Welcome.class).entityId();
            long bobId = bob.await(Welcome.class).entityId();
            Snapshot seen = alice.await(Snapshot.class, s -> has(s, aliceId) && has(s, bobId));
            EntityState me = find(seen, aliceId);
            EntityState target = find(seen, bobId);

            // Aimed at the target's centre as the snapshot showed it: a head hit, lag-compensated to that tick.
            alice.sendText(String.format(Locale.ROOT, "{\"type\":\"attack\",\"seq\":1,\"target\":%d,\"weapon\":\"ranged\","
                + "\"aim\":{\"x\":%.6f,\"y\":%.6f},\"viewTick\":%d}", bobId, target.x() - me.x(), target.y() - me.y(), seen.tick()));
            ActionResult result = alice.await(ActionResult.class);
            assertThat(result.seq()).isEqualTo(1);
            assertThat(result.accepted()).as("%s", result).isTrue();
            assertThat(result.hit()).isEqualTo(HitZone.HEAD);
            assertThat(result.damage()).isEqualTo(50);
            assertThat(bob.await(Status.class).health()).isEqualTo(50);
            Snapshot acked = alice.await(Snapshot.class, s -> s.ackSeq() == 1);
            // Let the weapon's cooldown (2 ticks) pass, so the next answers are about the target.
            alice.await(Snapshot.class, s -> s.tick() >= acked.tick() + 3);

            // An id that was never issued, and a trade with oneself: both refused with their codes.
            alice.sendText(String.format(Locale.ROOT, "{\"type\":\"attack\",\"seq\":2,\"target\":%d,\"weapon\":\"ranged\","
                + "\"aim\":{\"x\":1,\"y\":0},\"viewTick\":%d}", 987_654_321L, seen.tick()));
            ActionResult unknown = alice.await(ActionResult.class, r -> r.seq() == 2);
            assertThat(unknown.reason()).isEqualTo(ActionReason.UNKNOWN_TARGET);
            alice.sendText("{\"type\":\"trade\",\"seq\":3,\"partner\":" + aliceId
                + ",\"give\":{\"item\":\"gold\",\"count\":1},\"want\":{\"item\":\"wood\",\"count\":1}}");
            assertThat(alice.await(ActionResult.class, r -> r.seq() == 3).reason()).isEqualTo(ActionReason.TRADE_WITH_SELF);
        }
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("ludus_actions_total{action=\"attack\",result=\"accepted\"} 1.0")
            .contains("ludus_actions_total{action=\"attack\",result=\"unknown_target\"} 1.0")
            .contains("ludus_actions_total{action=\"trade\",result=\"trade_with_self\"} 1.0");
    }

    @Test
    void shouldAnswerAnImpossibleClaimedPositionAndKeepTheServersOwn() throws Exception {
        try (WsClient cheater = WsClient.connect(port)) {
            cheater.sendText("{\"type\":\"login\",\"name\":\"teleporter\"}");
            long id = cheater.await(Welcome.class).entityId();
            Snapshot seen = cheater.await(Snapshot.class, s -> has(s, id));
            EntityState me = find(seen, id);
            cheater.sendText(String.format(Locale.ROOT, "{\"type\":\"input\",\"seq\":1,\"move\":{\"x\":0,\"y\":0},"
                + "\"viewTick\":%d,\"pos\":{\"x\":%.3f,\"y\":%.3f}}", seen.tick(), me.x() + 500, me.y()));
            ActionResult answer = cheater.await(ActionResult.class);
            assertThat(answer.action()).isEqualTo("input");
            assertThat(answer.reason()).isEqualTo(ActionReason.TELEPORT);
            Snapshot after = cheater.await(Snapshot.class, s -> s.ackSeq() == 1);
            assertThat(find(after, id).x()).as("the server's position stands").isCloseTo(me.x(), org.assertj.core.data.Offset.offset(1.0));
        }
    }

    private static boolean has(Snapshot snapshot, long id) {
        return snapshot.entities().stream().anyMatch(e -> e.id() == id);
    }

    private static EntityState find(Snapshot snapshot, long id) {
        return snapshot.entities().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }
}
