package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small catalogue for tests: {@code gems_100} for 199 USD cents, {@code sword_skin} for 50 GEM. */
public final class TestCatalogue implements Catalogue {
    private static final Map<String, Offer> OFFERS = Map.of(
        "gems_100", new Offer("gems_100", new Grant(Asset.money("USD"), 199), List.of(new Grant(Asset.GEM, 100))),
        "sword_skin", new Offer("sword_skin", new Grant(Asset.GEM, 50), List.of(new Grant(Asset.item("sword_skin"), 1))));

    @Override
    public Optional<Offer> offer(String sku) {
        return Optional.ofNullable(OFFERS.get(sku));
    }

    @Override
    public boolean knowsAsset(String code) {
        return code.equals("GEM") || code.equals("GOLD") || code.equals("sword_skin") || code.equals("wood");
    }
}
