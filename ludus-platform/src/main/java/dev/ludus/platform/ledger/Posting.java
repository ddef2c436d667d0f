package dev.ludus.platform.ledger;

import java.util.Objects;

/**
 * One line of a transaction: an amount added to (positive) or taken from (negative) an account.
 *
 * @param account the account
 * @param amount  the change, in the asset's units (minor units for money), never 0
 */
public record Posting(Account account, long amount) {
    /** @throws IllegalArgumentException when the amount is 0 */
    public Posting {
        Objects.requireNonNull(account, "account");
        if (amount == 0) {
            throw new IllegalArgumentException("posting.amount : 0 (expected: non-zero)");
        }
    }
}
