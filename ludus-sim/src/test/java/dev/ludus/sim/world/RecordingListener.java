package dev.ludus.sim.world;

import java.util.ArrayList;
import java.util.List;

/** A fake listener: keeps every reported failure and tick. */
final class RecordingListener implements SimulationListener {
    record Failure(String context, Exception error) {
    }

    record Tick(long tick, long durationNanos, long lateNanos) {
    }

    final List<Failure> failures = new ArrayList<>();
    final List<Tick> ticks = new ArrayList<>();

    @Override
    public void onTick(long tick, long durationNanos, long lateNanos) {
        ticks.add(new Tick(tick, durationNanos, lateNanos));
    }

    @Override
    public void onError(String context, Exception error) {
        failures.add(new Failure(context, error));
    }
}
