package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A committed transaction as its caller sees it. Durable before it is handed out.
 *
 * @param transactionId the transaction's id
 * @param seq           its position in the journal, from 1
 * @param key           the idempotency key
 * @param kind          {@code purchase}, {@code reward} or {@code settlement}
 * @param player        the player; empty for a settlement (its credits name theirs)
 * @param detail        the SKU, the reward's reason, or {@code credits:<n>} for a settlement
 * @param postings      the postings applied (for a settlement: those of the credits it applied, summed per account)
 * @param replayed      true when this answers a repeat of an already committed key (nothing new was applied)
 * @param credits       a settlement's answer per credit, in request order; empty for other kinds
 */
public record Receipt(String transactionId, long seq, IdempotencyKey key, String kind, String player, String detail,
                      List<Posting> postings, boolean replayed, List<Credited> credits) {
    /**
     * Where one credit of a settlement stands: every credit of a committed settlement is in the
     * journal exactly once, either in this settlement or in the transaction that credited its key before.
     *
     * @param key      the credit's idempotency key
     * @param seq      the journal entry that credited it
     * @param replayed true when an earlier transaction had credited it (this request added nothing for it)
     */
    public record Credited(String key, long seq, boolean replayed) {
        /** Canonical constructor. */
        public Credited {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A receipt without credits (a purchase or a reward). */
    public Receipt(String transactionId, long seq, IdempotencyKey key, String kind, String player, String detail,
                   List<Posting> postings, boolean replayed) {
        this(transactionId, seq, key, kind, player, detail, postings, replayed, List.of());
    }

    /** Canonical constructor; copies the postings and credits. */
    public Receipt {
        Objects.requireNonNull(transactionId, "transactionId");
        postings = List.copyOf(postings);
        credits = List.copyOf(credits);
    }

    /** @return the same receipt marked as a replay (its credits too) */
    public Receipt asReplay() {
        return new Receipt(transactionId, seq, key, kind, player, detail, postings, true,
            credits.stream().map(c -> new Credited(c.key(), c.seq(), true)).toList());
    }
}
