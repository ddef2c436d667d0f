package dev.ludus.protocol;

/** Helpers for quoting client input in error messages without echoing megabytes back. */
final class Texts {
    private static final int MAX_ECHO = 40;

    private Texts() {
    }

    static String clip(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
