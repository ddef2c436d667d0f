package dev.ludus.platform.ledger;

import java.util.List;

/**
 * One reward inside a settlement ({@link Ledger#rewardBatch}): exactly what {@link Ledger#reward}
 * would credit under {@code key}, credited together with others in one ledger transaction. Holds the
 * request as received; {@link Ledger#rewardBatch} validates it.
 *
 * @param key    the reward's own idempotency key (e.g. {@code activity:<taskId>}), the same rule as any key;
 *               item keys and transaction keys share one key space, so a key is credited once whichever way it comes
 * @param player the player's name (registered with the ledger)
 * @param reason why, 1 to 64 characters of {@code [A-Za-z0-9_:.-]}
 * @param grants 1 to {@value LedgerService#MAX_GRANTS} grants of GEM, GOLD or items
 */
public record Credit(String key, String player, String reason, List<Grant> grants) {
    /** Copies the grants (null stays null, for the ledger to refuse). */
    public Credit {
        grants = grants == null ? null : List.copyOf(grants);
    }
}
