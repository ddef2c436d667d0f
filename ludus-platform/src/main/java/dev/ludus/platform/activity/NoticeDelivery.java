package dev.ludus.platform.activity;

import dev.ludus.platform.ledger.RetryPolicy;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity lane's delivery of saved notices to online players: one outbox per player with one
 * write in flight at a time, so a failed write is retried (exponential backoff with full jitter) before
 * anything after it goes out and the player sees the notices in id order; a login first queues the
 * stored backlog. Written notices are collected in {@link #deliveredThrough()} for the lane's next save.
 *
 * <p>Lane thread only: write completions come back through the lane's command queue.
 */
final class NoticeDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeDelivery.class);
    /** Most stored notices queued at one login or reload. */
    private static final int BACKLOG = 10_000;

    private record Retry(long atMs, String player, ActivitySink sink) { }

    /** An online player's connection and its outbox. */
    private static final class Online {
        final ActivitySink sink;
        final ArrayDeque<Notice> outbox = new ArrayDeque<>();
        long lastQueuedId;
        int failures;
        boolean sending;
        boolean waitingForRetry;
        /** The backlog could not be read from the store; read it again at the retry. */
        boolean reload;

        Online(ActivitySink sink) {
            this.sink = sink;
        }

        void enqueue(Notice notice) {
            if (notice.id() > lastQueuedId) {
                lastQueuedId = notice.id();
                outbox.addLast(notice);
            }
        }
    }

    private final ActivityStore store;
    private final RetryPolicy retryPolicy;
    private final RandomGenerator random;
    private final LongSupplier wallClockMs;
    private final Consumer<Runnable> lane;
    private final Map<String, Online> online = new HashMap<>();
    private final PriorityQueue<Retry> retries = new PriorityQueue<>((a, b) -> Long.compare(a.atMs(), b.atMs()));
    private final Map<String, Long> deliveredThrough = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    /**
     * @param store       where the backlog is read from
     * @param retryPolicy backoff between attempts
     * @param random      jitter
     * @param wallClockMs epoch milliseconds
     * @param lane        runs a completion on the lane (its command queue)
     */
    NoticeDelivery(ActivityStore store, RetryPolicy retryPolicy, RandomGenerator random, LongSupplier wallClockMs,
                   Consumer<Runnable> lane) {
        this.store = store;
        this.retryPolicy = retryPolicy;
        this.random = random;
        this.wallClockMs = wallClockMs;
        this.lane = lane;
    }

    /** The player is online on this sink: the stored backlog goes first, then new notices as they are saved. */
    void online(String player, ActivitySink sink) {
        Online entry = new Online(sink);
        online.put(player, entry);
        redeliver(player, entry);
    }

    /** The sink closed; a newer sink of the same player stays. */
    void offline(String player, ActivitySink sink) {
        Online entry = online.get(player);
        if (entry != null && entry.sink == sink) {
            online.remove(player);
        }
    }

    /** @param saved notices just made durable, in id order; those of online players are queued and sent */
    void send(List<Notice> saved) {
        for (Notice notice : saved) {
            Online entry = online.get(notice.player());
            if (entry != null && !entry.reload) {
                entry.enqueue(notice);
                pump(entry);
            }
        }
    }

    /** @param nowMs the lane's clock: retries due by then are attempted */
    void retryDue(long nowMs) {
        while (!retries.isEmpty() && retries.peek().atMs() <= nowMs) {
            Retry retry = retries.poll();
            Online entry = online.get(retry.player());
            if (entry != null && entry.sink == retry.sink()) {
                entry.waitingForRetry = false;
                if (entry.reload) {
                    redeliver(retry.player(), entry);
                } else {
                    pump(entry);
                }
            }
        }
    }

    /** @return the earliest pending retry, epoch ms, or {@link Long#MAX_VALUE} when none */
    long nextRetryMs() {
        Retry next = retries.peek();
        return next == null ? Long.MAX_VALUE : next.atMs();
    }

    /** @return player to the highest notice id written since the last save; the lane saves then clears it */
    Map<String, Long> deliveredThrough() {
        return deliveredThrough;
    }

    /** @return notices written to a connection; any thread */
    long delivered() {
        return delivered.get();
    }

    /** @return deliveries retried; any thread */
    long retries() {
        return retried.get();
    }

    /** Sends the head of the outbox unless a write is in flight or a retry is pending. */
    private void pump(Online entry) {
        if (entry.sending || entry.waitingForRetry || entry.outbox.isEmpty()) {
            return;
        }
        entry.sending = true;
        Notice notice = entry.outbox.peekFirst();
        CompletableFuture<Void> written;
        try {
            written = entry.sink.send(notice).toCompletableFuture();
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ok, error) -> lane.accept(() -> onSent(notice, entry, error)));
    }

    private void onSent(Notice notice, Online entry, Throwable error) {
        entry.sending = false;
        if (error == null) {
            delivered.incrementAndGet();
            entry.failures = 0;
            entry.outbox.pollFirst();
            deliveredThrough.merge(notice.player(), notice.id(), Math::max);
            pump(entry);
            return;
        }
        if (online.get(notice.player()) != entry) {
            return;
        }
        LOG.debug("activities: delivery of notice {} to {} failed: {}", notice.id(), notice.player(), error.toString());
        scheduleRetry(notice.player(), entry);
    }

    private void scheduleRetry(String player, Online entry) {
        retried.incrementAndGet();
        entry.waitingForRetry = true;
        long atMs = wallClockMs.getAsLong() + retryPolicy.delayNs(Math.min(entry.failures++, 30), random) / 1_000_000 + 1;
        retries.add(new Retry(atMs, player, entry.sink));
    }

    /** Queues a player's stored undelivered notices, oldest first, ahead of anything newer (login, reload). */
    private void redeliver(String player, Online entry) {
        try {
            List<Notice> backlog = store.undelivered(player, BACKLOG);
            entry.reload = false;
            ArrayDeque<Notice> newer = new ArrayDeque<>(entry.outbox);
            entry.outbox.clear();
            entry.lastQueuedId = 0;
            backlog.forEach(entry::enqueue);
            newer.forEach(entry::enqueue);
            pump(entry);
        } catch (ActivityStoreException e) {
            LOG.warn("activities: cannot read {}'s undelivered notices: {}", player, e.getMessage());
            entry.reload = true;
            scheduleRetry(player, entry);
        }
    }
}
