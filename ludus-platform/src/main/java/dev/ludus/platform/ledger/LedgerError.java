package dev.ludus.platform.ledger;

import java.util.Locale;

/**
 * Why the ledger refused a request: a stable code for clients (the lower-case name) and the HTTP
 * status an edge answers with.
 */
public enum LedgerError {
    /** The request is malformed (not JSON, wrong shape, missing field). */
    INVALID_REQUEST(400),
    /** No idempotency key was given. */
    MISSING_IDEMPOTENCY_KEY(400),
    /** The idempotency key has characters or a length outside its rule. */
    INVALID_IDEMPOTENCY_KEY(400),
    /** The SKU is not in the catalogue (or is not sold through this path). */
    UNKNOWN_SKU(404),
    /** No such player. */
    UNKNOWN_PLAYER(404),
    /** An asset that is not GEM, GOLD or an item of the catalogue. */
    UNKNOWN_ASSET(400),
    /** An amount that is zero, negative or not a whole number. */
    INVALID_AMOUNT(400),
    /** An amount, or the balance it would produce, beyond {@link Transaction#MAX_AMOUNT}. */
    AMOUNT_OVERFLOW(400),
    /** The key was used before with a different request. */
    IDEMPOTENCY_CONFLICT(409),
    /** The player's balance does not cover the price. */
    INSUFFICIENT_FUNDS(409),
    /** The database cannot be reached or kept failing after the retries; nothing was applied; retry with the same key. */
    STORE_UNAVAILABLE(503),
    /** A settlement names the same credit key twice, or a credit key equal to its own key. */
    DUPLICATE_CREDIT(400);

    private final int httpStatus;

    LedgerError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** @return the HTTP status for this error */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return the stable wire code, e.g. {@code idempotency_conflict} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
