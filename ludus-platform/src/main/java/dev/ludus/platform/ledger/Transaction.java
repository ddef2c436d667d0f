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
 * @param id          a fresh transaction id (the receipt's {@code transactionId})
 * @param key         the caller's idempotency key
 * @param fingerprint SHA-256 (hex) of the canonical request, so a reused key with another request is caught
 * @param kind        {@code purchase} or {@code reward}
 * @param player      the player the transaction is for (must exist when it commits)
 * @param detail      what it was: the SKU, or the reward's reason
 * @param createdMs   wall-clock milliseconds since the epoch when it was prepared
 * @param postings    the postings, in a canonical order (holder, then asset)
 */
public record Transaction(String id, IdempotencyKey key, String fingerprint, String kind, String player, String detail,
                          long createdMs, List<Posting> postings) {
    /**
     * Largest amount one posting moves and largest absolute balance an account may reach:
     * 10^15, far beyond any price yet far from {@code Long.MAX_VALUE}, so sums of a few never overflow.
     */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    /** @throws IllegalArgumentException when the postings do not balance per asset, repeat an account or are empty */
    public Transaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(detail, "detail");
        if (postings.isEmpty()) {
            throw new IllegalArgumentException("transaction.postings : empty (expected: at least two)");
        }
        postings = canonical(postings);
        checkBalanced(postings);
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
