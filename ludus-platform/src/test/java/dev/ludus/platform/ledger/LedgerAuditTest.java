package dev.ludus.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerAuditTest {
    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private LedgerService ledger;
    private final List<JournalEntry> entries = new ArrayList<>();

    @BeforeEach
    void fillTheBooks() {
        ledger = new LedgerService(store, new TestCatalogue(), LedgerService.Settings.DEFAULT, LedgerListener.NONE);
        ledger.start();
        ledger.registerPlayer("alice").join();
        for (int i = 0; i < 4; i++) {
            ledger.purchase("k" + i, "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
        }
        store.forEachEntry(entries::add);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static JournalEntry with(JournalEntry e, List<JournalEntry.Line> lines, String prevHash, String hash) {
        return new JournalEntry(e.seq(), e.id(), e.key(), e.fingerprint(), e.kind(), e.player(), e.detail(), e.createdMs(),
            lines, prevHash, hash);
    }

    private static JournalEntry withItems(JournalEntry e, List<JournalEntry.Item> items) {
        JournalEntry unhashed = new JournalEntry(e.seq(), e.id(), e.key(), e.fingerprint(), e.kind(), e.player(), e.detail(),
            e.createdMs(), e.lines(), e.prevHash(), "", items);
        return new JournalEntry(e.seq(), e.id(), e.key(), e.fingerprint(), e.kind(), e.player(), e.detail(), e.createdMs(),
            e.lines(), e.prevHash(), unhashed.expectedHash(), items);
    }

    private JournalEntry settle() {
        ledger.rewardBatch("s1", List.of(new Credit("task:1", "alice", "activity:chop", List.of(new Grant(Asset.GOLD, 3))),
            new Credit("task:2", "alice", "activity:chop", List.of(new Grant(Asset.GOLD, 4))))).join();
        List<JournalEntry> all = new ArrayList<>();
        store.forEachEntry(all::add);
        return all.getLast();
    }

    @Test
    void shouldPassASettlementAndNameOneWhoseItemsWereEditedEvenWhenRehashed() {
        JournalEntry settlement = settle();
        assertThat(LedgerAudit.run(store).ok()).isTrue();
        List<JournalEntry.Item> items = new ArrayList<>(settlement.items());
        items.set(1, new JournalEntry.Item("task:2", "alice", "activity:chop", "GOLD|40"));
        store.tamper(4, new JournalEntry(settlement.seq(), settlement.id(), settlement.key(), settlement.fingerprint(),
            settlement.kind(), settlement.player(), settlement.detail(), settlement.createdMs(), settlement.lines(),
            settlement.prevHash(), settlement.hash(), items));
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 5 (key s1): stored hash"));
        // Rehashed by someone who can: the chain holds, but the items no longer add up to the postings.
        store.tamper(4, withItems(settlement, items));
        assertThat(LedgerAudit.run(store).violation()).get().satisfies(v -> assertThat(v.message())
            .startsWith("entry 5 (key s1): postings").contains("are not the sum of its items' grants"));
        store.tamper(4, withItems(settlement, List.of(settlement.items().getFirst(),
            new JournalEntry.Item("task:2", "alice", "activity:chop", "GOLD|many"))));
        assertThat(LedgerAudit.run(store).violation()).get().satisfies(v -> assertThat(v.message())
            .startsWith("entry 5 (key s1): item task:2 is unreadable"));
    }

    @Test
    void shouldNameAKeyCreditedTwice() {
        JournalEntry settlement = settle();
        // An item whose key is an earlier purchase's: rehashed so that only the key check can see it.
        store.tamper(4, withItems(settlement, List.of(settlement.items().getFirst(),
            new JournalEntry.Item("k1", "alice", "activity:chop", "GOLD|4"))));
        assertThat(LedgerAudit.run(store).violation()).get().satisfies(v -> assertThat(v.message())
            .isEqualTo("entry 5 (key s1): key k1 was already used by entry 2 (expected: each key credited once)"));
    }

    @Test
    void shouldPassSoundBooks() {
        LedgerAudit.Report report = LedgerAudit.run(store);
        assertThat(report.ok()).isTrue();
        assertThat(report.entries()).isEqualTo(4);
    }

    @Test
    void shouldNameAnEntryWhosePostingsWereEdited() {
        JournalEntry third = entries.get(2);
        List<JournalEntry.Line> lines = new ArrayList<>(third.lines());
        JournalEntry.Line first = lines.getFirst();
        lines.set(0, new JournalEntry.Line(first.holder(), first.asset(), first.amount() + 1000));
        store.tamper(2, with(third, lines, third.prevHash(), third.hash()));
        LedgerAudit.Report report = LedgerAudit.run(store);
        assertThat(report.violation()).get().satisfies(v -> {
            assertThat(v.seq()).isEqualTo(3);
            assertThat(v.message()).startsWith("entry 3 (key k2): stored hash").contains("edited");
        });
    }

    @Test
    void shouldNameAnEntryRehashedAfterAnEditByItsBrokenLink() {
        JournalEntry second = entries.get(1);
        JournalEntry forged = with(second, second.lines(), JournalEntry.GENESIS, "");
        store.tamper(1, with(forged, forged.lines(), forged.prevHash(), forged.expectedHash()));
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 2 (key k1): previous hash"));
    }

    @Test
    void shouldNameAnUnbalancedEntryEvenWithAValidHash() {
        JournalEntry first = entries.getFirst();
        List<JournalEntry.Line> lines = new ArrayList<>(first.lines());
        lines.removeLast();
        JournalEntry unbalanced = with(first, lines, first.prevHash(), "");
        store.tamper(0, with(unbalanced, lines, first.prevHash(), unbalanced.expectedHash()));
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("entry 1 (key k0):").contains("sum to"));
    }

    @Test
    void shouldNoticeAGarbledHashAndMissingEntriesAndBalances() {
        JournalEntry first = entries.getFirst();
        store.tamper(0, with(first, first.lines(), "zz", first.hash()));
        assertThat(LedgerAudit.run(store).violation()).get().satisfies(v -> assertThat(v.seq()).isEqualTo(1));

        assertThat(LedgerAudit.run(view(entries.subList(0, 3), store.head(), store.allBalances())).violation()).get()
            .satisfies(v -> assertThat(v.message()).startsWith("journal head"));
        List<JournalEntry> gap = List.of(entries.get(0), entries.get(2));
        assertThat(LedgerAudit.run(view(gap, store.head(), store.allBalances())).violation()).get()
            .satisfies(v -> assertThat(v.message()).contains("follows entry 1"));
        Map<Account, Long> wrong = new java.util.HashMap<>(store.allBalances());
        wrong.put(Account.player("alice", Asset.GEM), 1L);
        LedgerStore.Head head = new LedgerStore.Head(4, entries.getLast().hash());
        assertThat(LedgerAudit.run(view(entries, head, wrong)).violation()).get()
            .satisfies(v -> assertThat(v.message()).isEqualTo("balance player:alice/GEM: stored 1, postings sum to 400"));
        Map<Account, Long> extra = new java.util.HashMap<>(store.allBalances());
        extra.put(Account.player("alice", Asset.GOLD), 7L);
        assertThat(LedgerAudit.run(view(entries, head, extra)).violation()).get()
            .satisfies(v -> assertThat(v.message()).contains("no posting touches it"));
    }

    @Test
    void shouldNoticeAPlayerBalanceBelowZero() {
        JournalEntry first = entries.getFirst();
        List<JournalEntry.Line> lines = first.lines().stream()
            .map(l -> new JournalEntry.Line(l.holder(), l.asset(), l.asset().equals("GEM") ? -l.amount() : l.amount())).toList();
        JournalEntry negative = with(first, lines, first.prevHash(), "");
        store.tamper(0, with(negative, lines, first.prevHash(), negative.expectedHash()));
        assertThat(LedgerAudit.run(store).violation()).get()
            .satisfies(v -> assertThat(v.message()).contains("player:alice/GEM goes to -100"));
    }

    /** A read-only store showing the given journal, head and balances. */
    private static LedgerStore view(List<JournalEntry> journal, LedgerStore.Head head, Map<Account, Long> balances) {
        return new LedgerStore() {
            @Override
            public List<Outcome> commit(List<Transaction> batch) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void registerPlayer(String player) {
            }

            @Override
            public boolean playerExists(String player) {
                return true;
            }

            @Override
            public Map<String, Long> balances(String holder) {
                return Map.of();
            }

            @Override
            public void forEachEntry(Consumer<JournalEntry> visitor) {
                journal.forEach(visitor);
            }

            @Override
            public Head head() {
                return head;
            }

            @Override
            public Map<Account, Long> allBalances() {
                return balances;
            }

            @Override
            public void close() {
            }
        };
    }
}
