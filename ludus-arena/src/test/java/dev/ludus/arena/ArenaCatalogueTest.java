package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.Grant;
import org.junit.jupiter.api.Test;

class ArenaCatalogueTest {
    private final ArenaCatalogue catalogue = new ArenaCatalogue();

    @Test
    void shouldSellGemPacksForMoneyAndItemsForGems() {
        assertThat(catalogue.offer("gems_100")).get().satisfies(offer -> {
            assertThat(offer.paidWithMoney()).isTrue();
            assertThat(offer.price()).isEqualTo(new Grant(Asset.money("USD"), 199));
            assertThat(offer.grants()).containsExactly(new Grant(Asset.GEM, 100));
        });
        assertThat(catalogue.offer("sword_skin")).get().satisfies(offer -> assertThat(offer.paidWithMoney()).isFalse());
        assertThat(catalogue.offer("nope")).isEmpty();
        assertThat(catalogue.offers()).hasSize(8);
    }

    @Test
    void shouldGrantOnlyKnownAssets() {
        assertThat(catalogue.knowsAsset("GEM")).isTrue();
        assertThat(catalogue.knowsAsset("GOLD")).isTrue();
        assertThat(catalogue.knowsAsset("potion")).isTrue();
        assertThat(catalogue.knowsAsset("USD")).isFalse();
        assertThat(catalogue.knowsAsset("dragon")).isFalse();
        catalogue.offers().values().forEach(offer -> offer.grants()
            .forEach(grant -> assertThat(catalogue.knowsAsset(grant.asset().code())).as(offer.sku()).isTrue()));
    }
}
