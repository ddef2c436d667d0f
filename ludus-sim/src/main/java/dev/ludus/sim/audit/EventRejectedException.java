package dev.ludus.sim.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * A {@link SignedEvent} that the receiver refused, with a stable {@link Code}. Checked on purpose: a
 * receiver cannot forget that an event from another server may be false.
 */
public final class EventRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an event was refused. */
    public enum Code {
        /** The origin is not among the trusted servers. */
        UNKNOWN_ORIGIN,
        /** The signature does not verify with the origin's key: the event was changed or forged. */
        BAD_SIGNATURE,
        /** The sequence number is not above the last one accepted from that origin: a replay. */
        REPLAYED_SEQUENCE;

        /** @return the code as it appears in logs and metrics, e.g. {@code bad_signature} */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code code;

    EventRejectedException(Code code, String message) {
        super(code.wireName() + ": " + message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return why the event was refused, never null */
    public Code code() {
        return code;
    }
}
