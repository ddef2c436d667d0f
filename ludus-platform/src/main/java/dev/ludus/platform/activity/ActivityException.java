package dev.ludus.platform.activity;

import java.util.Objects;

/** An activity request refused, with its stable {@link ActivityError}. Nothing was queued or changed. */
public final class ActivityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reason; stable. */
    private final ActivityError error;

    /**
     * @param error   the reason
     * @param message what was wrong, for people (names the field, the value and the expectation)
     */
    public ActivityException(ActivityError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** @return the reason */
    public ActivityError error() {
        return error;
    }
}
