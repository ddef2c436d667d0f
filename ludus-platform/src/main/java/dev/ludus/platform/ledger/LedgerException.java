package dev.ludus.platform.ledger;

import java.util.Objects;

/** A ledger request refused, with its stable {@link LedgerError}. Nothing of the request was applied. */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reason; stable. */
    private final LedgerError error;

    /**
     * @param error   the reason
     * @param message what was wrong, for people (names the field and the value)
     */
    public LedgerException(LedgerError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @param error   the reason
     * @param message what was wrong
     * @param cause   the underlying failure
     */
    public LedgerException(LedgerError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** @return the reason */
    public LedgerError error() {
        return error;
    }
}
