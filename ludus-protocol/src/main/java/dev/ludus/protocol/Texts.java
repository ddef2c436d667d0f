package dev.ludus.protocol;

/** Helpers for quoting client input in error messages without echoing megabytes back. Thread-safe (stateless). */
public final class Texts {
    private static final int MAX_ECHO = 40;

    private Texts() {
    }

    /**
     * @param value client text, not null
     * @return the text when at most 40 characters long, else its first 40 characters and {@code ...}
     */
    public static String clip(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }

    /**
     * @param value    text that may quote client input (a parser's message), not null
     * @param maxChars the most characters kept, {@code >= 1}
     * @return the text when at most {@code maxChars} long, else its first {@code maxChars} characters and {@code ...}
     */
    public static String clip(String value, int maxChars) {
        return value.length() <= maxChars ? value : value.substring(0, maxChars) + "...";
    }
}
