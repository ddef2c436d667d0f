package dev.ludus.sim.action;

/**
 * The outcome of an optimistic-concurrency update ({@code Command.Update}).
 *
 * @param applied        whether the change was made
 * @param code           {@code null} when applied, else a stable reason: {@code version_conflict} (the
 *                       entity changed since the caller read it: read again and retry),
 *                       {@code unknown_entity}, {@code unknown_item}, {@code insufficient}
 * @param currentVersion the entity's version after the call (the new one when applied), -1 when unknown
 */
public record UpdateResult(boolean applied, String code, long currentVersion) {
}
