package dev.ludus.platform.session;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A player's critical data kept while it is out of the world: where it stood, its health and its
 * inventory. Written when a session's grace window ends (parked) and carried in a handoff token
 * (transfer); the next login or the target server puts the player back with it.
 *
 * @param player    the player's name
 * @param xMetres   where it stood, metres, finite
 * @param yMetres   likewise y
 * @param health    its health when it left, {@code >= 0}
 * @param inventory item name to count, every count {@code >= 1}, names of 1-64 characters of
 *                  {@code A-Z a-z 0-9 _ . : -}; copied, unmodifiable
 */
public record ParkedPlayer(String player, double xMetres, double yMetres, int health, SortedMap<String, Integer> inventory) {
    private static final String ITEM_NAME = "[A-Za-z0-9_.:-]{1,64}";

    /**
     * @throws NullPointerException when a reference is null
     * @throws IllegalArgumentException when a field is out of its range
     */
    public ParkedPlayer {
        Objects.requireNonNull(player, "player");
        if (player.isEmpty() || !Double.isFinite(xMetres) || !Double.isFinite(yMetres) || health < 0) {
            throw new IllegalArgumentException("parked player \"" + player + "\" at " + xMetres + ", " + yMetres
                + " health " + health + " (expected: a name, a finite position, health >= 0)");
        }
        TreeMap<String, Integer> copy = new TreeMap<>();
        for (Map.Entry<String, Integer> item : inventory.entrySet()) {
            if (!item.getKey().matches(ITEM_NAME) || item.getValue() == null || item.getValue() < 1) {
                throw new IllegalArgumentException("inventory : " + item.getKey() + "=" + item.getValue()
                    + " (expected: a name of " + ITEM_NAME + " and a count >= 1)");
            }
            copy.put(item.getKey(), item.getValue());
        }
        inventory = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * @return the data without the name, as {@code x;y;health;item=count,item=count} (x and y in
     *     metres with Java's shortest exact decimal form, so decoding gives the same doubles)
     */
    public String encode() {
        return xMetres + ";" + yMetres + ";" + health + ";" + inventoryText();
    }

    /** @return the inventory alone, as {@code item=count,item=count} (empty for none) */
    public String inventoryText() {
        StringBuilder text = new StringBuilder(32);
        for (Map.Entry<String, Integer> item : inventory.entrySet()) {
            text.append(text.isEmpty() ? "" : ",").append(item.getKey()).append('=').append(item.getValue());
        }
        return text.toString();
    }

    /**
     * @param player  the player's name
     * @param encoded what {@link #encode()} wrote
     * @return the data
     * @throws IllegalArgumentException when the text is not of that form or a value is out of range
     */
    public static ParkedPlayer decode(String player, String encoded) {
        String[] parts = encoded.split(";", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("parked player : \"" + encoded + "\" (expected: x;y;health;items)");
        }
        return new ParkedPlayer(player, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
            Integer.parseInt(parts[2]), parseInventory(parts[3]));
    }

    /**
     * @param text what {@link #inventoryText()} wrote
     * @return item name to count; the constructor checks names and counts
     * @throws IllegalArgumentException when an item is not {@code name=count} with a whole count
     */
    public static SortedMap<String, Integer> parseInventory(String text) {
        SortedMap<String, Integer> inventory = new TreeMap<>();
        if (!text.isEmpty()) {
            for (String item : text.split(",", -1)) {
                int equals = item.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("parked item : \"" + item + "\" (expected: name=count)");
                }
                inventory.put(item.substring(0, equals), Integer.parseInt(item.substring(equals + 1)));
            }
        }
        return inventory;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s at (%.2f, %.2f) health %d %s", player, xMetres, yMetres, health, inventory);
    }
}
