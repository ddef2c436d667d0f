package dev.ludus.platform.ledger;

/**
 * The caller's name for one intended transaction: the same key always means the same transaction,
 * however often it is sent.
 *
 * @param value 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]} (a UUID fits)
 */
public record IdempotencyKey(String value) {
    /** Longest key, in characters. */
    public static final int MAX_LENGTH = 128;

    /** @throws LedgerException {@link LedgerError#MISSING_IDEMPOTENCY_KEY} when absent, {@link LedgerError#INVALID_IDEMPOTENCY_KEY} when malformed */
    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new LedgerException(LedgerError.MISSING_IDEMPOTENCY_KEY, "Idempotency-Key : missing (expected: 1-"
                + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -)");
        }
        if (!Names.matches(value, MAX_LENGTH, "._:-")) {
            throw new LedgerException(LedgerError.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key : \""
                + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\" (expected: 1-" + MAX_LENGTH
                + " characters of A-Z a-z 0-9 . _ : -)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
