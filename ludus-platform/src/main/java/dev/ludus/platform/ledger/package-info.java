/**
 * The ledger (DESIGN.md §6): double-entry accounts per player and asset plus system accounts,
 * transactions keyed by an idempotency key, an append-only hash-chained journal, exactly-once
 * application across crashes, bounded retries with exponential backoff and full jitter, and a lane
 * of its own that load shedding never touches.
 *
 * <p>Settlements ({@link dev.ludus.platform.ledger.Ledger#rewardBatch}) credit many rewards in one
 * transaction, each reward an item under its own key; item keys and transaction keys share one key
 * space, so a reward is credited once whether it comes alone or in any settlement.
 *
 * <p>The domain ({@link dev.ludus.platform.ledger.Asset}, {@link dev.ludus.platform.ledger.Account},
 * {@link dev.ludus.platform.ledger.Posting}, {@link dev.ludus.platform.ledger.Transaction},
 * {@link dev.ludus.platform.ledger.JournalEntry}) is pure; persistence sits behind
 * {@link dev.ludus.platform.ledger.LedgerStore}, implemented with JDBC in {@code ludus-store}.
 */
package dev.ludus.platform.ledger;
