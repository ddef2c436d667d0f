package dev.ludus.platform.activity;

import java.util.concurrent.CompletionStage;

/**
 * One online player's connection as the activity lane sees it (the gateway's proxy implements it).
 * Called on the activity lane, in notice order; must not block.
 */
@FunctionalInterface
public interface ActivitySink {
    /**
     * Writes a notice to the connection.
     *
     * @param notice the notice
     * @return completes when written, exceptionally when the write failed (the lane retries with backoff)
     */
    CompletionStage<Void> send(Notice notice);
}
