package dev.ludus.platform.session;

import java.util.ArrayList;
import java.util.List;

/**
 * One player's session: who it is, the connection it is bound to (none while detached), the reliable
 * events sent to it with their sequence numbers, and the last input sequence the server accepted.
 *
 * <p>Sequence numbers start at 1 and grow by one per reliable event, for the session's whole life,
 * whichever connection carried them; the last {@link SessionConfig#eventsKept()} are kept for a
 * resume. Thread-safe: the state is guarded by the session's monitor, which the
 * {@link SessionRegistry} holds while it assigns a number and delivers an event, so events reach
 * each connection in number order.
 *
 * @param <E> the event type (the gateway's server messages)
 * @param <C> the connection type (the gateway's connection handle)
 */
public final class Session<E, C> {
    /** Where a session is in its life. */
    public enum State {
        /** Bound to a live connection. */
        ONLINE,
        /** The connection dropped; the player waits in the world for a resume until the grace window ends. */
        DETACHED,
        /** Over: parked, revoked, transferred or left; it never resumes. */
        ENDED
    }

    /** A reliable event with its number. @param <E> the event type @param seq its number, {@code >= 1} @param event the event */
    public record Numbered<E>(long seq, E event) {
    }

    private final String id;
    private final String player;
    private final long simConnectionId;
    private final long entityId;
    private final Object[] kept;
    private State state = State.ONLINE;
    private C connection;
    private int generation;
    private long lastEventSeq;
    private long detachedAtNanos;
    private volatile long lastInputSeq = -1;

    Session(String id, String player, long simConnectionId, long entityId, C connection, int eventsKept) {
        this.id = id;
        this.player = player;
        this.simConnectionId = simConnectionId;
        this.entityId = entityId;
        this.connection = connection;
        this.kept = new Object[eventsKept];
    }

    /** @return the session id (also in its tokens) */
    public String id() {
        return id;
    }

    /** @return the player's name */
    public String player() {
        return player;
    }

    /** @return the connection id the world knows the player by, the same across resumes */
    public long simConnectionId() {
        return simConnectionId;
    }

    /** @return the player's entity */
    public long entityId() {
        return entityId;
    }

    /** @return the current state */
    public synchronized State state() {
        return state;
    }

    /** @return the connection it is bound to, or null while detached or ended */
    public synchronized C connection() {
        return connection;
    }

    /** @return the number of the last reliable event sent, 0 before the first */
    public synchronized long lastEventSeq() {
        return lastEventSeq;
    }

    /** @return the refresh count: tokens of an older generation are superseded */
    public synchronized int generation() {
        return generation;
    }

    /** @return the last input or action {@code seq} the server accepted, -1 before the first */
    public long lastInputSeq() {
        return lastInputSeq;
    }

    /**
     * Records an accepted input or action, so a resumed connection continues the same sequence.
     *
     * @param seq its {@code seq}
     */
    public void inputAccepted(long seq) {
        lastInputSeq = seq;
    }

    // The registry's operations, under this monitor.

    long append(E event) {
        long seq = ++lastEventSeq;
        kept[(int) (seq % kept.length)] = event;
        return seq;
    }

    @SuppressWarnings("unchecked")
    List<Numbered<E>> since(long after) {
        long oldest = Math.max(1, lastEventSeq - kept.length + 1);
        if (after > lastEventSeq) {
            throw new SessionException(SessionError.RESUME_AHEAD, "lastEventSeq : " + after + " (expected: <= "
                + lastEventSeq + ", the last event sent)");
        }
        if (after < oldest - 1) {
            throw new SessionException(SessionError.RESUME_GAP, "lastEventSeq : " + after + " (expected: >= "
                + (oldest - 1) + "; older events are no longer kept)");
        }
        List<Numbered<E>> missed = new ArrayList<>((int) (lastEventSeq - after));
        for (long seq = Math.max(after, 0) + 1; seq <= lastEventSeq; seq++) {
            missed.add(new Numbered<>(seq, (E) kept[(int) (seq % kept.length)]));
        }
        return missed;
    }

    void attach(C next) {
        state = State.ONLINE;
        connection = next;
    }

    void detach(long nowNanos) {
        state = State.DETACHED;
        connection = null;
        detachedAtNanos = nowNanos;
    }

    long detachedAtNanos() {
        return detachedAtNanos;
    }

    C end() {
        C last = connection;
        state = State.ENDED;
        connection = null;
        return last;
    }

    int nextGeneration() {
        return ++generation;
    }

    @Override
    public String toString() {
        return "session " + id + " of " + player;
    }
}
