package dev.ludus.platform.ledger;

/** How a purchase is paid, which decides which SKUs it may buy. */
public enum PaymentPath {
    /** A payment provider's callback (HTTP, admin key): SKUs priced in real money. */
    PAYMENT_PROVIDER,
    /** A player spending premium currency in game (WebSocket): SKUs priced in GEM. */
    PREMIUM_CURRENCY
}
