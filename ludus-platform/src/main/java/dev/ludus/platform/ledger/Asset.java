package dev.ludus.platform.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something an account holds a count of: a currency of the game, a real currency (in minor units,
 * e.g. cents), or an item (a countable asset).
 *
 * @param code the asset's name: {@code GEM}, {@code GOLD}, an ISO 4217 code such as {@code USD}, or an
 *             item name of 1 to 32 characters of {@code [a-z0-9_]}
 * @param kind what sort of asset it is
 */
public record Asset(String code, Kind kind) {
    /** The premium currency, bought with real money. */
    public static final Asset GEM = new Asset("GEM", Kind.PREMIUM);
    /** The soft currency, earned in play. */
    public static final Asset GOLD = new Asset("GOLD", Kind.SOFT);

    private static final Pattern ITEM = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern MONEY = Pattern.compile("[A-Z]{3}");

    /** What sort of asset. */
    public enum Kind {
        /** Premium currency ({@link #GEM}). */
        PREMIUM,
        /** Soft currency ({@link #GOLD}). */
        SOFT,
        /** A real currency counted in minor units; held only by system accounts. */
        MONEY,
        /** An item, counted. */
        ITEM
    }

    /** @throws IllegalArgumentException when the code does not fit the kind */
    public Asset {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        boolean valid = switch (kind) {
            case PREMIUM -> code.equals("GEM");
            case SOFT -> code.equals("GOLD");
            case MONEY -> MONEY.matcher(code).matches();
            case ITEM -> ITEM.matcher(code).matches();
        };
        if (!valid) {
            throw new IllegalArgumentException("asset : \"" + code + "\" (expected: GEM, GOLD, a 3-letter currency or an item name of a-z 0-9 _)");
        }
    }

    /**
     * @param name an item name, 1 to 32 characters of {@code [a-z0-9_]}
     * @return the item as an asset
     */
    public static Asset item(String name) {
        return new Asset(name, Kind.ITEM);
    }

    /**
     * @param iso4217 a three-letter currency code such as {@code USD}
     * @return the real currency as an asset counted in minor units
     */
    public static Asset money(String iso4217) {
        return new Asset(iso4217, Kind.MONEY);
    }

    /**
     * Reads an asset back from its code: {@code GEM}, {@code GOLD}, three capitals for money,
     * anything else as an item.
     *
     * @param code the stored or requested code
     * @return the asset
     * @throws IllegalArgumentException when the code is none of these
     */
    public static Asset parse(String code) {
        Objects.requireNonNull(code, "code");
        return switch (code) {
            case "GEM" -> GEM;
            case "GOLD" -> GOLD;
            default -> MONEY.matcher(code).matches() ? money(code) : item(code);
        };
    }

    @Override
    public String toString() {
        return code;
    }
}
