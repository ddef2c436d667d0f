package dev.ludus.platform.ledger;

import java.util.Optional;

/** What a game sells: SKUs and the items that exist. Implementations are immutable and thread-safe. */
public interface Catalogue {
    /**
     * @param sku a SKU as requested
     * @return the offer, or empty when the game sells no such thing
     */
    Optional<Offer> offer(String sku);

    /**
     * @param code an asset code as requested (e.g. in a reward grant)
     * @return whether rewards may grant it: GEM, GOLD or an item of the game
     */
    boolean knowsAsset(String code);
}
