package dev.ludus.platform.session;

import java.util.Objects;

/**
 * A refused session operation, with its stable {@link SessionError}. Nothing changed when it is thrown.
 */
public final class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reason; a plain enum, so the exception serializes. */
    private final SessionError error;

    /**
     * @param error   the reason
     * @param message a human-readable detail
     */
    public SessionException(SessionError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** @return the reason */
    public SessionError error() {
        return error;
    }
}
