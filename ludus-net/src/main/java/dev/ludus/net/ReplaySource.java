package dev.ludus.net;

import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.world.WorldConfig;
import java.io.IOException;

/**
 * A finished, recorded game that spectators may watch from any tick (docs/protocol.md §18.4): the
 * gateway of {@code ludus replay LOG --serve} serves one. Implemented by the server over an audit log,
 * which records every tick's commands and time; watching re-simulates the world from its first tick.
 *
 * <p>Thread-safe: every {@link #open} re-reads the recording for its own cursor, so any number of
 * spectators seek independently.
 */
public interface ReplaySource {

    /** @return the recorded world's shape (its tick rate paces the replay) */
    WorldConfig world();

    /** @return ticks the recording holds: ticks 0 to {@code ticks() - 1} can be watched, {@code >= 0} */
    long ticks();

    /**
     * Re-simulates the recording up to {@code fromTick}, as fast as it goes and without pacing, with
     * {@code feed} attached from the first tick (so scoreboards count the kills before the seek point),
     * and returns a cursor whose next {@link Cursor#step} runs tick {@code fromTick}. Blocks for the
     * seek; call it off the event loops.
     *
     * @param fromTick the first tick to watch, 0 to {@code ticks() - 1}
     * @param feed     hears every replayed tick's kills and ends
     * @return the cursor; the caller closes it
     * @throws IOException when the recording cannot be read
     * @throws IllegalArgumentException when {@code fromTick} is outside the recording
     */
    Cursor open(long fromTick, SpectatorFeed feed) throws IOException;

    /** A re-simulation positioned at a tick of the recording. Not thread-safe: one thread steps it. */
    interface Cursor extends AutoCloseable {
        /**
         * Runs the next recorded tick (its commands, at its recorded time); the feed hears its end.
         *
         * @return the tick's recorded time, Unix epoch milliseconds, or -1 when the recording has no more ticks
         * @throws IOException when the recording cannot be read
         */
        long step() throws IOException;

        /** Releases the re-simulation and the recording. */
        @Override
        void close();
    }
}
