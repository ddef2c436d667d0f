package dev.ludus.arena;

import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.Catalogue;
import dev.ludus.platform.ledger.Grant;
import dev.ludus.platform.ledger.Offer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the reference game sells. Gem packs are paid in real money (US cents) through a payment
 * provider's callback ({@code POST /v1/purchases}); items are paid in gems by players in game
 * ({@code buy} over the WebSocket). Prices are the reference game's own, chosen to look like a
 * typical mobile store (a 100-gem pack at 1.99, bulk packs cheaper per gem). Immutable, thread-safe.
 */
public final class ArenaCatalogue implements Catalogue {
    /** The items of the reference game, which rewards may grant too. */
    public static final Set<String> ITEMS = Set.of("wood", "ore", "arrow", "potion", "gold", "sword_skin", "bow_skin");

    private static final Asset USD = Asset.money("USD");
    private static final Map<String, Offer> OFFERS = Stream.of(
            new Offer("gems_100", new Grant(USD, 199), List.of(new Grant(Asset.GEM, 100))),
            new Offer("gems_550", new Grant(USD, 999), List.of(new Grant(Asset.GEM, 550))),
            new Offer("gems_1200", new Grant(USD, 1999), List.of(new Grant(Asset.GEM, 1200))),
            new Offer("starter_pack", new Grant(USD, 499), List.of(new Grant(Asset.GEM, 200), new Grant(Asset.GOLD, 1000),
                new Grant(Asset.item("potion"), 5))),
            new Offer("potion_pack", new Grant(Asset.GEM, 20), List.of(new Grant(Asset.item("potion"), 5))),
            new Offer("arrow_bundle", new Grant(Asset.GEM, 10), List.of(new Grant(Asset.item("arrow"), 50))),
            new Offer("sword_skin", new Grant(Asset.GEM, 50), List.of(new Grant(Asset.item("sword_skin"), 1))),
            new Offer("bow_skin", new Grant(Asset.GEM, 80), List.of(new Grant(Asset.item("bow_skin"), 1))))
        .collect(Collectors.toUnmodifiableMap(Offer::sku, Function.identity()));

    @Override
    public Optional<Offer> offer(String sku) {
        return Optional.ofNullable(OFFERS.get(sku));
    }

    @Override
    public boolean knowsAsset(String code) {
        return code.equals(Asset.GEM.code()) || code.equals(Asset.GOLD.code()) || ITEMS.contains(code);
    }

    /** @return every offer, by SKU */
    public Map<String, Offer> offers() {
        return OFFERS;
    }
}
