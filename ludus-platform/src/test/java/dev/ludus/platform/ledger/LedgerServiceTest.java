package dev.ludus.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerServiceTest {
    private final List<Long> sleeps = new ArrayList<>();
    private final Counting listener = new Counting();
    private LedgerService ledger;

    /** A store that fails its next {@code failures} commits, like a database that is down for a while. */
    private static final class FlakyStore implements LedgerStore {
        final InMemoryLedgerStore delegate = new InMemoryLedgerStore();
        int failures;
        boolean readsFail;

        @Override
        public List<Outcome> commit(List<Transaction> batch) {
            if (failures > 0) {
                failures--;
                throw new LedgerStoreException("connection refused", null);
            }
            return delegate.commit(batch);
        }

        @Override
        public void registerPlayer(String player) {
            delegate.registerPlayer(player);
        }

        @Override
        public boolean playerExists(String player) {
            if (readsFail) {
                throw new LedgerStoreException("connection refused", null);
            }
            return delegate.playerExists(player);
        }

        @Override
        public Map<String, Long> balances(String holder) {
            return delegate.balances(holder);
        }

        @Override
        public void forEachEntry(Consumer<JournalEntry> visitor) {
            delegate.forEachEntry(visitor);
        }

        @Override
        public Head head() {
            return delegate.head();
        }

        @Override
        public Map<Account, Long> allBalances() {
            return delegate.allBalances();
        }

        @Override
        public void close() {
        }
    }

    private static final class Counting implements LedgerListener {
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final List<LedgerError> refused = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onCommitted(String kind, long latencyNs, boolean replay) {
            committed.incrementAndGet();
            if (replay) {
                replayed.incrementAndGet();
            }
        }

        @Override
        public void onRefused(LedgerError error) {
            refused.add(error);
        }

        @Override
        public void onRetry() {
            retries.incrementAndGet();
        }
    }

    private LedgerService start(LedgerStore store, LedgerService.Settings settings) {
        ledger = new LedgerService(store, new TestCatalogue(), settings, listener, () -> 1_700_000_000_000L, System::nanoTime,
            RandomGenerator.of("L64X128MixRandom"), sleeps::add);
        ledger.start();
        store.registerPlayer("alice");
        return ledger;
    }

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }

    private static LedgerError errorOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ((LedgerException) e.getCause()).error();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void shouldTreatPlayerNamesCaseInsensitivelyAsTheWorldDoes() {
        start(new InMemoryLedgerStore(), LedgerService.Settings.DEFAULT);
        ledger.registerPlayer("Bob").join();
        // Bob logged in as "Bob" once and as "BOB" the next day: one player, one account.
        Receipt bought = ledger.purchase("k1", "BOB", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(bought.player()).isEqualTo("bob");
        assertThat(ledger.purchase("k1", "bob", "gems_100", PaymentPath.PAYMENT_PROVIDER).join().replayed())
            .as("the same request under another case is the same request").isTrue();
        ledger.reward("k2", "Bob", "quest", List.of(new Grant(Asset.parse("GOLD"), 5))).join();
        assertThat(ledger.balances("bOb").join()).isEqualTo(ledger.balances("bob").join()).containsEntry("GOLD", 5L);
    }

    @Test
    void shouldRefuseBadInputBeforeTheLane() {
        start(new InMemoryLedgerStore(), LedgerService.Settings.DEFAULT);
        PaymentPath money = PaymentPath.PAYMENT_PROVIDER;
        assertThat(errorOf(ledger.purchase(null, "alice", "gems_100", money))).isEqualTo(LedgerError.MISSING_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.purchase("", "alice", "gems_100", money))).isEqualTo(LedgerError.MISSING_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.purchase("bad key!", "alice", "gems_100", money))).isEqualTo(LedgerError.INVALID_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.purchase("x".repeat(129), "alice", "gems_100", money))).isEqualTo(LedgerError.INVALID_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.purchase("k", "alice", "gems_999", money))).isEqualTo(LedgerError.UNKNOWN_SKU);
        assertThat(errorOf(ledger.purchase("k", "alice", null, money))).isEqualTo(LedgerError.UNKNOWN_SKU);
        assertThat(errorOf(ledger.purchase("k", "alice", "sword_skin", money))).isEqualTo(LedgerError.UNKNOWN_SKU);
        assertThat(errorOf(ledger.purchase("k", "alice", "gems_100", PaymentPath.PREMIUM_CURRENCY))).isEqualTo(LedgerError.UNKNOWN_SKU);
        assertThat(errorOf(ledger.purchase("k", "no one", "gems_100", money))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(errorOf(ledger.purchase("k", null, "gems_100", money))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        List<Grant> gold = List.of(new Grant(Asset.GOLD, 1));
        assertThat(errorOf(ledger.reward("k", "alice", "", gold))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.reward("k", "alice", null, gold))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.reward("k", "alice", "r", List.of()))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.reward("k", "alice", "r", null))).isEqualTo(LedgerError.INVALID_REQUEST);
        List<Grant> many = java.util.Collections.nCopies(LedgerService.MAX_GRANTS + 1, new Grant(Asset.GOLD, 1));
        assertThat(errorOf(ledger.reward("k", "alice", "r", many))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.reward("k", "alice", "r", List.of(new Grant(Asset.item("dragon"), 1)))))
            .isEqualTo(LedgerError.UNKNOWN_ASSET);
        assertThat(errorOf(ledger.reward("k", "alice", "r", List.of(new Grant(Asset.money("USD"), 1)))))
            .isEqualTo(LedgerError.UNKNOWN_ASSET);
        assertThat(errorOf(ledger.reward("k", "alice", "r", List.of(new Grant(Asset.GOLD, Transaction.MAX_AMOUNT),
            new Grant(Asset.GOLD, Transaction.MAX_AMOUNT))))).isEqualTo(LedgerError.AMOUNT_OVERFLOW);
        assertThat(errorOf(ledger.balances("bad name"))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(errorOf(ledger.registerPlayer(""))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(listener.refused).hasSize(18);
        assertThat(ledger.queueDepth()).isZero();
    }

    @Test
    void shouldRefuseNegativeZeroAndOverflowingAmounts() {
        assertThatThrownBy(() -> new Grant(Asset.GOLD, -5)).isInstanceOfSatisfying(LedgerException.class,
            e -> assertThat(e.error()).isEqualTo(LedgerError.INVALID_AMOUNT));
        assertThatThrownBy(() -> new Grant(Asset.GOLD, 0)).isInstanceOfSatisfying(LedgerException.class,
            e -> assertThat(e.error()).isEqualTo(LedgerError.INVALID_AMOUNT));
        assertThatThrownBy(() -> new Grant(Asset.GOLD, Long.MAX_VALUE)).isInstanceOfSatisfying(LedgerException.class,
            e -> assertThat(e.error()).isEqualTo(LedgerError.AMOUNT_OVERFLOW));
    }

    @Test
    void shouldRetryTransientFailuresWithJitteredBackoffAndApplyOnce() {
        FlakyStore store = new FlakyStore();
        store.failures = 3;
        start(store, LedgerService.Settings.DEFAULT);
        Receipt receipt = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(receipt.seq()).isEqualTo(1);
        assertThat(listener.retries.get()).isEqualTo(3);
        assertThat(sleeps).hasSize(3);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isBetween(0L, RetryPolicy.DEFAULT.baseDelayNs() << i);
        }
        assertThat(store.balances("player:alice")).containsEntry("GEM", 100L);
    }

    @Test
    void shouldRefuseWith503AfterTheLastRetryAndApplyNothing() {
        FlakyStore store = new FlakyStore();
        store.failures = 100;
        start(store, new LedgerService.Settings(8, 100, new RetryPolicy(4, 1_000, 10_000)));
        assertThat(errorOf(ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER)))
            .isEqualTo(LedgerError.STORE_UNAVAILABLE);
        assertThat(sleeps).hasSize(3);
        assertThat(store.head().seq()).isZero();
        assertThat(LedgerError.STORE_UNAVAILABLE.httpStatus()).isEqualTo(503);
        // The database is back: the client's retry with the same key applies it once.
        store.failures = 0;
        ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(store.balances("player:alice")).containsEntry("GEM", 100L);
        assertThat(listener.replayed.get()).isEqualTo(1);
    }

    @Test
    void shouldAnswer503WhenReadsFail() {
        FlakyStore store = new FlakyStore();
        start(store, LedgerService.Settings.DEFAULT);
        store.readsFail = true;
        assertThat(errorOf(ledger.balances("alice"))).isEqualTo(LedgerError.STORE_UNAVAILABLE);
    }

    @Test
    void shouldRefuseWhenNotRunning() {
        ledger = new LedgerService(new InMemoryLedgerStore(), new TestCatalogue(), LedgerService.Settings.DEFAULT,
            LedgerListener.NONE);
        assertThat(errorOf(ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER)))
            .isEqualTo(LedgerError.STORE_UNAVAILABLE);
        ledger.close();
        assertThat(errorOf(ledger.balances("alice"))).isEqualTo(LedgerError.STORE_UNAVAILABLE);
        ledger = null;
    }

    @Test
    void shouldValidateSettingsAndPolicies() {
        assertThatThrownBy(() -> new LedgerService.Settings(0, 1, RetryPolicy.DEFAULT)).hasMessageContaining("batchMax : 0");
        assertThatThrownBy(() -> new LedgerService.Settings(1, 0, RetryPolicy.DEFAULT)).hasMessageContaining("queueCapacity : 0");
        assertThatThrownBy(() -> new RetryPolicy(0, 1, 1)).hasMessageContaining("maxAttempts : 0");
        assertThatThrownBy(() -> new RetryPolicy(1, 0, 1)).hasMessageContaining("baseDelayNs : 0");
        assertThatThrownBy(() -> new RetryPolicy(1, 2, 1)).hasMessageContaining("maxDelayNs : 1");
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        RetryPolicy policy = new RetryPolicy(10, 1_000, 50_000);
        for (int retry = 0; retry < 100; retry++) {
            assertThat(policy.delayNs(retry, random)).isBetween(0L, Math.min(50_000L, retry > 20 ? 50_000L : 1_000L << retry));
        }
    }

    @Test
    void shouldCheckTheDomainsRules() {
        assertThatThrownBy(() -> new Asset("gem", Asset.Kind.PREMIUM)).hasMessageContaining("asset : \"gem\"");
        assertThatThrownBy(() -> Asset.item("Sword")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Asset.parse("GEM")).isEqualTo(Asset.GEM);
        assertThat(Asset.parse("GOLD")).isEqualTo(Asset.GOLD);
        assertThat(Asset.parse("EUR").kind()).isEqualTo(Asset.Kind.MONEY);
        assertThat(Asset.parse("wood").kind()).isEqualTo(Asset.Kind.ITEM);
        assertThatThrownBy(() -> new Account("bank", Asset.GEM)).hasMessageContaining("holder : \"bank\"");
        assertThat(Account.player("alice", Asset.GEM).mayGoNegative()).isFalse();
        assertThat(new Account(Account.REVENUE, Asset.GEM).mayGoNegative()).isTrue();
        assertThat(Account.player("alice", Asset.GEM)).hasToString("player:alice/GEM");
        assertThatThrownBy(() -> new Posting(Account.player("a", Asset.GEM), 0)).hasMessageContaining("posting.amount : 0");
        Account a = Account.player("a", Asset.GEM);
        Account sink = new Account(Account.SINK, Asset.GEM);
        assertThatThrownBy(() -> new Transaction("t", new IdempotencyKey("k"), "f", "purchase", "a", "d", 0,
            List.of(new Posting(a, 5), new Posting(sink, -4)))).hasMessageContaining("GEM sums to 1");
        assertThatThrownBy(() -> new Transaction("t", new IdempotencyKey("k"), "f", "purchase", "a", "d", 0, List.of()))
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> new Transaction("t", new IdempotencyKey("k"), "f", "purchase", "a", "d", 0,
            List.of(new Posting(a, Long.MAX_VALUE / 2), new Posting(sink, -Long.MAX_VALUE / 2))))
            .hasMessageContaining("expected: |amount| <=");
        Transaction merged = new Transaction("t", new IdempotencyKey("k"), "f", "purchase", "a", "d", 0,
            List.of(new Posting(sink, -3), new Posting(a, 2), new Posting(a, 1), new Posting(sink, 3), new Posting(sink, -3)));
        assertThat(merged.postings()).containsExactly(new Posting(a, 3), new Posting(sink, -3));
        assertThatThrownBy(() -> new Offer("Bad", new Grant(Asset.GEM, 1), List.of(new Grant(Asset.GOLD, 1))))
            .hasMessageContaining("sku : \"Bad\"");
        assertThatThrownBy(() -> new Offer("ok", new Grant(Asset.GOLD, 1), List.of(new Grant(Asset.GEM, 1))))
            .hasMessageContaining("price : GOLD");
        assertThatThrownBy(() -> new Offer("ok", new Grant(Asset.GEM, 1), List.of())).hasMessageContaining("grants : empty");
        assertThat(new LedgerException(LedgerError.IDEMPOTENCY_CONFLICT, "x").error().code()).isEqualTo("idempotency_conflict");
        assertThat(LedgerError.IDEMPOTENCY_CONFLICT.httpStatus()).isEqualTo(409);
        assertThat(new IdempotencyKey("abc")).hasToString("abc");
    }
}
