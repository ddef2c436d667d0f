package dev.ludus.server.audit;

import java.io.Serial;

/** A line of an audit log that does not have the documented shape; the message says what is wrong. */
final class MalformedEntryException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    MalformedEntryException(String message) {
        super(message, null, false, false);
    }
}
