package dev.ludus.platform.ledger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ledger as the edges see it (HTTP API, WebSocket {@code buy}). Every method is thread-safe and
 * non-blocking: it returns at once, and the future completes on the ledger's own threads, exceptionally
 * with a {@link LedgerException} carrying a stable {@link LedgerError} when the request is refused.
 * A future that completes normally means the transaction is durable.
 *
 * <p>Player names are case-insensitive, as in the world and the sessions: {@code Alice} and {@code alice}
 * are one player, whose accounts and receipts carry the lower-case form ({@link Account#canonicalName}).
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
     * Credits many rewards in one ledger transaction (a settlement): one journal entry under
     * {@code key} whose items name every reward under its own key, one durable commit.
     *
     * <p>Guarantees, on top of {@link #reward}'s: the whole settlement is checked before anything is
     * applied, and a refusal applies nothing. Credit keys and transaction keys share one key space, so
     * each credit key is credited at most once, whether it comes alone or in any settlement: a credit
     * whose key was credited before with the same request is not credited again (its
     * {@link Receipt.Credited} points at the earlier entry, {@code replayed}); the same key with another
     * request refuses the whole settlement with {@link LedgerError#IDEMPOTENCY_CONFLICT}. A repeated
     * {@code key} with the same credits answers the original receipt ({@code replayed}); with other
     * credits, {@link LedgerError#IDEMPOTENCY_CONFLICT}. A later {@link #reward} under a credit's key
     * with the same player, reason and grants answers that credit's receipt, replayed.
     *
     * <p>Refusals: {@link LedgerError#INVALID_REQUEST} (no credits, more than
     * {@value LedgerService#MAX_CREDITS}, a malformed reason or grant list),
     * {@link LedgerError#DUPLICATE_CREDIT} (a credit key twice, or equal to {@code key}),
     * {@link LedgerError#MISSING_IDEMPOTENCY_KEY} / {@link LedgerError#INVALID_IDEMPOTENCY_KEY},
     * {@link LedgerError#UNKNOWN_PLAYER} (malformed or unregistered), {@link LedgerError#UNKNOWN_ASSET},
     * {@link LedgerError#AMOUNT_OVERFLOW}, {@link LedgerError#IDEMPOTENCY_CONFLICT},
     * {@link LedgerError#STORE_UNAVAILABLE} (retry with the same key and credits, or with a new key: credits
     * committed meanwhile are not credited twice).
     *
     * @param key     the settlement's idempotency key (e.g. {@code settlement:<uuid>})
     * @param credits 1 to {@value LedgerService#MAX_CREDITS} credits, keys distinct
     * @return the settlement's receipt, with one {@link Receipt.Credited} per credit in request order
     */
    CompletableFuture<Receipt> rewardBatch(String key, List<Credit> credits);

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
