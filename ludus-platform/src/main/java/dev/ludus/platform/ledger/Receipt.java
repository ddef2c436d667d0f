package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A committed transaction as its caller sees it. Durable before it is handed out.
 *
 * @param transactionId the transaction's id
 * @param seq           its position in the journal, from 1
 * @param key           the idempotency key
 * @param kind          {@code purchase} or {@code reward}
 * @param player        the player
 * @param detail        the SKU or the reward's reason
 * @param postings      the postings applied
 * @param replayed      true when this answers a repeat of an already committed key (nothing new was applied)
 */
public record Receipt(String transactionId, long seq, IdempotencyKey key, String kind, String player, String detail,
                      List<Posting> postings, boolean replayed) {
    /** Canonical constructor; copies the postings. */
    public Receipt {
        Objects.requireNonNull(transactionId, "transactionId");
        postings = List.copyOf(postings);
    }

    /** @return the same receipt marked as a replay */
    public Receipt asReplay() {
        return new Receipt(transactionId, seq, key, kind, player, detail, postings, true);
    }
}
