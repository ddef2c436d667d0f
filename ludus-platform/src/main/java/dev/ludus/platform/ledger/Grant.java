package dev.ludus.platform.ledger;

import java.util.Objects;

/**
 * A count of an asset given to a player.
 *
 * @param asset  what is given
 * @param amount how many, 1 to {@link Transaction#MAX_AMOUNT}
 */
public record Grant(Asset asset, long amount) {
    /** @throws LedgerException {@link LedgerError#INVALID_AMOUNT} when {@code amount < 1}, {@link LedgerError#AMOUNT_OVERFLOW} when too large */
    public Grant {
        Objects.requireNonNull(asset, "asset");
        if (amount < 1) {
            throw new LedgerException(LedgerError.INVALID_AMOUNT, "amount : " + amount + " (expected: >= 1)");
        }
        if (amount > Transaction.MAX_AMOUNT) {
            throw new LedgerException(LedgerError.AMOUNT_OVERFLOW, "amount : " + amount + " (expected: <= " + Transaction.MAX_AMOUNT + ")");
        }
    }
}
