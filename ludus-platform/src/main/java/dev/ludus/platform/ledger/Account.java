package dev.ludus.platform.ledger;

import java.util.Objects;

/**
 * One balance: a holder's count of one asset. Player accounts ({@code player:<name>}) never go
 * negative; system accounts ({@code system:<name>}) are the other side of every posting that creates
 * or destroys value and may.
 *
 * @param holder {@code player:<name>} or {@code system:<name>}
 * @param asset  what is counted
 */
public record Account(String holder, Asset asset) {
    /** Where real money paid for SKUs is recorded (positive: revenue in minor units). */
    public static final String REVENUE = "system:revenue";
    /** The payment provider's side of a purchase (negative: money received from outside). */
    public static final String PAYMENTS = "system:payments";
    /** The source of everything granted by purchases (negative: value issued). */
    public static final String ISSUED = "system:issued";
    /** The source of rewards (negative: value rewarded). */
    public static final String REWARDS = "system:rewards";
    /** Where premium currency spent on items goes (positive: value sunk). */
    public static final String SINK = "system:sink";


    /** @throws IllegalArgumentException when the holder is neither a player nor a system account */
    public Account {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(asset, "asset");
        if (!isHolder(holder)) {
            throw new IllegalArgumentException("holder : \"" + holder + "\" (expected: player:<name> or system:<name>)");
        }
    }

    /** {@code player:} and 1-32 of {@code [A-Za-z0-9_-]}, or {@code system:} and 1-32 of {@code [a-z_]}. */
    private static boolean isHolder(String holder) {
        if (holder.startsWith("player:")) {
            return Names.matches(holder.substring(7), 32, "_-");
        }
        if (!holder.startsWith("system:") || holder.length() == 7 || holder.length() > 7 + 32) {
            return false;
        }
        for (int i = 7; i < holder.length(); i++) {
            char c = holder.charAt(i);
            if ((c < 'a' || c > 'z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param player a player name, 1 to 32 characters of {@code [A-Za-z0-9_-]} (the login's rule)
     * @param asset  the asset
     * @return the player's account for that asset
     */
    public static Account player(String player, Asset asset) {
        return new Account("player:" + player, asset);
    }

    /**
     * Player names are case-insensitive, as in the world and the sessions ({@code Alice} and {@code alice} are one
     * player): the ledger and the activities key a player by this form.
     *
     * @param player a valid player name ({@link #isPlayerName})
     * @return its lower-case form (the names are ASCII, so the locale plays no part)
     */
    public static String canonicalName(String player) {
        return player.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param player a candidate player name
     * @return whether it is a valid player name
     */
    public static boolean isPlayerName(String player) {
        return Names.matches(player, 32, "_-");
    }

    /** @return whether the balance may go below zero (system accounts only) */
    public boolean mayGoNegative() {
        return holder.startsWith("system:");
    }

    @Override
    public String toString() {
        return holder + "/" + asset.code();
    }
}
