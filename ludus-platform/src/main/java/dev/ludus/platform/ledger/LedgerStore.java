package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the ledger's state lives: players, the journal with its postings, balances, and the
 * journal's head. Implementations are thread-safe; {@link #commit(List)} is called from one lane.
 */
public interface LedgerStore extends AutoCloseable {

    /** What became of one transaction of a batch. */
    sealed interface Outcome {
        /**
         * Applied now, or earlier under the same key with the same request.
         *
         * @param receipt the receipt ({@link Receipt#replayed()} for an earlier one)
         */
        record Committed(Receipt receipt) implements Outcome { }

        /**
         * Refused; nothing of it was applied.
         *
         * @param error   why
         * @param message details
         */
        record Refused(LedgerError error, String message) implements Outcome { }
    }

    /**
     * Commits a batch: each transaction is checked (its key unused or used with the same fingerprint,
     * its player known, no player balance below zero and none beyond {@link Transaction#MAX_AMOUNT})
     * and, when it passes, applied with its journal entry, all durably before returning. A refused
     * transaction leaves no trace; the others are unaffected.
     *
     * <p>Transaction keys and the item keys of {@link Transaction#SETTLEMENT settlements} are one key
     * space. A transaction whose key is an earlier item's answers that item's receipt when the
     * fingerprints match ({@link JournalEntry.Item#fingerprint()}), a conflict otherwise. A settlement
     * drops the items whose keys were credited before with the same fingerprint and commits the rest
     * ({@link Transaction#withItems}, possibly none: the entry still records its key); an item key
     * credited with another fingerprint, an unregistered player or a balance rule refuses the whole
     * settlement. Its receipt carries one {@link Receipt.Credited} per requested item.
     *
     * @param batch transactions in the order they are chained
     * @return one outcome per transaction, same order
     * @throws LedgerStoreException when the database failed; nothing of the batch was applied
     */
    List<Outcome> commit(List<Transaction> batch);

    /**
     * Registers a player (idempotent).
     *
     * @param player a valid player name
     * @throws LedgerStoreException when the database failed
     */
    void registerPlayer(String player);

    /**
     * @param player a player name
     * @return whether the player is registered
     * @throws LedgerStoreException when the database failed
     */
    boolean playerExists(String player);

    /**
     * @param holder {@code player:<name>} or {@code system:<name>}
     * @return the holder's non-zero balances by asset code
     * @throws LedgerStoreException when the database failed
     */
    Map<String, Long> balances(String holder);

    /**
     * Reads the journal in order, for audits.
     *
     * @param visitor receives each entry as stored (its hashes as stored, not recomputed)
     * @throws LedgerStoreException when the database failed
     */
    void forEachEntry(Consumer<JournalEntry> visitor);

    /**
     * The journal's head as recorded beside it: the last entry's position and hash, updated in the
     * same database transaction as the entry, so an audit also notices a deleted last entry.
     *
     * @param seq  the last entry's position, 0 when empty
     * @param hash the last entry's hash, {@link JournalEntry#GENESIS} when empty
     */
    record Head(long seq, String hash) { }

    /**
     * @return the head
     * @throws LedgerStoreException when the database failed
     */
    Head head();

    /**
     * @return every stored balance, keyed by account
     * @throws LedgerStoreException when the database failed
     */
    Map<Account, Long> allBalances();

    /**
     * Rows that belong to no journal entry: postings, or settlement items, whose {@code seq} names no entry (of a settlement,
     * for an item). The journal's hashes cannot see them, yet a settlement item is trusted as "credited before". The default
     * is for stores that cannot hold such rows.
     *
     * @return how many there are; 0 in a sound store
     * @throws LedgerStoreException when the store cannot be read
     */
    default long orphanRows() {
        return 0;
    }

    /**
     * Runs several reads on one consistent state of the ledger, as of one moment: no commit lands between them. The audit
     * needs it on a live server, or a commit between its walk of the journal and its read of the head looks like tampering.
     * The default runs them as they come, for stores whose reads cannot interleave with a commit.
     *
     * @param reads the reads, given a view of the store to make them on ({@link #forEachEntry}, {@link #head} and
     *              {@link #allBalances}); valid only during the call
     * @param <T>   what the reads produce
     * @return what {@code reads} returned
     * @throws LedgerStoreException when the store cannot be read
     */
    default <T> T consistentRead(java.util.function.Function<LedgerStore, T> reads) {
        return reads.apply(this);
    }

    /** Releases connections. */
    @Override
    void close();
}
