package dev.ludus.platform.activity;

/** The activity store could not complete a call; nothing of it was applied. Transient: retry. */
public final class ActivityStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the database's error
     */
    public ActivityStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
