package dev.ludus.platform.session;

import static dev.ludus.platform.session.SessionTokensTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final SessionTokens TOKENS = new SessionTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    /** What each connection received, as "connection:seq:event". */
    private final List<String> delivered = new ArrayList<>();
    private final SessionRegistry<String, String> registry = new SessionRegistry<>(TOKENS,
        new SessionConfig("server-a", 30_000, 60_000, 5_000, 4), (connection, seq, event) -> delivered.add(connection + ":" + seq + ":" + event),
        new SecureRandom());

    @Test
    void shouldNumberEventsFromOneAndDeliverThemWhileOnline() {
        var opened = registry.open("Alice", 7, 10_001, "c1", 1_000);
        Session<String, String> session = opened.session();

        assertThat(registry.send(session, "hit")).isEqualTo(1);
        assertThat(registry.send(session, "status")).isEqualTo(2);

        assertThat(delivered).containsExactly("c1:1:hit", "c1:2:status");
        assertThat(opened.expiresAtMs()).isEqualTo(61_000);
        assertThat(TOKENS.verify(opened.token(), 2_000).player()).isEqualTo("Alice");
        assertThat(session.player()).isEqualTo("Alice");
        assertThat(session.simConnectionId()).isEqualTo(7);
        assertThat(session.entityId()).isEqualTo(10_001);
        assertThat(session.lastEventSeq()).isEqualTo(2);
        assertThat(session.toString()).isEqualTo("session " + session.id() + " of Alice");
        assertThat(registry.find("alice")).containsSame(session);
        assertThat(registry.config().serverId()).isEqualTo("server-a");
    }

    @Test
    void shouldKeepEventsWhileDetachedAndReplayWhatTheClientMissedOnResume() {
        var opened = registry.open("alice", 7, 10_001, "c1", 1_000);
        Session<String, String> session = opened.session();
        registry.send(session, "e1");
        registry.send(session, "e2");
        session.inputAccepted(41);

        assertThat(registry.detach(session, "c1", 5 * SECOND_NS)).isTrue();
        registry.send(session, "e3");
        assertThat(registry.detached()).isEqualTo(1);
        var resumed = registry.resume(opened.token(), 1, "c2", 2_000);

        assertThat(resumed.previous()).isNull();
        assertThat(resumed.missed()).containsExactly(new Session.Numbered<>(2, "e2"), new Session.Numbered<>(3, "e3"));
        assertThat(session.state()).isEqualTo(Session.State.ONLINE);
        assertThat(session.connection()).isEqualTo("c2");
        assertThat(session.lastInputSeq()).isEqualTo(41);
        registry.send(session, "e4");
        assertThat(delivered).containsExactly("c1:1:e1", "c1:2:e2", "c2:4:e4");
        assertThat(registry.resume(opened.token(), 4, "c3", 2_000).missed()).isEmpty();
    }

    @Test
    void shouldSupersedeAConnectionThatWasStillBound() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);

        var resumed = registry.resume(opened.token(), 0, "c2", 2_000);

        assertThat(resumed.previous()).isEqualTo("c1");
        assertThat(registry.detach(opened.session(), "c1", 1)).as("the superseded socket's close detaches nothing").isFalse();
        assertThat(opened.session().connection()).isEqualTo("c2");
    }

    @Test
    void shouldRefuseResumesThatCannotBeHonouredAndChangeNothing() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);
        Session<String, String> session = opened.session();
        for (int i = 0; i < 6; i++) {
            registry.send(session, "e" + i);
        }
        registry.detach(session, "c1", 0);

        assertThat(errorOf(() -> registry.resume(opened.token(), 7, "c2", 2_000))).isEqualTo(SessionError.RESUME_AHEAD);
        // Four events are kept (3-6): a client that saw 2 can resume, one that saw 1 cannot.
        assertThat(errorOf(() -> registry.resume(opened.token(), 1, "c2", 2_000))).isEqualTo(SessionError.RESUME_GAP);
        assertThat(errorOf(() -> registry.resume("garbage", 0, "c2", 2_000))).isEqualTo(SessionError.TOKEN_MALFORMED);
        assertThat(errorOf(() -> registry.resume(opened.token(), 0, "c2", 61_000))).isEqualTo(SessionError.TOKEN_EXPIRED);
        String handoff = registry.handoff(new ParkedPlayer("alice", 1, 1, 1, new TreeMap<>()), "server-a", 1_000);
        assertThat(errorOf(() -> registry.resume(handoff, 0, "c2", 2_000))).isEqualTo(SessionError.TOKEN_WRONG_KIND);
        assertThat(session.state()).isEqualTo(Session.State.DETACHED);
        assertThat(session.connection()).isNull();

        var missed = registry.resume(opened.token(), 2, "c2", 2_000).missed();
        assertThat(missed).extracting(Session.Numbered::seq).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void shouldSupersedeOlderTokensOnRefresh() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);

        var refreshed = registry.refresh(opened.session(), "c1", 30_000);

        assertThat(refreshed.expiresAtMs()).isEqualTo(90_000);
        assertThat(opened.session().generation()).isEqualTo(1);
        assertThat(errorOf(() -> registry.resume(opened.token(), 0, "c2", 31_000))).isEqualTo(SessionError.TOKEN_SUPERSEDED);
        assertThat(registry.resume(refreshed.token(), 0, "c2", 70_000).session()).isSameAs(opened.session());
    }

    @Test
    void shouldRefuseARefreshFromAConnectionTheSessionLeft() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);
        registry.resume(opened.token(), 0, "c2", 2_000);

        // The superseded connection's late refresh must not supersede the token the client resumed with.
        assertThat(errorOf(() -> registry.refresh(opened.session(), "c1", 3_000))).isEqualTo(SessionError.SESSION_UNKNOWN);
        assertThat(opened.session().generation()).isZero();
        assertThat(registry.resume(opened.token(), 0, "c3", 4_000).previous()).isEqualTo("c2");
        assertThat(registry.refresh(opened.session(), "c3", 5_000).session().generation()).isEqualTo(1);
    }

    @Test
    void shouldStopEveryTokenOfARevokedSessionAtOnce() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);
        var refreshed = registry.refresh(opened.session(), "c1", 2_000);

        var revoked = registry.revoke("ALICE", 3_000).orElseThrow();

        assertThat(revoked.previous()).isEqualTo("c1");
        assertThat(revoked.session().state()).isEqualTo(Session.State.ENDED);
        assertThat(errorOf(() -> registry.resume(refreshed.token(), 0, "c2", 4_000))).isEqualTo(SessionError.SESSION_REVOKED);
        assertThat(registry.send(opened.session(), "late")).isEqualTo(-1);
        assertThat(registry.revoke("alice", 4_000)).isEmpty();
        assertThat(registry.size()).isZero();
        // Kept until every token it had has expired (revoked at 3,000 + 60,000 >= 2,000 + 60,000), then forgotten:
        // only a clock turned back could still present a token, and it would meet an unknown session.
        registry.expire(0, 62_999);
        assertThat(errorOf(() -> registry.resume(refreshed.token(), 0, "c2", 61_000))).isEqualTo(SessionError.SESSION_REVOKED);
        registry.expire(0, 63_000);
        assertThat(errorOf(() -> registry.resume(refreshed.token(), 0, "c2", 61_000))).isEqualTo(SessionError.SESSION_UNKNOWN);
    }

    @Test
    void shouldEndDetachedSessionsWhenTheirGraceWindowPasses() {
        Session<String, String> early = registry.open("early", 1, 1, "c1", 1_000).session();
        Session<String, String> late = registry.open("late", 2, 2, "c2", 1_000).session();
        Session<String, String> online = registry.open("online", 3, 3, "c3", 1_000).session();
        registry.detach(early, "c1", 10 * SECOND_NS);
        registry.detach(late, "c2", 20 * SECOND_NS);

        assertThat(registry.expire(39 * SECOND_NS, 1_000)).isEmpty();
        assertThat(registry.expire(40 * SECOND_NS, 1_000)).containsExactly(early);

        assertThat(early.state()).isEqualTo(Session.State.ENDED);
        assertThat(registry.find("early")).isEmpty();
        assertThat(registry.find("late")).containsSame(late);
        assertThat(online.state()).isEqualTo(Session.State.ONLINE);
        assertThat(registry.detach(early, "c1", 41 * SECOND_NS)).isFalse();
    }

    @Test
    void shouldNeverResumeOrRefreshAnEndedSession() {
        var opened = registry.open("alice", 7, 1, "c1", 1_000);
        Session<String, String> session = opened.session();
        synchronized (session) {
            // Ended but not yet forgotten: the moment between the two in end() and expire().
            session.end();
        }
        assertThat(errorOf(() -> registry.resume(opened.token(), 0, "c2", 2_000))).isEqualTo(SessionError.SESSION_UNKNOWN);

        assertThat(registry.end(session)).isNull();
        assertThat(errorOf(() -> registry.refresh(session, "c1", 2_000))).isEqualTo(SessionError.SESSION_UNKNOWN);
        assertThat(errorOf(() -> registry.resume(opened.token(), 0, "c2", 2_000))).isEqualTo(SessionError.SESSION_UNKNOWN);
    }

    @Test
    void shouldReturnTheConnectionOfASessionEndedNormally() {
        Session<String, String> session = registry.open("alice", 7, 1, "c1", 1_000).session();

        assertThat(registry.end(session)).isEqualTo("c1");
        assertThat(registry.find("alice")).isEmpty();
    }

    @Test
    void shouldCarryAPlayerToTheServerItNamesOnce() {
        ParkedPlayer alice = new ParkedPlayer("alice", 10.5, 20.25, 64, new TreeMap<>(Map.of("wood", 3)));
        SessionRegistry<String, String> serverB = new SessionRegistry<>(TOKENS, SessionConfig.defaults("server-b"),
            (c, s, e) -> { }, new SecureRandom());
        String token = registry.handoff(alice, "server-b", 1_000);

        assertThat(errorOf(() -> registry.acceptHandoff(token, 2_000))).isEqualTo(SessionError.HANDOFF_WRONG_SERVER);
        assertThat(errorOf(() -> serverB.acceptHandoff(token, 6_000))).isEqualTo(SessionError.TOKEN_EXPIRED);
        assertThat(serverB.acceptHandoff(token, 2_000)).isEqualTo(alice);
        assertThat(errorOf(() -> serverB.acceptHandoff(token, 2_000))).isEqualTo(SessionError.HANDOFF_USED);
        String access = registry.open("bob", 1, 1, "c", 1_000).token();
        assertThat(errorOf(() -> serverB.acceptHandoff(access, 2_000))).isEqualTo(SessionError.TOKEN_WRONG_KIND);
        String badBody = TOKENS.sign(new SessionToken(SessionToken.Kind.HANDOFF, "h1", "eve", 0, 1_000, 9_000, "server-b", "1;2"));
        assertThat(errorOf(() -> serverB.acceptHandoff(badBody, 2_000))).isEqualTo(SessionError.TOKEN_MALFORMED);
        // The target could not let the player in: the token is given back and works once more.
        serverB.releaseHandoff(token, 2_000);
        assertThat(serverB.acceptHandoff(token, 2_000)).isEqualTo(alice);
        assertThat(errorOf(() -> serverB.acceptHandoff(token, 2_000))).isEqualTo(SessionError.HANDOFF_USED);
        // Forgotten once expired: by then the token is refused for its expiry anyway.
        serverB.expire(0, 31_000);
        assertThat(errorOf(() -> serverB.acceptHandoff(token, 31_000))).isEqualTo(SessionError.TOKEN_EXPIRED);
    }

    @Test
    void shouldCheckItsSettings() {
        assertThatThrownBy(() -> new SessionConfig("bad id", 1, 1000, 1000, 1)).hasMessageContaining("LUDUS_SERVER_ID");
        assertThatThrownBy(() -> new SessionConfig("a", -1, 1000, 1000, 1)).hasMessageContaining("GRACE");
        assertThatThrownBy(() -> new SessionConfig("a", 1, 999, 1000, 1)).hasMessageContaining("lifetimes");
        assertThatThrownBy(() -> new SessionConfig("a", 1, 1000, 999, 1)).hasMessageContaining("lifetimes");
        assertThatThrownBy(() -> new SessionConfig("a", 1, 1000, 1000, 0)).hasMessageContaining("eventsKept");
        assertThat(SessionConfig.defaults("a")).isEqualTo(new SessionConfig("a", 30_000, 3_600_000, 30_000, 1024));
        assertThat(new SessionException(SessionError.RESUME_GAP, "x").error().code()).isEqualTo("resume_gap");
    }
}
