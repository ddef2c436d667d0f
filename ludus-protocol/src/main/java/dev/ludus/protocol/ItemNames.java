package dev.ludus.protocol;

import java.util.regex.Pattern;

/** The shape of item names ({@link ClientMessage#ITEM_PATTERN}), compiled once. Thread-safe. */
final class ItemNames {
    private static final Pattern ITEM = Pattern.compile(ClientMessage.ITEM_PATTERN);

    private ItemNames() {
    }

    static boolean isValid(String item) {
        return ITEM.matcher(item).matches();
    }
}
