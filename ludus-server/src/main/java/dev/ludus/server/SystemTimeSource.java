package dev.ludus.server;

import dev.ludus.sim.tick.TimeSource;

/** The clock port wired to the JVM's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
final class SystemTimeSource implements TimeSource {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
