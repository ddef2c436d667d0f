package dev.ludus.platform.ledger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's service: validates requests, prices them from the {@link Catalogue}, and commits them
 * on a lane of its own.
 *
 * <p>The lane is one platform thread draining a bounded queue; each turn it takes up to
 * {@code batchMax} waiting transactions and commits them together (group commit: one durable write
 * for many), so throughput grows with load while every transaction keeps its own outcome. Load
 * shedding elsewhere in the server never touches this queue. A transient store failure is retried
 * for the whole batch with {@link RetryPolicy} (nothing of a failed attempt was applied); when the
 * retries are exhausted every transaction of the batch is refused with
 * {@link LedgerError#STORE_UNAVAILABLE}, and the caller retries with the same keys.
 *
 * <p>Reads ({@link #balances}, {@link #registerPlayer}) run on virtual threads, never on the lane.
 * Thread-safe; {@link #start()} once, {@link #close()} once.
 */
public final class LedgerService implements Ledger, AutoCloseable {
    /** Most grants in one reward. */
    public static final int MAX_GRANTS = 16;
    /** Most credits in one settlement ({@link #rewardBatch}). */
    public static final int MAX_CREDITS = 5_000;
    /**
     * Most work in one database transaction of the lane, counted as one per transaction plus one per
     * settlement credit: a turn stops taking transactions once it reaches this (a settlement is never split).
     */
    public static final int MAX_BATCH_WEIGHT = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Sleeps between retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param nanos how long
         * @throws InterruptedException when interrupted
         */
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /**
     * @param batchMax      most transactions committed together, {@code >= 1}
     * @param queueCapacity most transactions waiting for the lane, {@code >= 1}; beyond it requests are
     *                      refused with {@link LedgerError#STORE_UNAVAILABLE} (503, retry later)
     * @param retry         the retry policy for transient store failures
     */
    public record Settings(int batchMax, int queueCapacity, RetryPolicy retry) {
        /** 256 per batch, 65 536 waiting, {@link RetryPolicy#DEFAULT}. */
        public static final Settings DEFAULT = new Settings(256, 65_536, RetryPolicy.DEFAULT);

        /** @throws IllegalArgumentException when a value is out of range */
        public Settings {
            if (batchMax < 1) {
                throw new IllegalArgumentException("batchMax : " + batchMax + " (expected: >= 1)");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity : " + queueCapacity + " (expected: >= 1)");
            }
            Objects.requireNonNull(retry, "retry");
        }
    }

    private record Pending(Transaction transaction, CompletableFuture<Receipt> result, long enqueuedNs) { }

    private final LedgerStore store;
    private final Catalogue catalogue;
    private final Settings settings;
    private final LedgerListener listener;
    private final LongSupplier wallClockMs;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final BlockingQueue<Pending> queue;
    private final ExecutorService readers = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("ludus-ledger-read-", 0).factory());
    private final Thread lane;
    private volatile boolean running;

    /**
     * A service on the system clocks, sleeping for real between retries.
     *
     * @param store     where transactions go
     * @param catalogue what is sold
     * @param settings  lane settings
     * @param listener  metrics
     */
    public LedgerService(LedgerStore store, Catalogue catalogue, Settings settings, LedgerListener listener) {
        this(store, catalogue, settings, listener, System::currentTimeMillis, System::nanoTime, RandomGenerator.getDefault(),
            nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /**
     * @param store       where transactions go
     * @param catalogue   what is sold
     * @param settings    lane settings
     * @param listener    metrics
     * @param wallClockMs milliseconds since the epoch, stamped on each transaction
     * @param nanoClock   monotonic nanoseconds, for latencies
     * @param random      jitter source
     * @param sleeper     waits between retries
     */
    public LedgerService(LedgerStore store, Catalogue catalogue, Settings settings, LedgerListener listener,
                         LongSupplier wallClockMs, LongSupplier nanoClock, RandomGenerator random, Sleeper sleeper) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wallClockMs = Objects.requireNonNull(wallClockMs, "wallClockMs");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.lane = Thread.ofPlatform().name("ludus-ledger").unstarted(this::runLane);
    }

    /** Starts the lane. */
    public void start() {
        running = true;
        lane.start();
    }

    /** @return transactions waiting for the lane */
    public int queueDepth() {
        return queue.size();
    }

    @Override
    public CompletableFuture<Receipt> purchase(String key, String player, String sku, PaymentPath path) {
        try {
            IdempotencyKey idempotencyKey = new IdempotencyKey(key);
            player = playerKey(player);
            Objects.requireNonNull(path, "path");
            Offer offer = sku == null ? null : catalogue.offer(sku).orElse(null);
            if (offer == null || offer.paidWithMoney() != (path == PaymentPath.PAYMENT_PROVIDER)) {
                throw new LedgerException(LedgerError.UNKNOWN_SKU, "sku : \"" + clip(sku) + "\" (expected: a SKU of the catalogue sold "
                    + (path == PaymentPath.PAYMENT_PROVIDER ? "for real money" : "for GEM") + ")");
            }
            List<Posting> postings = new ArrayList<>();
            Asset priceAsset = offer.price().asset();
            long price = offer.price().amount();
            if (offer.paidWithMoney()) {
                postings.add(new Posting(new Account(Account.PAYMENTS, priceAsset), -price));
                postings.add(new Posting(new Account(Account.REVENUE, priceAsset), price));
            } else {
                postings.add(new Posting(Account.player(player, priceAsset), -price));
                postings.add(new Posting(new Account(Account.SINK, priceAsset), price));
            }
            for (Grant grant : offer.grants()) {
                postings.add(new Posting(Account.player(player, grant.asset()), grant.amount()));
                postings.add(new Posting(new Account(Account.ISSUED, grant.asset()), -grant.amount()));
            }
            String fingerprint = JournalEntry.sha256Hex("purchase\n" + player + "\n" + offer.sku());
            return enqueue(new Transaction(UUID.randomUUID().toString(), idempotencyKey, fingerprint, "purchase", player,
                offer.sku(), wallClockMs.getAsLong(), postings));
        } catch (LedgerException e) {
            listener.onRefused(e.error());
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Receipt> reward(String key, String player, String reason, List<Grant> grants) {
        try {
            IdempotencyKey idempotencyKey = new IdempotencyKey(key);
            JournalEntry.Item item = item(idempotencyKey, player, reason, grants);
            Transaction transaction;
            try {
                transaction = new Transaction(UUID.randomUUID().toString(), idempotencyKey, item.fingerprint(), "reward", item.player(),
                    reason, wallClockMs.getAsLong(), item.postings());
            } catch (IllegalArgumentException | ArithmeticException e) {
                // Repeated grants of one asset summing beyond the cap.
                throw new LedgerException(LedgerError.AMOUNT_OVERFLOW, e.getMessage());
            }
            return enqueue(transaction);
        } catch (LedgerException e) {
            listener.onRefused(e.error());
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Validated here, before the lane, in request order (the first fault is the answer); then the
     * settlement is one {@link Transaction#SETTLEMENT} transaction on the lane, group-committed with
     * others up to a total of {@value #MAX_BATCH_WEIGHT} transactions and credits per database transaction.
     */
    @Override
    public CompletableFuture<Receipt> rewardBatch(String key, List<Credit> credits) {
        try {
            IdempotencyKey idempotencyKey = new IdempotencyKey(key);
            if (credits == null || credits.isEmpty() || credits.size() > MAX_CREDITS) {
                throw new LedgerException(LedgerError.INVALID_REQUEST, "credits : " + (credits == null ? "missing" : credits.size())
                    + " (expected: 1 to " + MAX_CREDITS + " credits)");
            }
            Set<String> keys = new HashSet<>(credits.size() * 2);
            keys.add(idempotencyKey.value());
            List<JournalEntry.Item> items = new ArrayList<>(credits.size());
            StringBuilder canonical = new StringBuilder(credits.size() * 100).append(Transaction.SETTLEMENT).append('\n');
            for (int i = 0; i < credits.size(); i++) {
                Credit credit = credits.get(i);
                if (credit == null) {
                    throw new LedgerException(LedgerError.INVALID_REQUEST, "credits[" + i + "] : null (expected: a credit)");
                }
                IdempotencyKey creditKey = new IdempotencyKey(credit.key());
                if (!keys.add(creditKey.value())) {
                    throw new LedgerException(LedgerError.DUPLICATE_CREDIT, "credits[" + i + "].key : \"" + creditKey
                        + "\" (expected: each credit key once per settlement, and not the settlement's own key)");
                }
                JournalEntry.Item item = item(creditKey, credit.player(), credit.reason(), credit.grants());
                items.add(item);
                canonical.append(item.key()).append('|').append(item.fingerprint()).append('\n');
            }
            Transaction transaction;
            try {
                transaction = Transaction.settlement(UUID.randomUUID().toString(), idempotencyKey,
                    JournalEntry.sha256Hex(canonical.toString()), wallClockMs.getAsLong(), items);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new LedgerException(LedgerError.AMOUNT_OVERFLOW, "credits : " + e.getMessage());
            }
            return enqueue(transaction);
        } catch (LedgerException e) {
            listener.onRefused(e.error());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Validates one reward (alone or in a settlement) and returns it in its stored form. */
    private JournalEntry.Item item(IdempotencyKey key, String player, String reason, List<Grant> grants) {
        player = playerKey(player);
        if (!Names.matches(reason, 64, "_:.-")) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, "reason : \"" + clip(reason)
                + "\" (expected: 1-64 characters of A-Z a-z 0-9 _ : . -)");
        }
        if (grants == null || grants.isEmpty() || grants.size() > MAX_GRANTS) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, "grants : " + (grants == null ? "missing" : grants.size())
                + " (expected: 1 to " + MAX_GRANTS + " grants)");
        }
        StringBuilder text = new StringBuilder(32 * grants.size());
        for (Grant grant : grants) {
            if (grant == null) {
                throw new LedgerException(LedgerError.INVALID_REQUEST, "grants : a null grant (expected: asset and amount)");
            }
            if (grant.asset().kind() == Asset.Kind.MONEY || !catalogue.knowsAsset(grant.asset().code())) {
                throw new LedgerException(LedgerError.UNKNOWN_ASSET, "asset : \"" + grant.asset().code()
                    + "\" (expected: GEM, GOLD or an item of the game)");
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(grant.asset().code()).append('|').append(grant.amount());
        }
        return new JournalEntry.Item(key.value(), player, reason, text.toString());
    }

    @Override
    public CompletableFuture<Map<String, Long>> balances(String player) {
        String account;
        try {
            account = playerKey(player);
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read(() -> {
            if (!store.playerExists(account)) {
                throw unknownPlayer(account);
            }
            return store.balances("player:" + account);
        });
    }

    @Override
    public CompletableFuture<Void> registerPlayer(String player) {
        String account;
        try {
            account = playerKey(player);
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read(() -> {
            store.registerPlayer(account);
            return null;
        });
    }

    private <T> CompletableFuture<T> read(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (LedgerException e) {
                    result.completeExceptionally(e);
                } catch (Exception e) {
                    result.completeExceptionally(new LedgerException(LedgerError.STORE_UNAVAILABLE,
                        "the ledger's database is unavailable; retry later", e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new LedgerException(LedgerError.STORE_UNAVAILABLE, "the ledger is shutting down", e));
        }
        return result;
    }

    private CompletableFuture<Receipt> enqueue(Transaction transaction) {
        CompletableFuture<Receipt> result = new CompletableFuture<>();
        Pending pending = new Pending(transaction, result, nanoClock.getAsLong());
        if (!running || !queue.offer(pending)) {
            throw new LedgerException(LedgerError.STORE_UNAVAILABLE, running
                ? "the ledger's queue is full (" + settings.queueCapacity() + " waiting); retry later with the same key"
                : "the ledger is not running; retry later with the same key");
        }
        if (!running && queue.remove(pending)) {
            // Raced with close(): the lane and close()'s last drain may both have passed before this offer.
            throw new LedgerException(LedgerError.STORE_UNAVAILABLE, "the ledger is not running; retry later with the same key");
        }
        return result;
    }

    private void runLane() {
        List<Pending> batch = new ArrayList<>(settings.batchMax());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int weight = weight(first);
                Pending next;
                while (batch.size() < settings.batchMax() && weight < MAX_BATCH_WEIGHT && (next = queue.poll()) != null) {
                    batch.add(next);
                    weight += weight(next);
                }
                commit(batch);
            } catch (InterruptedException e) {
                fail(batch, "the ledger was interrupted; retry with the same key");
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("ledger: batch of {} failed unexpectedly", batch.size(), e);
                fail(batch, "the ledger failed unexpectedly; retry with the same key");
            } finally {
                batch.clear();
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, "the ledger stopped; retry with the same key");
    }

    private static int weight(Pending pending) {
        return 1 + pending.transaction().items().size();
    }

    private void commit(List<Pending> batch) throws InterruptedException {
        List<Transaction> transactions = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            transactions.add(pending.transaction());
        }
        List<LedgerStore.Outcome> outcomes = null;
        for (int attempt = 0; outcomes == null; attempt++) {
            try {
                outcomes = store.commit(transactions);
            } catch (LedgerStoreException e) {
                if (attempt + 1 >= settings.retry().maxAttempts()) {
                    LOG.warn("ledger: {} transactions refused after {} attempts: {}", batch.size(), attempt + 1, e.getMessage());
                    // Not "nothing was applied": the last attempt's commit may have gone through with its answer lost.
                    fail(batch, "the ledger's database is unavailable (" + e.getMessage() + "); the transaction is not "
                        + "confirmed: retry with the same key, which applies it at most once");
                    return;
                }
                listener.onRetry();
                sleeper.sleepNanos(settings.retry().delayNs(attempt, random));
            }
        }
        long nowNs = nanoClock.getAsLong();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            switch (outcomes.get(i)) {
                case LedgerStore.Outcome.Committed committed -> {
                    listener.onCommitted(pending.transaction().kind(), nowNs - pending.enqueuedNs(), committed.receipt().replayed());
                    pending.result().complete(committed.receipt());
                }
                case LedgerStore.Outcome.Refused refused -> {
                    listener.onRefused(refused.error());
                    pending.result().completeExceptionally(new LedgerException(refused.error(), refused.message()));
                }
            }
        }
    }

    private void fail(List<Pending> batch, String message) {
        for (Pending pending : batch) {
            listener.onRefused(LedgerError.STORE_UNAVAILABLE);
            pending.result().completeExceptionally(new LedgerException(LedgerError.STORE_UNAVAILABLE, message));
        }
    }

    /** @return the player's account name ({@link Account#canonicalName}: names are case-insensitive) */
    private static String playerKey(String player) {
        if (!Account.isPlayerName(player)) {
            throw new LedgerException(LedgerError.UNKNOWN_PLAYER, "player : \"" + clip(player)
                + "\" (expected: a registered player, 1-32 characters of A-Z a-z 0-9 _ -)");
        }
        return Account.canonicalName(player);
    }

    static LedgerException unknownPlayer(String player) {
        return new LedgerException(LedgerError.UNKNOWN_PLAYER, "player : \"" + player + "\" (expected: a registered player)");
    }

    private static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Stops taking requests, commits what is queued, stops the lane (waits up to 10 s). */
    @Override
    public void close() {
        running = false;
        try {
            lane.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lane.isAlive()) {
            // A request that raced with the stop: refused, never left waiting.
            List<Pending> left = new ArrayList<>();
            queue.drainTo(left);
            fail(left, "the ledger stopped; retry with the same key");
        }
        readers.shutdown();
    }
}
