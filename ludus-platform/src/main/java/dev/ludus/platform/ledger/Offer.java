package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something for sale under a SKU: its price and what it grants.
 *
 * @param sku    the stock-keeping unit, 1 to 64 characters of {@code [a-z0-9_]}
 * @param price  what it costs: real money ({@link Asset.Kind#MONEY}, minor units, paid through a payment
 *               provider, sold over {@code POST /v1/purchases}) or premium currency (sold to players in game)
 * @param grants what the buyer receives, at least one
 */
public record Offer(String sku, Grant price, List<Grant> grants) {
    private static final Pattern SKU = Pattern.compile("[a-z0-9_]{1,64}");

    /** @throws IllegalArgumentException when the SKU is malformed, the price is not money or GEM, or nothing is granted */
    public Offer {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(price, "price");
        if (!SKU.matcher(sku).matches()) {
            throw new IllegalArgumentException("sku : \"" + sku + "\" (expected: 1-64 characters of a-z 0-9 _)");
        }
        if (price.asset().kind() != Asset.Kind.MONEY && price.asset().kind() != Asset.Kind.PREMIUM) {
            throw new IllegalArgumentException("price : " + price.asset() + " (expected: a real currency or GEM)");
        }
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("grants : empty (expected: at least one)");
        }
        grants = List.copyOf(grants);
    }

    /** @return whether the price is in real money (a payment callback) rather than premium currency */
    public boolean paidWithMoney() {
        return price.asset().kind() == Asset.Kind.MONEY;
    }
}
