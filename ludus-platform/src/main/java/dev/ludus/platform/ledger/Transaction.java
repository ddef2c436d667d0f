package dev.ludus.platform.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A balanced set of postings under one idempotency key, ready to commit: for every asset the
 * amounts sum to zero, each account appears at most once, every amount is within
 * {@link #MAX_AMOUNT}.
 *
 * <p>A settlement ({@link #SETTLEMENT}) also carries its items, one reward per item under the item's
 * own key, and its postings are always the items' postings summed per account ({@link #settlement},
 * {@link #withItems}); a store drops the items whose keys were credited before and commits the rest.
 *
 * @param id          a fresh transaction id (the receipt's {@code transactionId})
 * @param key         the caller's idempotency key
 * @param fingerprint SHA-256 (hex) of the canonical request, so a reused key with another request is caught
 * @param kind        {@code purchase} or {@code reward}
 * @param player      the player the transaction is for (must exist when it commits)
 * @param detail      what it was: the SKU, or the reward's reason
 * @param createdMs   wall-clock milliseconds since the epoch when it was prepared
 * @param postings    the postings, in a canonical order (holder, then asset); empty only for a settlement all of
 *                    whose items were credited before
 * @param items       a settlement's rewards, in request order, keys distinct; empty for other kinds
 */
public record Transaction(String id, IdempotencyKey key, String fingerprint, String kind, String player, String detail,
                          long createdMs, List<Posting> postings, List<JournalEntry.Item> items) {
    /** The kind of a batch of rewards committed as one transaction ({@link Ledger#rewardBatch}). */
    public static final String SETTLEMENT = "settlement";

    /**
     * Largest amount one posting moves and largest absolute balance an account may reach:
     * 10^15, far beyond any price yet far from {@code Long.MAX_VALUE}, so sums of a few never overflow.
     */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    /**
     * A transaction without items (a purchase or a single reward).
     *
     * @throws IllegalArgumentException when the postings do not balance per asset or are empty
     */
    public Transaction(String id, IdempotencyKey key, String fingerprint, String kind, String player, String detail,
                       long createdMs, List<Posting> postings) {
        this(id, key, fingerprint, kind, player, detail, createdMs, postings, List.of());
    }

    /**
     * @throws IllegalArgumentException when the postings do not balance per asset, exceed {@link #MAX_AMOUNT}, are empty
     *                                  (other than a settlement's), or when items come with another kind
     * @throws ArithmeticException      when postings of one account sum beyond {@code long}
     */
    public Transaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(detail, "detail");
        items = List.copyOf(items);
        if (!kind.equals(SETTLEMENT) && !items.isEmpty()) {
            throw new IllegalArgumentException("transaction.items : " + items.size() + " for a " + kind + " (expected: none)");
        }
        if (postings.isEmpty() && !kind.equals(SETTLEMENT)) {
            throw new IllegalArgumentException("transaction.postings : empty (expected: at least two)");
        }
        postings = canonical(postings);
        checkBalanced(postings);
    }

    /**
     * A settlement: the items' postings summed per account.
     *
     * @param id          a fresh transaction id
     * @param key         the settlement's idempotency key
     * @param fingerprint SHA-256 (hex) of the canonical request (every item's key and fingerprint)
     * @param createdMs   wall-clock milliseconds since the epoch
     * @param items       the rewards, keys distinct, at least one
     * @return the transaction
     * @throws IllegalArgumentException when an item is malformed or a sum exceeds {@link #MAX_AMOUNT}
     * @throws ArithmeticException      when a sum overflows {@code long}
     */
    public static Transaction settlement(String id, IdempotencyKey key, String fingerprint, long createdMs,
                                         List<JournalEntry.Item> items) {
        return new Transaction(id, key, fingerprint, SETTLEMENT, "", "credits:" + items.size(), createdMs, postingsOf(items), items);
    }

    /**
     * The settlement as a store commits it after dropping the items credited before: same id, key,
     * fingerprint (that of the whole request) and detail, postings recomputed from {@code fresh}.
     *
     * @param fresh the items still to credit, a subset of {@link #items()} in the same order (may be empty)
     * @return the transaction to commit
     */
    public Transaction withItems(List<JournalEntry.Item> fresh) {
        if (fresh.size() == items.size()) {
            return this;
        }
        return new Transaction(id, key, fingerprint, kind, player, detail, createdMs, postingsOf(fresh), fresh);
    }

    private static List<Posting> postingsOf(List<JournalEntry.Item> items) {
        List<Posting> all = new ArrayList<>(items.size() * 4);
        for (JournalEntry.Item item : items) {
            all.addAll(item.postings());
        }
        return all;
    }

    /**
     * Merges postings to one per account and orders them by holder then asset; drops those that cancel out.
     *
     * @param postings any postings
     * @return the canonical list, unmodifiable
     */
    static List<Posting> canonical(List<Posting> postings) {
        Map<Account, Long> merged = new LinkedHashMap<>();
        for (Posting posting : postings) {
            merged.merge(posting.account(), posting.amount(), Math::addExact);
        }
        List<Posting> result = new ArrayList<>();
        merged.forEach((account, amount) -> {
            if (amount != 0) {
                result.add(new Posting(account, amount));
            }
        });
        result.sort(Comparator.comparing((Posting p) -> p.account().holder()).thenComparing(p -> p.account().asset().code()));
        return List.copyOf(result);
    }

    /**
     * @param postings postings
     * @throws IllegalArgumentException when an amount exceeds {@link #MAX_AMOUNT} or an asset does not sum to zero
     */
    static void checkBalanced(List<Posting> postings) {
        Map<Asset, Long> sums = new HashMap<>();
        for (Posting posting : postings) {
            if (Math.abs(posting.amount()) > MAX_AMOUNT) {
                throw new IllegalArgumentException("posting.amount : " + posting.amount() + " (expected: |amount| <= " + MAX_AMOUNT + ")");
            }
            sums.merge(posting.account().asset(), posting.amount(), Long::sum);
        }
        sums.forEach((asset, sum) -> {
            if (sum != 0) {
                throw new IllegalArgumentException("transaction : " + asset + " sums to " + sum + " (expected: 0)");
            }
        });
    }
}
