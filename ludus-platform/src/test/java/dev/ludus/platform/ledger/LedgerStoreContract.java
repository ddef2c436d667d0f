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

    protected static Credit chop(String key, String player, long wood) {
        return new Credit(key, player, "activity:chop_wood", List.of(new Grant(Asset.item("wood"), wood)));
    }

    protected long headSeq() {
        return store.head().seq();
    }

    private List<String> creditedKeys() {
        List<String> keys = new ArrayList<>();
        store.forEachEntry(entry -> keys.addAll(entry.creditedKeys()));
        return keys;
    }

    @Test
    void shouldCreditASettlementInOneEntryAndReplayItsReceipt() {
        Receipt receipt = ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 67),
            new Credit("task:2", "bob", "activity:fight", List.of(new Grant(Asset.GOLD, 5), new Grant(Asset.item("wood"), 3))),
            chop("task:3", "alice", 1))).join();
        assertThat(receipt.kind()).isEqualTo(Transaction.SETTLEMENT);
        assertThat(receipt.seq()).isEqualTo(1);
        assertThat(receipt.replayed()).isFalse();
        assertThat(receipt.credits()).containsExactly(new Receipt.Credited("task:1", 1, false), new Receipt.Credited("task:2", 1, false),
            new Receipt.Credited("task:3", 1, false));
        // Double entry: the items' grants summed per account, the rewards account on the other side.
        assertThat(receipt.postings()).containsExactlyInAnyOrder(new Posting(Account.player("alice", Asset.item("wood")), 68),
            new Posting(Account.player("bob", Asset.GOLD), 5), new Posting(Account.player("bob", Asset.item("wood")), 3),
            new Posting(new Account(Account.REWARDS, Asset.GOLD), -5), new Posting(new Account(Account.REWARDS, Asset.item("wood")), -71));
        assertThat(ledger.balances("alice").join()).containsExactlyEntriesOf(Map.of("wood", 68L));
        assertThat(ledger.balances("bob").join()).containsExactlyInAnyOrderEntriesOf(Map.of("GOLD", 5L, "wood", 3L));
        assertThat(creditedKeys()).containsExactly("task:1", "task:2", "task:3");

        Receipt again = ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 67),
            new Credit("task:2", "bob", "activity:fight", List.of(new Grant(Asset.GOLD, 5), new Grant(Asset.item("wood"), 3))),
            chop("task:3", "alice", 1))).join();
        assertThat(again.replayed()).isTrue();
        assertThat(again.transactionId()).isEqualTo(receipt.transactionId());
        assertThat(again.postings()).containsExactlyInAnyOrderElementsOf(receipt.postings());
        assertThat(again.credits()).extracting(Receipt.Credited::seq, Receipt.Credited::replayed).containsOnly(
            org.assertj.core.groups.Tuple.tuple(1L, true));
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 67))))).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);
        assertThat(ledger.balances("alice").join()).containsExactlyEntriesOf(Map.of("wood", 68L));
        assertThat(headSeq()).isEqualTo(1);
        LedgerAudit.Report audit = LedgerAudit.run(store);
        assertThat(audit.violation()).isEmpty();
        assertThat(audit.entries()).isEqualTo(1);
    }

    @Test
    void shouldCreditEachKeyOnceAcrossSettlementsAndSingleRewards() {
        Receipt alone = ledger.reward("task:0", "alice", "activity:chop_wood", List.of(new Grant(Asset.item("wood"), 2))).join();
        // A crash after a credit and a retry in another settlement: the task already credited is not credited again.
        Receipt first = ledger.rewardBatch("s1", List.of(chop("task:0", "alice", 2), chop("task:1", "alice", 10))).join();
        assertThat(first.credits()).containsExactly(new Receipt.Credited("task:0", alone.seq(), true),
            new Receipt.Credited("task:1", first.seq(), false));
        assertThat(first.postings()).containsExactlyInAnyOrder(new Posting(Account.player("alice", Asset.item("wood")), 10),
            new Posting(new Account(Account.REWARDS, Asset.item("wood")), -10));
        Receipt second = ledger.rewardBatch("s2", List.of(chop("task:1", "alice", 10), chop("task:2", "bob", 7))).join();
        assertThat(second.credits()).containsExactly(new Receipt.Credited("task:1", first.seq(), true),
            new Receipt.Credited("task:2", second.seq(), false));
        // A task credited by a settlement and then alone: the settlement's receipt for that task, replayed.
        Receipt replayedAlone = ledger.reward("task:2", "bob", "activity:chop_wood", List.of(new Grant(Asset.item("wood"), 7))).join();
        assertThat(replayedAlone.replayed()).isTrue();
        assertThat(replayedAlone.seq()).isEqualTo(second.seq());
        assertThat(replayedAlone.transactionId()).isEqualTo(second.transactionId());
        assertThat(replayedAlone.postings()).containsExactlyInAnyOrder(new Posting(Account.player("bob", Asset.item("wood")), 7),
            new Posting(new Account(Account.REWARDS, Asset.item("wood")), -7));
        assertThat(errorOf(ledger.reward("task:2", "bob", "activity:chop_wood", List.of(new Grant(Asset.item("wood"), 8)))))
            .isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);
        assertThat(errorOf(ledger.rewardBatch("s3", List.of(chop("task:9", "alice", 1), chop("task:1", "alice", 11)))))
            .isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);
        // Everything credited before: the settlement is recorded (its key is taken) and credits nothing.
        Receipt empty = ledger.rewardBatch("s4", List.of(chop("task:1", "alice", 10), chop("task:0", "alice", 2))).join();
        assertThat(empty.postings()).isEmpty();
        assertThat(empty.credits()).allSatisfy(c -> assertThat(c.replayed()).isTrue());
        assertThat(errorOf(ledger.rewardBatch("s4", List.of(chop("task:9", "alice", 1))))).isEqualTo(LedgerError.IDEMPOTENCY_CONFLICT);

        assertThat(ledger.balances("alice").join()).containsExactlyEntriesOf(Map.of("wood", 12L));
        assertThat(ledger.balances("bob").join()).containsExactlyEntriesOf(Map.of("wood", 7L));
        assertThat(creditedKeys()).containsExactly("task:0", "task:1", "task:2");
        assertThat(headSeq()).isEqualTo(4);
        assertThat(LedgerAudit.run(store).violation()).isEmpty();
    }

    @Test
    void shouldRefuseABadSettlementWithAStableCodeAndApplyNothing() {
        ledger.reward("r0", "alice", "seed", List.of(new Grant(Asset.GOLD, Transaction.MAX_AMOUNT - 1))).join();
        Map<Account, Long> before = store.allBalances();
        assertThat(errorOf(ledger.rewardBatch("s1", List.of()))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.rewardBatch("s1", null))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.rewardBatch("", List.of(chop("task:1", "alice", 1))))).isEqualTo(LedgerError.MISSING_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 1), chop("task:1", "alice", 1)))))
            .isEqualTo(LedgerError.DUPLICATE_CREDIT);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("s1", "alice", 1))))).isEqualTo(LedgerError.DUPLICATE_CREDIT);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 1), chop("bad key!", "alice", 1)))))
            .isEqualTo(LedgerError.INVALID_IDEMPOTENCY_KEY);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 1), chop("task:2", "carol", 1)))))
            .isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "not a name", 1))))).isEqualTo(LedgerError.UNKNOWN_PLAYER);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(new Credit("task:1", "alice", "activity:x",
            List.of(new Grant(Asset.item("stone"), 1))))))).isEqualTo(LedgerError.UNKNOWN_ASSET);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(new Credit("task:1", "alice", "activity:x",
            List.of(new Grant(Asset.money("USD"), 1))))))).isEqualTo(LedgerError.UNKNOWN_ASSET);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(new Credit("task:1", "alice", "no spaces allowed", List.of(
            new Grant(Asset.GOLD, 1))))))).isEqualTo(LedgerError.INVALID_REQUEST);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(new Credit("task:1", "alice", "activity:x", List.of())))))
            .isEqualTo(LedgerError.INVALID_REQUEST);
        // Negative and zero amounts cannot even be stated.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Grant(Asset.GOLD, -5)).isInstanceOf(LedgerException.class)
            .satisfies(e -> assertThat(((LedgerException) e).error()).isEqualTo(LedgerError.INVALID_AMOUNT));
        List<Credit> tooMany = new ArrayList<>();
        for (int i = 0; i <= LedgerService.MAX_CREDITS; i++) {
            tooMany.add(chop("task:" + i, "alice", 1));
        }
        assertThat(errorOf(ledger.rewardBatch("s1", tooMany))).isEqualTo(LedgerError.INVALID_REQUEST);
        // Beyond the cap: in the request itself, and on a balance (the store refuses the whole settlement).
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(new Credit("task:1", "bob", "activity:x", List.of(new Grant(Asset.GOLD,
            Transaction.MAX_AMOUNT))), new Credit("task:2", "bob", "activity:x", List.of(new Grant(Asset.GOLD, 1)))))))
            .isEqualTo(LedgerError.AMOUNT_OVERFLOW);
        assertThat(errorOf(ledger.rewardBatch("s1", List.of(chop("task:1", "bob", 1), new Credit("task:2", "alice", "activity:x",
            List.of(new Grant(Asset.GOLD, 2))))))).isEqualTo(LedgerError.AMOUNT_OVERFLOW);

        assertThat(store.allBalances()).isEqualTo(before);
        assertThat(headSeq()).isEqualTo(1);
        // Nothing was taken either: the same keys commit afterwards.
        assertThat(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 1), chop("task:2", "bob", 1))).join().credits())
            .extracting(Receipt.Credited::replayed).containsExactly(false, false);
        assertThat(LedgerAudit.run(store).violation()).isEmpty();
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
