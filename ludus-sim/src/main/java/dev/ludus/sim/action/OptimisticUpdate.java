package dev.ludus.sim.action;

import dev.ludus.sim.world.Command;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Changes a player's inventory from outside the tick (a service, another server) with optimistic
 * concurrency and bounded retries: submit a {@link Command.Update} carrying the version the caller
 * last read; when the tick answers {@code version_conflict}, the answer carries the current version
 * and the update is submitted again with it, up to {@code maxAttempts} times in all. Any other answer
 * (applied, or a refusal such as {@code insufficient}) completes the future.
 *
 * <p>Use it for changes whose meaning does not depend on the state they replace (grant 50 gold);
 * a change that does (set the count to 7 if it is still 5) should re-read and decide again instead
 * of retrying blindly. Thread-safe: may be called from any thread; the future completes on the tick
 * thread, so callers must not block in its callbacks.
 */
public final class OptimisticUpdate {
    private OptimisticUpdate() {
    }

    /**
     * @param submit          queues a command for the world's next tick, e.g. {@code simulation::submit}
     * @param entityId        the player
     * @param expectedVersion the version the caller read (any value: a stale one costs one retry)
     * @param item            the item
     * @param delta           the change
     * @param maxAttempts     submissions in all, {@code >= 1}
     * @return completes with the last answer: applied, a refusal, or {@code version_conflict} when
     *     every attempt met a newer version
     * @throws IllegalArgumentException when {@code maxAttempts < 1}
     */
    public static CompletableFuture<UpdateResult> apply(Consumer<Command> submit, long entityId, long expectedVersion,
                                                        String item, int delta, int maxAttempts) {
        Objects.requireNonNull(submit, "submit");
        Objects.requireNonNull(item, "item");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts : " + maxAttempts + " (expected: >= 1)");
        }
        CompletableFuture<UpdateResult> result = new CompletableFuture<>();
        attempt(submit, entityId, expectedVersion, item, delta, maxAttempts, result);
        return result;
    }

    private static void attempt(Consumer<Command> submit, long entityId, long version, String item, int delta,
                                int attemptsLeft, CompletableFuture<UpdateResult> result) {
        submit.accept(new Command.Update(entityId, version, item, delta, answer -> {
            if ("version_conflict".equals(answer.code()) && attemptsLeft > 1) {
                attempt(submit, entityId, answer.currentVersion(), item, delta, attemptsLeft - 1, result);
            } else {
                result.complete(answer);
            }
        }));
    }
}
