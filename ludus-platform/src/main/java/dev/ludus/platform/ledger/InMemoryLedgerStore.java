package dev.ludus.platform.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link LedgerStore} in memory, with the same rules as the JDBC one: for tests, and for headless
 * runs that need a ledger without a database. Nothing survives the process. Thread-safe (one lock).
 */
public final class InMemoryLedgerStore implements LedgerStore {
    private final Set<String> players = new HashSet<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    private final Map<String, JournalEntry> byKey = new HashMap<>();
    /** A settlement's item keys, to the settlement's entry. */
    private final Map<String, JournalEntry> byItemKey = new HashMap<>();
    private final Map<Account, Long> balances = new HashMap<>();

    @Override
    public synchronized List<Outcome> commit(List<Transaction> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Transaction transaction : batch) {
            outcomes.add(apply(transaction));
        }
        return outcomes;
    }

    private Outcome apply(Transaction transaction) {
        String key = transaction.key().value();
        JournalEntry earlier = byKey.get(key);
        if (earlier != null) {
            if (!earlier.fingerprint().equals(transaction.fingerprint())) {
                return conflict(transaction.key());
            }
            Receipt receipt = earlier.receipt();
            return new Outcome.Committed(transaction.kind().equals(Transaction.SETTLEMENT) ? withCredits(receipt, transaction) : receipt);
        }
        JournalEntry settlement = byItemKey.get(key);
        if (settlement != null) {
            JournalEntry.Item item = itemOf(settlement, key);
            return item.fingerprint().equals(transaction.fingerprint()) ? new Outcome.Committed(item.receipt(settlement.id(), settlement.seq()))
                : conflict(transaction.key());
        }
        Transaction applied = transaction;
        if (transaction.kind().equals(Transaction.SETTLEMENT)) {
            List<JournalEntry.Item> fresh = new ArrayList<>(transaction.items().size());
            for (JournalEntry.Item item : transaction.items()) {
                String before = creditedFingerprint(item.key());
                if (before == null) {
                    fresh.add(item);
                } else if (!before.equals(item.fingerprint())) {
                    return conflict(new IdempotencyKey(item.key()));
                }
                if (!players.contains(item.player())) {
                    return new Outcome.Refused(LedgerError.UNKNOWN_PLAYER, LedgerService.unknownPlayer(item.player()).getMessage());
                }
            }
            applied = transaction.withItems(fresh);
        } else if (!players.contains(transaction.player())) {
            return new Outcome.Refused(LedgerError.UNKNOWN_PLAYER, LedgerService.unknownPlayer(transaction.player()).getMessage());
        }
        for (Posting posting : applied.postings()) {
            long after = balances.getOrDefault(posting.account(), 0L) + posting.amount();
            Outcome refused = check(posting.account(), after);
            if (refused != null) {
                return refused;
            }
        }
        for (Posting posting : applied.postings()) {
            balances.merge(posting.account(), posting.amount(), Long::sum);
        }
        String prev = journal.isEmpty() ? JournalEntry.GENESIS : journal.getLast().hash();
        JournalEntry entry = JournalEntry.chain(journal.size() + 1L, applied, prev);
        journal.add(entry);
        byKey.put(entry.key(), entry);
        for (JournalEntry.Item item : entry.items()) {
            byItemKey.put(item.key(), entry);
        }
        Receipt receipt = entry.receipt();
        Receipt fresh = new Receipt(receipt.transactionId(), receipt.seq(), receipt.key(), receipt.kind(), receipt.player(),
            receipt.detail(), receipt.postings(), false);
        return new Outcome.Committed(applied.kind().equals(Transaction.SETTLEMENT) ? withCredits(fresh, transaction) : fresh);
    }

    /** The fingerprint a key was credited with before (as a transaction's key or a settlement's item), or null. */
    private String creditedFingerprint(String key) {
        JournalEntry entry = byKey.get(key);
        if (entry != null) {
            return entry.fingerprint();
        }
        JournalEntry settlement = byItemKey.get(key);
        return settlement == null ? null : itemOf(settlement, key).fingerprint();
    }

    /** The receipt with one {@link Receipt.Credited} per credit of the request, each where its key was credited. */
    private Receipt withCredits(Receipt receipt, Transaction request) {
        List<Receipt.Credited> credits = new ArrayList<>(request.items().size());
        for (JournalEntry.Item item : request.items()) {
            JournalEntry entry = byKey.containsKey(item.key()) ? byKey.get(item.key()) : byItemKey.get(item.key());
            credits.add(new Receipt.Credited(item.key(), entry.seq(), receipt.replayed() || entry.seq() != receipt.seq()));
        }
        return new Receipt(receipt.transactionId(), receipt.seq(), receipt.key(), receipt.kind(), receipt.player(), receipt.detail(),
            receipt.postings(), receipt.replayed(), credits);
    }

    private static JournalEntry.Item itemOf(JournalEntry settlement, String key) {
        return settlement.items().stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
    }

    /**
     * The balance rules shared with the JDBC store.
     *
     * @param account the account
     * @param after   its balance after the posting
     * @return the refusal, or null when allowed
     */
    static Outcome check(Account account, long after) {
        if (after < 0 && !account.mayGoNegative()) {
            return new Outcome.Refused(LedgerError.INSUFFICIENT_FUNDS, account + " : " + after
                + " after this purchase (expected: >= 0)");
        }
        if (Math.abs(after) > Transaction.MAX_AMOUNT) {
            return new Outcome.Refused(LedgerError.AMOUNT_OVERFLOW, account + " : " + after
                + " after this transaction (expected: |balance| <= " + Transaction.MAX_AMOUNT + ")");
        }
        return null;
    }

    /**
     * @param key the reused key
     * @return the refusal for a key reused with another request
     */
    static Outcome conflict(IdempotencyKey key) {
        return new Outcome.Refused(LedgerError.IDEMPOTENCY_CONFLICT, "Idempotency-Key : \"" + key
            + "\" was used before with a different request (expected: a new key for a new request)");
    }

    @Override
    public synchronized void registerPlayer(String player) {
        players.add(player);
    }

    @Override
    public synchronized boolean playerExists(String player) {
        return players.contains(player);
    }

    @Override
    public synchronized Map<String, Long> balances(String holder) {
        Map<String, Long> result = new TreeMap<>();
        balances.forEach((account, balance) -> {
            if (account.holder().equals(holder) && balance != 0) {
                result.put(account.asset().code(), balance);
            }
        });
        return result;
    }

    @Override
    public synchronized void forEachEntry(Consumer<JournalEntry> visitor) {
        List.copyOf(journal).forEach(visitor);
    }

    @Override
    public synchronized Head head() {
        return journal.isEmpty() ? new Head(0, JournalEntry.GENESIS) : new Head(journal.size(), journal.getLast().hash());
    }

    @Override
    public synchronized Map<Account, Long> allBalances() {
        return Map.copyOf(balances);
    }

    /** The reads run under the store's one lock, so no commit lands between them. */
    @Override
    public synchronized <T> T consistentRead(java.util.function.Function<LedgerStore, T> reads) {
        return reads.apply(this);
    }

    /**
     * Replaces a journal entry, as someone editing the database by hand would; for audit tests.
     *
     * @param index  the entry's index, from 0
     * @param edited the replacement
     */
    public synchronized void tamper(int index, JournalEntry edited) {
        journal.set(index, edited);
    }

    @Override
    public void close() {
    }
}
