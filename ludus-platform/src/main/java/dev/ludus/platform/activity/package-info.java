/**
 * Idle activities (DESIGN.md §6, issue 8): per-player queues of harvesting, crafting and combat tasks
 * with durations, validated against the player's profile, processed on durable timers, rewarded
 * through the {@link dev.ludus.platform.ledger.Ledger} with one idempotency key per task, and
 * announced with notifications that wait in the store for players who are offline.
 *
 * <p>The formulas and their constants are in {@link dev.ludus.platform.activity.RewardFormula} and
 * {@code docs/activities.md}; the game's content (tasks, tools, profiles) comes from an
 * {@link dev.ludus.platform.activity.ActivityRules} (the reference game's is {@code ArenaActivities}
 * in {@code ludus-arena}); persistence sits behind {@link dev.ludus.platform.activity.ActivityStore},
 * implemented with JDBC in {@code ludus-store}.
 */
package dev.ludus.platform.activity;
