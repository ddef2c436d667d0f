package dev.ludus.platform.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a ledger's books: the journal's hash chain (every entry's hash recomputed, every link to the
 * previous one, no gaps in the positions, the recorded head), the zero sum of every transaction per
 * asset, no player balance below zero at any point, every stored balance against the sum of its
 * postings, every settlement's postings against the sum of its items' grants, and no idempotency key
 * credited twice (a transaction's key and a settlement's item keys share one key space). Stops at the
 * first violation. Reads the whole journal once; memory grows with the number of accounts and of keys
 * (about 100 bytes a key).
 */
public final class LedgerAudit {

    /**
     * The books are wrong.
     *
     * @param seq     the journal entry at fault, or 0 when the fault is a balance or the head
     * @param message what is wrong, naming the entry (position and key) or account
     */
    public record Violation(long seq, String message) { }

    /**
     * What the audit saw.
     *
     * @param entries   journal entries checked
     * @param accounts  balances checked
     * @param violation the first violation, if any
     */
    public record Report(long entries, int accounts, Optional<Violation> violation) {
        /** @return true when the books are sound */
        public boolean ok() {
            return violation.isEmpty();
        }
    }

    private LedgerAudit() {
    }

    /**
     * @param store the ledger to check
     * @return the report
     * @throws LedgerStoreException when the store cannot be read
     */
    public static Report run(LedgerStore store) {
        Objects.requireNonNull(store, "store");
        // One moment of the books: on a live server a commit between the walk and the head would look like tampering.
        return store.consistentRead(LedgerAudit::check);
    }

    private static Report check(LedgerStore store) {
        Walk walk = new Walk();
        store.forEachEntry(walk::visit);
        if (walk.violation == null) {
            LedgerStore.Head head = store.head();
            if (head.seq() != walk.lastSeq || !head.hash().equals(walk.lastHash)) {
                walk.violation = new Violation(0, "journal head: recorded as entry " + head.seq() + " with hash "
                    + head.hash() + ", but the journal ends at entry " + walk.lastSeq + " with hash " + walk.lastHash
                    + " (entries deleted or appended by hand?)");
            }
        }
        if (walk.violation == null) {
            long orphans = store.orphanRows();
            if (orphans > 0) {
                walk.violation = new Violation(0, orphans + " posting or settlement item rows belong to no journal entry "
                    + "(inserted by hand? an item there would pass its key for credited before)");
            }
        }
        Map<Account, Long> stored = store.allBalances();
        if (walk.violation == null) {
            walk.checkBalances(stored);
        }
        return new Report(walk.entries, stored.size(), Optional.ofNullable(walk.violation));
    }

    private static final class Walk {
        private final Map<String, Long> sums = new HashMap<>();
        private final Map<String, Long> keys = new HashMap<>();
        private long entries;
        private long lastSeq;
        private String lastHash = JournalEntry.GENESIS;
        private Violation violation;

        void visit(JournalEntry entry) {
            if (violation != null) {
                return;
            }
            entries++;
            String name = "entry " + entry.seq() + " (key " + entry.key() + ")";
            if (entry.seq() != lastSeq + 1) {
                violation = new Violation(entry.seq(), name + ": follows entry " + lastSeq
                    + " (expected: entry " + (lastSeq + 1) + "; entries deleted by hand?)");
                return;
            }
            if (!entry.prevHash().equals(lastHash)) {
                violation = new Violation(entry.seq(), name + ": previous hash " + entry.prevHash()
                    + " does not match entry " + lastSeq + "'s hash " + lastHash);
                return;
            }
            String expected;
            try {
                expected = entry.expectedHash();
            } catch (IllegalArgumentException e) {
                expected = "(unreadable previous hash)";
            }
            if (!expected.equals(entry.hash())) {
                violation = new Violation(entry.seq(), name + ": stored hash " + entry.hash()
                    + " does not match its content (recomputed " + expected + "); the entry or its postings were edited");
                return;
            }
            Map<String, Long> perAsset = new HashMap<>();
            for (JournalEntry.Line line : entry.lines()) {
                perAsset.merge(line.asset(), line.amount(), Long::sum);
            }
            for (Map.Entry<String, Long> sum : perAsset.entrySet()) {
                if (sum.getValue() != 0) {
                    violation = new Violation(entry.seq(), name + ": " + sum.getKey() + " postings sum to "
                        + sum.getValue() + " (expected: 0)");
                    return;
                }
            }
            if (!checkItems(entry, name) || !checkKeys(entry, name)) {
                return;
            }
            for (JournalEntry.Line line : entry.lines()) {
                String account = line.holder() + "/" + line.asset();
                long balance = sums.merge(account, line.amount(), Long::sum);
                if (balance < 0 && line.holder().startsWith("player:")) {
                    violation = new Violation(entry.seq(), name + ": " + account + " goes to " + balance + " (expected: >= 0)");
                    return;
                }
            }
            lastSeq = entry.seq();
            lastHash = entry.hash();
        }

        /** A settlement's postings must be its items' grants summed per account; other entries have no items. */
        private boolean checkItems(JournalEntry entry, String name) {
            boolean settlement = entry.kind().equals(Transaction.SETTLEMENT);
            if (!settlement && !entry.items().isEmpty()) {
                violation = new Violation(entry.seq(), name + ": a " + entry.kind() + " with " + entry.items().size()
                    + " items (expected: items only in a settlement)");
                return false;
            }
            if (!settlement) {
                return true;
            }
            Map<String, Long> fromItems = new HashMap<>();
            for (JournalEntry.Item item : entry.items()) {
                try {
                    for (Posting posting : item.postings()) {
                        fromItems.merge(posting.account().toString(), posting.amount(), Math::addExact);
                    }
                } catch (IllegalArgumentException | ArithmeticException e) {
                    violation = new Violation(entry.seq(), name + ": item " + item.key() + " is unreadable (" + e.getMessage() + ")");
                    return false;
                }
            }
            fromItems.values().removeIf(amount -> amount == 0);
            Map<String, Long> posted = new HashMap<>();
            for (JournalEntry.Line line : entry.lines()) {
                posted.merge(line.holder() + "/" + line.asset(), line.amount(), Long::sum);
            }
            if (!posted.equals(fromItems)) {
                violation = new Violation(entry.seq(), name + ": postings " + new java.util.TreeMap<>(posted)
                    + " are not the sum of its items' grants " + new java.util.TreeMap<>(fromItems));
                return false;
            }
            return true;
        }

        /** Every key (an entry's own, a settlement's items') appears once in the whole journal. */
        private boolean checkKeys(JournalEntry entry, String name) {
            List<String> credited = new ArrayList<>(entry.items().size() + 1);
            credited.add(entry.key());
            entry.items().forEach(item -> credited.add(item.key()));
            for (String key : credited) {
                Long first = keys.putIfAbsent(key, entry.seq());
                if (first != null) {
                    violation = new Violation(entry.seq(), name + ": key " + key + " was already used by entry " + first
                        + " (expected: each key credited once)");
                    return false;
                }
            }
            return true;
        }

        void checkBalances(Map<Account, Long> stored) {
            Map<String, Long> storedByName = new HashMap<>();
            stored.forEach((account, balance) -> storedByName.put(account.toString(), balance));
            for (Map.Entry<String, Long> sum : sums.entrySet()) {
                long balance = storedByName.getOrDefault(sum.getKey(), 0L);
                if (balance != sum.getValue()) {
                    violation = new Violation(0, "balance " + sum.getKey() + ": stored " + balance + ", postings sum to " + sum.getValue());
                    return;
                }
            }
            for (Map.Entry<String, Long> balance : storedByName.entrySet()) {
                if (balance.getValue() != 0 && !sums.containsKey(balance.getKey())) {
                    violation = new Violation(0, "balance " + balance.getKey() + ": stored " + balance.getValue()
                        + ", but no posting touches it");
                    return;
                }
            }
        }
    }
}
