package dev.ludus.platform.ledger;

/**
 * The store could not do its work (database down, connection lost, serialization failure). Nothing
 * of the failed call was applied: a store rolls back before throwing.
 */
public final class LedgerStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the driver's exception
     */
    public LedgerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
