package dev.ludus.platform.activity;

import java.util.Locale;

/**
 * Why an activity request was refused or a task failed: stable codes for clients (the lower-case
 * name). Codes are never renamed, only added.
 */
public enum ActivityError {
    /** The task id names no task of the catalogue. */
    UNKNOWN_TASK,
    /** A parameter is out of range (e.g. a count below 1 or above the maximum). */
    INVALID_PARAMETERS,
    /** Harvesting: the player has no tool of the kind the task needs. */
    MISSING_TOOL,
    /** Harvesting: the tool's durability does not cover the task's wear. */
    TOOL_BROKEN,
    /** Harvesting: the player is not at the task's location. */
    WRONG_LOCATION,
    /** Crafting: the player lacks some of the materials. */
    MISSING_MATERIALS,
    /** Crafting: the player has no access to the station the recipe needs. */
    MISSING_STATION,
    /** Crafting: the player's crafting skill is below the recipe's. */
    SKILL_TOO_LOW,
    /** Combat: the player's level is too far below the enemy's. */
    LEVEL_TOO_LOW,
    /** Combat: the equipment's durability does not cover the fight's wear. */
    EQUIPMENT_BROKEN,
    /** The player's queue holds the maximum number of tasks already. */
    QUEUE_FULL,
    /** Cancel: the player has no such active task. */
    UNKNOWN_ACTIVITY,
    /** The player's name is not a valid player name or the ledger does not know the player. */
    UNKNOWN_PLAYER,
    /** A finished craft in which every unit failed (a {@code task_failed} reason; nothing is credited). */
    CRAFTING_FAILED,
    /** The ledger refused the task's reward for good (e.g. an asset it does not know; a {@code task_failed} reason). */
    CREDIT_REFUSED,
    /** The activity service or its database is unavailable; retry later. */
    ACTIVITIES_UNAVAILABLE;

    /** @return the stable wire code, e.g. {@code missing_tool} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
