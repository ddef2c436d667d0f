package dev.ludus.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerStore} must do, checked through the {@link LedgerService} on top of it.
 * Subclasses provide a fresh, empty store per test.
 */
public abstract class LedgerStoreContract {
    protected LedgerStore store;
    protected LedgerService ledger;

    /** @return a new, empty store */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void openLedger() {
        store = newStore();
        ledger = new LedgerService(store, new TestCatalogue(), LedgerService.Settings.DEFAULT, LedgerListener.NONE);
        ledger.start();
        ledger.registerPlayer("alice").join();
        ledger.registerPlayer("bob").join();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
        store.close();
    }

    protected static LedgerError errorOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LedgerException le) {
                return le.error();
            }
            throw e;
        }
        throw new AssertionError("expected a refusal, got " + future.join());
    }

    @Test
    void shouldCreditGemsAndRecordRevenueOnPurchase() {
        Receipt receipt = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(receipt.replayed()).isFalse();
        assertThat(receipt.seq()).isEqualTo(1);
        assertThat(ledger.balances("alice").join()).containsExactlyEntriesOf(Map.of("GEM", 100L));
        assertThat(store.balances(Account.REVENUE)).containsEntry("USD", 199L);
        assertThat(LedgerAudit.run(store).ok()).isTrue();
    }

    @Test
    void shouldReturnTheOriginalReceiptForARepeatedKey() {
        Receipt first = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        Receipt again = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(again.replayed()).isTrue();
        assertThat(again.transactionId()).isEqualTo(first.transactionId());
        assertThat(again.postings()).isEqualTo(first.postings());
        assertThat(ledger.balances("alice").join()).containsEntry("GEM", 100L);
    }

    @Test
    void shouldRefuseAKeyReusedWithADifferentRequest() {
        ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(errorOf(ledger.purchase("k1", "bob", "gems_100", PaymentPath.PAYMENT_PROVIDER)))
            .isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);
        assertThat(errorOf(ledger.reward("k1", "alice", "quest:wolves", List.of(new Grant(Asset.GOLD, 5)))))
            .isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);
        assertThat(ledger.balances("bob").join()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownPlayerAndApplyNothing() {
        assertThat(errorOf(ledger.purchase("k1", "carol", "gems_100", PaymentPath.PAYMENT_PROVIDER)))
            .isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(errorOf(ledger.balances("carol"))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(store.head().seq()).isZero();
    }

    @Test
    void shouldSpendGemsOnItemsAndRefuseWhenTheyDoNotCover() {
        ledger.reward("r1", "alice", "quest:wolves", List.of(new Grant(Asset.GEM, 60), new Grant(Asset.GOLD, 50))).join();
        ledger.purchase("b1", "alice", "sword_skin", PaymentPath.PREMIUM_CURRENCY).join();
        assertThat(errorOf(ledger.purchase("b2", "alice", "sword_skin", PaymentPath.PREMIUM_CURRENCY)))
            .isEqualTo(LedgerError.INSUFFICIENT_FUNDS);
        assertThat(ledger.balances("alice").join()).containsExactlyInAnyOrderEntriesOf(
            Map.of("GEM", 10L, "GOLD", 50L, "sword_skin", 1L));
        assertThat(store.balances(Account.SINK)).containsEntry("GEM", 50L);
        LedgerAudit.Report report = LedgerAudit.run(store);
        assertThat(report.violation()).isEmpty();
        assertThat(report.entries()).isEqualTo(2);
    }

    @Test
    void shouldNeverOverdrawAnAccountUnderConcurrentPurchases() {
        ledger.reward("r1", "alice", "seed", List.of(new Grant(Asset.GEM, 500))).join();
        List<CompletableFuture<Receipt>> buys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            buys.add(ledger.purchase("buy-" + i, "alice", "sword_skin", PaymentPath.PREMIUM_CURRENCY));
        }
        long committed = buys.stream().filter(f -> {
            try {
                f.join();
                return true;
            } catch (CompletionException e) {
                assertThat(((LedgerException) e.getCause()).error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS);
                return false;
            }
        }).count();
        assertThat(committed).isEqualTo(10);
        assertThat(ledger.balances("alice").join()).containsEntry("sword_skin", 10L).doesNotContainKey("GEM");
        assertThat(LedgerAudit.run(store).ok()).isTrue();
    }

    @Test
    void shouldRefuseABalanceBeyondTheCap() {
        ledger.reward("r1", "alice", "big", List.of(new Grant(Asset.GOLD, Transaction.MAX_AMOUNT))).join();
        assertThat(errorOf(ledger.reward("r2", "alice", "big", List.of(new Grant(Asset.GOLD, 1)))))
            .isEqualTo(LedgerError.AMOUNT_OVERFLOW);
        assertThat(ledger.balances("alice").join()).containsEntry("GOLD", Transaction.MAX_AMOUNT);
    }

    @Test
    void shouldChainEveryEntryToThePreviousOne() {
        for (int i = 0; i < 5; i++) {
            ledger.purchase("k" + i, i % 2 == 0 ? "alice" : "bob", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        }
        List<JournalEntry> entries = new ArrayList<>();
        store.forEachEntry(entries::add);
        assertThat(entries).hasSize(5);
        assertThat(entries.getFirst().prevHash()).isEqualTo(JournalEntry.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
            assertThat(entries.get(i).expectedHash()).isEqualTo(entries.get(i).hash());
        }
        assertThat(store.head()).isEqualTo(new LedgerStore.Head(5, entries.getLast().hash()));
        assertThat(store.allBalances()).containsEntry(Account.player("bob", Asset.GEM), 200L);
    }

    @Test
    void shouldKeepARegisteredPlayerOnce() {
        ledger.registerPlayer("alice").join();
        assertThat(store.playerExists("alice")).isTrue();
        assertThat(store.playerExists("nobody")).isFalse();
    }

    @Test
    void shouldAnswerEachTransactionOfABatchOnItsOwn() {
        ledger.reward("seed", "alice", "seed", List.of(new Grant(Asset.GEM, 50))).join();
        Transaction buy = transaction("t1", "alice", Asset.GEM, 50);
        Transaction overdraw = transaction("t2", "alice", Asset.GEM, 50);
        Transaction ghost = transaction("t3", "ghost", Asset.GEM, 1);
        Transaction repeat = transaction("t1", "alice", Asset.GEM, 50);
        List<LedgerStore.Outcome> outcomes = store.commit(List.of(buy, overdraw, ghost, repeat));
        assertThat(outcomes.get(0)).isInstanceOf(LedgerStore.Outcome.Committed.class);
        assertThat(outcomes.get(1)).isEqualTo(refusedWith(outcomes.get(1), LedgerError.INSUFFICIENT_FUNDS));
        assertThat(outcomes.get(2)).isEqualTo(refusedWith(outcomes.get(2), LedgerError.UNKNOWN_PLAYER));
        assertThat(((LedgerStore.Outcome.Committed) outcomes.get(3)).receipt().replayed()).isTrue();
        assertThat(LedgerAudit.run(store).ok()).isTrue();
    }

    private static LedgerStore.Outcome refusedWith(LedgerStore.Outcome outcome, LedgerError error) {
        assertThat(outcome).isInstanceOf(LedgerStore.Outcome.Refused.class);
        assertThat(((LedgerStore.Outcome.Refused) outcome).error()).isEqualTo(error);
        return outcome;
    }

    /** A transaction moving {@code amount} from the player to the sink, keyed {@code key}. */
    protected static Transaction transaction(String key, String player, Asset asset, long amount) {
        return new Transaction("id-" + key, new IdempotencyKey(key), JournalEntry.sha256Hex(key + player + amount),
            "purchase", player, "test", 1_700_000_000_000L, List.of(new Posting(Account.player(player, asset), -amount),
                new Posting(new Account(Account.SINK, asset), amount)));
    }
}
