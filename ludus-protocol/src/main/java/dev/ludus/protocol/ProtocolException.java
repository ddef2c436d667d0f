package dev.ludus.protocol;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown when bytes or values do not form a valid protocol message.
 *
 * <p>The {@link #code()} is the stable code the server sends back in an {@code error} message; the
 * message text names the field, the value received and what was expected.
 */
public final class ProtocolException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code    the stable error code
     * @param message a human-readable explanation naming field, value and expectation
     */
    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code    the stable error code
     * @param message a human-readable explanation
     * @param cause   the parser failure behind it
     */
    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @return the stable code for the {@code error} reply
     */
    public ErrorCode code() {
        return code;
    }
}
