package dev.ludus.sim.world;

import java.util.List;

/**
 * Receives, after every tick, what went into it and what came out: the commands the tick drained
 * from the inbox, in the order it applied them, and the state hash after it. Together with the world's
 * configuration and seed this is everything a replay needs (DESIGN.md §4, step 8: the audit log).
 *
 * <p>Called on the tick thread, at the end of {@link Simulation#tick}; an implementation must not
 * keep the list (it is reused) and should not block for long, since the next tick waits for it.
 */
@FunctionalInterface
public interface TickJournal {
    /** A journal that records nothing; the simulation then skips the state hash too. */
    TickJournal NONE = (tick, serverTimeMs, commands, stateHash) -> { };

    /**
     * One tick's record.
     *
     * @param tick         the tick just completed, from 0
     * @param serverTimeMs the wall-clock time the tick was stamped with, Unix epoch milliseconds
     * @param commands     the commands applied at the tick's start, in order; read-only, valid during the call
     * @param stateHash    {@link Simulation#stateHash()} after the tick
     */
    void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash);

    /**
     * One tick's record with the inputs its load plan was decided from; what {@link Simulation} calls.
     * A journal that replays must keep {@code plan} and give it back through
     * {@link Simulation#replayPlan} before the same tick: with learned costs
     * ({@link LoadConfig#learnCosts()}) the plan depends on measured time and cannot be recomputed.
     * The default forgets the plan and calls {@link #onTick(long, long, List, long)}.
     *
     * @param tick         the tick just completed, from 0
     * @param serverTimeMs the wall-clock time the tick was stamped with, Unix epoch milliseconds
     * @param commands     the commands applied at the tick's start, in order; read-only, valid during the call
     * @param stateHash    {@link Simulation#stateHash()} after the tick
     * @param plan         what the tick's load plan was decided from, never null
     */
    default void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash, PlanInputs plan) {
        onTick(tick, serverTimeMs, commands, stateHash);
    }
}
