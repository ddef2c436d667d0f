package dev.ludus.platform.ledger;

/**
 * The ledger's name checks (keys, player names, reasons) without a regular expression: they run for every credit of a
 * settlement, where a {@code Matcher} per name cost more than the rest of the validation. Stateless, thread-safe.
 */
final class Names {
    private Names() {
    }

    /**
     * @param text      the candidate, may be null
     * @param maxLength most characters, {@code >= 1}
     * @param extra     the characters allowed besides {@code A-Z a-z 0-9}
     * @return whether {@code text} is 1 to {@code maxLength} characters of {@code A-Z a-z 0-9} and {@code extra}
     */
    static boolean matches(String text, int maxLength, String extra) {
        if (text == null || text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && extra.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
