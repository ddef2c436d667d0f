package dev.ludus.server.audit;

import java.io.Serial;

/**
 * The audit log cannot be started: its directory cannot be created or written, or the server key
 * there cannot be read. The message names the path and the cause, e.g.
 * {@code --audit-dir : /var/ludus (expected: a writable directory; AccessDeniedException: /var/ludus)}.
 * Commands turn it into exit status 2, before the world starts.
 */
public final class AuditLogException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    AuditLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
