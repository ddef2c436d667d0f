package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ledger as the edges see it (HTTP API, WebSocket {@code buy}). Every method is thread-safe and
 * non-blocking: it returns at once, and the future completes on the ledger's own threads, exceptionally
 * with a {@link LedgerException} carrying a stable {@link LedgerError} when the request is refused.
 * A future that completes normally means the transaction is durable.
 */
public interface Ledger {
    /**
     * Buys a SKU for a player.
     *
     * @param key    the idempotency key as received (null or empty: {@link LedgerError#MISSING_IDEMPOTENCY_KEY})
     * @param player the player's name
     * @param sku    the SKU
     * @param path   how it is paid: only SKUs priced that way are sold ({@link LedgerError#UNKNOWN_SKU} otherwise)
     * @return the receipt
     */
    CompletableFuture<Receipt> purchase(String key, String player, String sku, PaymentPath path);

    /**
     * Grants assets to a player from the rewards account.
     *
     * @param key    the idempotency key as received
     * @param player the player's name
     * @param reason why, 1 to 64 characters of {@code [A-Za-z0-9_:.-]} (e.g. {@code quest:wolves})
     * @param grants 1 to {@value LedgerService#MAX_GRANTS} grants of GEM, GOLD or items
     * @return the receipt
     */
    CompletableFuture<Receipt> reward(String key, String player, String reason, List<Grant> grants);

    /**
     * @param player the player's name
     * @return the player's non-zero balances by asset code ({@link LedgerError#UNKNOWN_PLAYER} when none such)
     */
    CompletableFuture<Map<String, Long>> balances(String player);

    /**
     * Makes a player known to the ledger (idempotent); the server does it at login.
     *
     * @param player a valid player name
     * @return completes when durable
     */
    CompletableFuture<Void> registerPlayer(String player);
}
