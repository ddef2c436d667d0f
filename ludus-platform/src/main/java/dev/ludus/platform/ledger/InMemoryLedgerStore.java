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
        JournalEntry earlier = byKey.get(transaction.key().value());
        if (earlier != null) {
            return earlier.fingerprint().equals(transaction.fingerprint()) ? new Outcome.Committed(earlier.receipt())
                : conflict(transaction.key());
        }
        if (!players.contains(transaction.player())) {
            return new Outcome.Refused(LedgerError.UNKNOWN_PLAYER, LedgerService.unknownPlayer(transaction.player()).getMessage());
        }
        for (Posting posting : transaction.postings()) {
            long after = balances.getOrDefault(posting.account(), 0L) + posting.amount();
            Outcome refused = check(posting.account(), after);
            if (refused != null) {
                return refused;
            }
        }
        for (Posting posting : transaction.postings()) {
            balances.merge(posting.account(), posting.amount(), Long::sum);
        }
        String prev = journal.isEmpty() ? JournalEntry.GENESIS : journal.getLast().hash();
        JournalEntry entry = JournalEntry.chain(journal.size() + 1L, transaction, prev);
        journal.add(entry);
        byKey.put(entry.key(), entry);
        Receipt receipt = entry.receipt();
        return new Outcome.Committed(new Receipt(receipt.transactionId(), receipt.seq(), receipt.key(), receipt.kind(),
            receipt.player(), receipt.detail(), receipt.postings(), false));
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
