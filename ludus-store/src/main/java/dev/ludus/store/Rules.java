package dev.ludus.store;

import dev.ludus.platform.ledger.Account;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerStore.Outcome;
import dev.ludus.platform.ledger.Transaction;

/** The refusals the JDBC store answers with, worded like the in-memory store's. */
final class Rules {
    private Rules() {
    }

    static Outcome check(Account account, long after) {
        if (after < 0 && !account.mayGoNegative()) {
            return refused(LedgerError.INSUFFICIENT_FUNDS, account + " : " + after + " after this purchase (expected: >= 0)");
        }
        if (Math.abs(after) > Transaction.MAX_AMOUNT) {
            return refused(LedgerError.AMOUNT_OVERFLOW, account + " : " + after
                + " after this transaction (expected: |balance| <= " + Transaction.MAX_AMOUNT + ")");
        }
        return null;
    }

    static Outcome conflict(Transaction transaction) {
        return conflict(transaction.key().value());
    }

    static Outcome conflict(String key) {
        return refused(LedgerError.IDEMPOTENCY_CONFLICT, "Idempotency-Key : \"" + key
            + "\" was used before with a different request (expected: a new key for a new request)");
    }

    static Outcome unknownPlayer(String player) {
        return refused(LedgerError.UNKNOWN_PLAYER, "player : \"" + player + "\" (expected: a registered player)");
    }

    static Outcome refused(LedgerError error, String message) {
        return new Outcome.Refused(error, message);
    }
}
