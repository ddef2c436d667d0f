package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.LedgerAudit;
import dev.ludus.platform.ledger.LedgerStore;
import dev.ludus.platform.ledger.LedgerStoreException;
import dev.ludus.platform.ledger.LedgerStoreContract;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.platform.ledger.Receipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract plus what only a database can show: durability, hand edits, failures mid-batch. */
abstract class JdbcLedgerStoreContract extends LedgerStoreContract {
    /** @return the configuration of a new, empty database */
    protected abstract StoreConfig newConfig();

    private StoreConfig config;

    @Override
    protected LedgerStore newStore() {
        config = newConfig();
        return JdbcLedgerStore.open(config);
    }

    private JdbcLedgerStore jdbc() {
        return (JdbcLedgerStore) store;
    }

    @Test
    void shouldWriteBalancesOnlyOverTheBalancesReadAndWithinEachAccountsRule() throws java.sql.SQLException {
        ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        dev.ludus.platform.ledger.Account alice = dev.ludus.platform.ledger.Account.player("alice", Asset.parse("GEM"));
        dev.ludus.platform.ledger.Account bob = dev.ludus.platform.ledger.Account.player("bob", Asset.parse("GEM"));
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(config.url(), config.user(), config.password())) {
            connection.setAutoCommit(false);
            // Read as 90 by a writer that lost a race: the row holds 100, so nothing is written.
            assertThatThrownBy(() -> JdbcLedgerStore.writeBalances(connection, java.util.Map.of(alice, 90L),
                java.util.Map.of(alice, 95L))).hasMessageContaining("a balance changed under this commit").hasMessageContaining("0 of 1");
            connection.rollback();
            // A player's balance below zero breaks the rule restated in SQL, whatever the Java checks let through.
            assertThatThrownBy(() -> JdbcLedgerStore.writeBalances(connection, java.util.Map.of(alice, 100L),
                java.util.Map.of(alice, -1L))).hasMessageContaining("a balance changed under this commit");
            connection.rollback();
            // Read right: the update and a new account's insert go through together.
            JdbcLedgerStore.writeBalances(connection, java.util.Map.of(alice, 100L), java.util.Map.of(alice, 60L, bob, 40L));
            connection.commit();
        }
        assertThat(jdbc().balances("player:alice")).containsEntry("GEM", 60L);
        assertThat(jdbc().balances("player:bob")).containsEntry("GEM", 40L);
    }

    @Test
    void shouldKeepEverythingAcrossAReopen() {
        Receipt receipt = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        ledger.close();
        store.close();
        try (JdbcLedgerStore reopened = JdbcLedgerStore.open(config)) {
            assertThat(reopened.balances("player:alice")).containsEntry("GEM", 100L);
            assertThat(reopened.head().seq()).isEqualTo(1);
            assertThat(LedgerAudit.run(reopened).ok()).isTrue();
            List<LedgerStore.Outcome> again = reopened.commit(List.of(transaction("k1", "alice", Asset.GEM, 1)));
            assertThat(again.getFirst()).isInstanceOf(LedgerStore.Outcome.Refused.class);
            assertThat(receipt.replayed()).isFalse();
        }
        store = JdbcLedgerStore.open(config);
        ledger = new dev.ludus.platform.ledger.LedgerService(store, new dev.ludus.platform.ledger.TestCatalogue(),
            dev.ludus.platform.ledger.LedgerService.Settings.DEFAULT, dev.ludus.platform.ledger.LedgerListener.NONE);
        ledger.start();
    }

    @Test
    void shouldNameTheEntryWhosePostingWasEditedByHand() {
        for (int i = 0; i < 3; i++) {
            ledger.purchase("k" + i, "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        }
        assertThat(jdbc().execute("UPDATE ledger_posting SET amount = amount * 10 WHERE seq = 2 AND holder = 'player:alice'"))
            .isEqualTo(1);
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 2 (key k1): stored hash"));
    }

    @Test
    void shouldNoticeADeletedEntry() {
        for (int i = 0; i < 3; i++) {
            ledger.purchase("k" + i, "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        }
        jdbc().execute("DELETE FROM ledger_journal WHERE seq = 2");
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 3 (key k2): follows entry 1"));
    }

    @Test
    void shouldRollBackTheWholeBatchWhenTheDatabaseFailsMidway() {
        ledger.purchase("k0", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        // A hand-made row at the next position: the batch's second entry collides with it after the first was written.
        jdbc().execute("INSERT INTO ledger_journal (seq, tx_id, idem_key, fingerprint, kind, player, detail, created_ms, "
            + "prev_hash, entry_hash) VALUES (3, 'x', 'x', 'x', 'x', 'x', 'x', 0, 'x', 'x')");
        assertThatThrownBy(() -> store.commit(List.of(transaction("a", "alice", Asset.GEM, 10),
            transaction("b", "alice", Asset.GEM, 10)))).isInstanceOf(LedgerStoreException.class);
        jdbc().execute("DELETE FROM ledger_journal WHERE seq = 3");
        assertThat(store.head().seq()).isEqualTo(1);
        assertThat(store.balances("player:alice")).containsEntry("GEM", 100L);
        assertThat(LedgerAudit.run(store).ok()).isTrue();
    }

    @Test
    void shouldNameTheSettlementWhoseItemWasEditedByHand() {
        ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 3), chop("task:2", "bob", 4))).join();
        assertThat(LedgerAudit.run(store).ok()).isTrue();
        assertThat(jdbc().execute("UPDATE ledger_item SET grants = 'wood|400' WHERE item_key = 'task:2'")).isEqualTo(1);
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 1 (key s1): stored hash"));
    }

    @Test
    void shouldNoticeItemsAndPostingsThatBelongToNoJournalEntry() {
        ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 3))).join();
        ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        assertThat(LedgerAudit.run(store).ok()).isTrue();
        // An item slipped in by hand at entry 0 would make a later settlement skip task:9 as "credited before".
        jdbc().execute("INSERT INTO ledger_item (item_key, seq, idx, player, detail, grants) "
            + "VALUES ('task:9', 0, 0, 'alice', 'activity:chop_wood', 'wood|4')");
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("1 posting or settlement item rows belong to no journal entry"));
        jdbc().execute("DELETE FROM ledger_item WHERE item_key = 'task:9'");
        // A posting under no entry at all (an item under an existing entry changes that entry's hash: caught by the walk).
        jdbc().execute("INSERT INTO ledger_posting (seq, idx, holder, asset, amount) VALUES (99, 0, 'player:alice', 'GOLD', 5)");
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("1 posting or settlement item rows belong to no journal entry"));
    }

    @Test
    void shouldRollBackAWholeSettlementWhenTheDatabaseFailsMidway() {
        ledger.rewardBatch("s0", List.of(chop("task:0", "alice", 1))).join();
        // A hand-made posting at the next entry's position: its postings' insert fails after the balances and the
        // entry were written.
        jdbc().execute("INSERT INTO ledger_posting (seq, idx, holder, asset, amount) VALUES (2, 0, 'x', 'x', 0)");
        assertThatThrownBy(() -> store.commit(List.of(dev.ludus.platform.ledger.Transaction.settlement("id-s1",
            new dev.ludus.platform.ledger.IdempotencyKey("s1"), "f", 1L, List.of(
                new dev.ludus.platform.ledger.JournalEntry.Item("task:1", "alice", "activity:chop_wood", "wood|5"),
                new dev.ludus.platform.ledger.JournalEntry.Item("task:2", "bob", "activity:chop_wood", "wood|6"))))))
            .isInstanceOf(LedgerStoreException.class);
        jdbc().execute("DELETE FROM ledger_posting WHERE seq = 2");
        assertThat(store.head().seq()).isEqualTo(1);
        assertThat(store.balances("player:alice")).containsExactlyEntriesOf(java.util.Map.of("wood", 1L));
        assertThat(store.balances("player:bob")).isEmpty();
        assertThat(LedgerAudit.run(store).ok()).isTrue();
        // The retry (same key, same credits) applies it once.
        assertThat(ledger.rewardBatch("s1", List.of(chop("task:1", "alice", 5), chop("task:2", "bob", 6))).join().replayed()).isFalse();
        assertThat(store.balances("player:bob")).containsExactlyEntriesOf(java.util.Map.of("wood", 6L));
    }

    @Test
    void shouldCreditAPlayerRegisteredThroughAnotherStoreAndStillRefuseAnUnknownOne() {
        // This store never saw carol registered: its commit must find her in the database, not in what it remembers.
        try (JdbcLedgerStore other = JdbcLedgerStore.open(config)) {
            other.registerPlayer("carol");
        }
        assertThat(ledger.rewardBatch("s-carol", List.of(chop("task:c1", "carol", 3))).join().replayed()).isFalse();
        assertThat(store.balances("player:carol")).containsExactlyEntriesOf(java.util.Map.of("wood", 3L));
        assertThatThrownBy(() -> ledger.rewardBatch("s-dave", List.of(chop("task:d1", "dave", 3))).join())
            .hasMessageContaining("dave");
        assertThat(ledger.rewardBatch("s-carol-2", List.of(chop("task:c2", "carol", 4))).join().replayed()).isFalse();
        assertThat(store.balances("player:carol")).containsExactlyEntriesOf(java.util.Map.of("wood", 7L));
    }

    @Test
    void shouldThrowWhenTheDatabaseIsGone() {
        store.close();
        assertThatThrownBy(() -> store.commit(List.of(transaction("a", "alice", Asset.GEM, 10))))
            .isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> store.balances("player:alice")).isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> store.head()).isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> store.allBalances()).isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> store.forEachEntry(e -> { })).isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> store.playerExists("alice")).isInstanceOf(LedgerStoreException.class);
        assertThatThrownBy(() -> jdbc().execute("SELECT 1")).isInstanceOf(LedgerStoreException.class);
        store = JdbcLedgerStore.open(config);
    }
}
