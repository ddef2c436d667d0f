package dev.ludus.net;

import dev.ludus.sim.world.Command;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One connection's input jitter buffer: moves that arrive in a burst (several within one tick, after
 * the network held them back) are released one per tick, so each is applied at a tick of its own as
 * the client meant, instead of all but the last being overwritten within one tick.
 *
 * <p>A move that finds the buffer empty and no move released since the last tick goes to the
 * simulation at once, so a client sending at or below the tick rate never waits. Actions (attack,
 * pickup, ...) are never delayed: one arriving behind buffered moves releases them first, keeping the
 * connection's sequence order. When more than {@code capacity} moves wait, the oldest is released early
 * (it lands in the same tick as another), which bounds the delay a burst can add to
 * {@code capacity} ticks.
 *
 * <p>A tick boundary is the moment the tick's frame reaches this connection's event loop
 * ({@link #onTick}), which trails the world's inbox drain by the replication phase: an input released in
 * that window lands in the same tick as the next one released, so a burst straddling it can still
 * put two inputs into one tick.
 *
 * <p>Event loop only.
 */
final class InputJitterBuffer {
    private final int capacity;
    private final Consumer<Command> submit;
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    private boolean releasedThisTick;
    private long releasedEarly;
    private long held;

    /**
     * @param capacity moves held at most, {@code >= 1}
     * @param submit   where released commands go (the simulation's inbox)
     */
    InputJitterBuffer(int capacity, Consumer<Command> submit) {
        this.capacity = capacity;
        this.submit = submit;
    }

    /** @param move a move from the client, in sequence order */
    void offerMove(Command move) {
        if (waiting.isEmpty() && !releasedThisTick) {
            releasedThisTick = true;
            submit.accept(move);
            return;
        }
        waiting.addLast(move);
        held++;
        if (waiting.size() > capacity) {
            releasedEarly++;
            submit.accept(waiting.pollFirst());
        }
    }

    /** @param action an action from the client: released at once, after any moves it follows */
    void offerAction(Command action) {
        flush();
        submit.accept(action);
    }

    /** A tick boundary passed (the tick's snapshot reached this connection): release the next move. */
    void onTick() {
        releasedThisTick = false;
        Command next = waiting.pollFirst();
        if (next != null) {
            releasedThisTick = true;
            submit.accept(next);
        }
    }

    /** Releases everything waiting, in order. */
    void flush() {
        for (Command command = waiting.pollFirst(); command != null; command = waiting.pollFirst()) {
            submit.accept(command);
        }
    }

    /** Drops everything waiting (the login they followed was refused, or the connection closed). */
    void clear() {
        waiting.clear();
        releasedThisTick = false;
    }

    /** @return moves waiting */
    int depth() {
        return waiting.size();
    }

    /** @return moves released early because the buffer was full */
    long releasedEarly() {
        return releasedEarly;
    }

    /** @return moves that arrived behind another in the same tick and waited for a later one, so far */
    long held() {
        return held;
    }
}
