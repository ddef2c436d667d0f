package dev.ludus.platform.activity;

import java.util.Map;
import java.util.TreeMap;

/**
 * The rules a task must pass before it is queued and again when it starts (the profile may have
 * changed while it waited). Checks run in the order listed; the first failure is reported. Stateless.
 *
 * <ul>
 *   <li>every task: {@code 1 <= count <= }{@value #MAX_COUNT} ({@link ActivityError#INVALID_PARAMETERS})</li>
 *   <li>harvesting: a tool of the task's kind ({@link ActivityError#MISSING_TOOL}); its durability
 *       {@code >= wearPerUnit * count} and {@code > 0} ({@link ActivityError#TOOL_BROKEN}); the player at the
 *       task's location ({@link ActivityError#WRONG_LOCATION})</li>
 *   <li>crafting: the station ({@link ActivityError#MISSING_STATION}); crafting skill {@code >= requiredSkill}
 *       ({@link ActivityError#SKILL_TOO_LOW}); every material {@code >= perUnit * count}
 *       ({@link ActivityError#MISSING_MATERIALS})</li>
 *   <li>combat: {@code level + }{@value #LEVEL_MARGIN}{@code  >= enemyLevel} ({@link ActivityError#LEVEL_TOO_LOW});
 *       equipment durability {@code >= wearPerUnit * count} and {@code > 0} ({@link ActivityError#EQUIPMENT_BROKEN})</li>
 * </ul>
 */
public final class TaskValidation {
    /** Most units in one task. Keeps every closed-form draw exact (see {@link RewardFormula#binomial}). */
    public static final int MAX_COUNT = 1000;
    /** How many levels below the enemy a player may fight (the reference game's choice: a fair fight up to 3 levels up). */
    public static final int LEVEL_MARGIN = 3;

    private TaskValidation() {
    }

    /**
     * @param task    the task
     * @param profile the player's profile
     * @param count   units requested
     * @throws ActivityException with the first rule broken
     */
    public static void check(TaskDefinition task, PlayerProfile profile, int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new ActivityException(ActivityError.INVALID_PARAMETERS, "count : " + count + " (expected: 1 to " + MAX_COUNT + ")");
        }
        long wear = (long) task.wearPerUnit() * count;
        switch (task.kind()) {
            case HARVESTING -> {
                PlayerProfile.Gear tool = profile.tools().get(task.tool());
                if (tool == null) {
                    throw new ActivityException(ActivityError.MISSING_TOOL, "tool : none of kind " + task.tool()
                        + " (expected: a " + task.tool() + " for " + task.id() + ")");
                }
                if (tool.durability() == 0 || tool.durability() < wear) {
                    throw new ActivityException(ActivityError.TOOL_BROKEN, "tool." + task.tool() + ".durability : " + tool.durability()
                        + " (expected: >= " + Math.max(1, wear) + " for " + count + " x " + task.id() + ")");
                }
                if (!task.location().equals(profile.location())) {
                    throw new ActivityException(ActivityError.WRONG_LOCATION, "location : " + profile.location()
                        + " (expected: " + task.location() + ")");
                }
            }
            case CRAFTING -> {
                if (!profile.stations().contains(task.station())) {
                    throw new ActivityException(ActivityError.MISSING_STATION, "station : " + task.station()
                        + " not available (expected: one of " + new java.util.TreeSet<>(profile.stations()) + " to include it)");
                }
                int skill = profile.skill(ActivityKind.CRAFTING);
                if (skill < task.requiredSkill()) {
                    throw new ActivityException(ActivityError.SKILL_TOO_LOW, "skill.crafting : " + skill
                        + " (expected: >= " + task.requiredSkill() + " for " + task.id() + ")");
                }
                Map<String, Long> missing = new TreeMap<>();
                for (Map.Entry<String, Integer> material : task.materials().entrySet()) {
                    long need = (long) material.getValue() * count;
                    long have = profile.materials().getOrDefault(material.getKey(), 0L);
                    if (have < need) {
                        missing.put(material.getKey(), need - have);
                    }
                }
                if (!missing.isEmpty()) {
                    throw new ActivityException(ActivityError.MISSING_MATERIALS, "materials : short of " + missing
                        + " (expected: " + new TreeMap<>(task.materials()) + " per unit x " + count + ")");
                }
            }
            case COMBAT -> {
                if (profile.level() + LEVEL_MARGIN < task.enemyLevel()) {
                    throw new ActivityException(ActivityError.LEVEL_TOO_LOW, "level : " + profile.level()
                        + " (expected: >= " + (task.enemyLevel() - LEVEL_MARGIN) + " against a level " + task.enemyLevel() + " enemy)");
                }
                if (profile.equipment().durability() == 0 || profile.equipment().durability() < wear) {
                    throw new ActivityException(ActivityError.EQUIPMENT_BROKEN, "equipment.durability : "
                        + profile.equipment().durability() + " (expected: >= " + Math.max(1, wear) + " for " + count + " x "
                        + task.id() + ")");
                }
            }
        }
    }

    /**
     * @param task    the task
     * @param profile the profile
     * @return the gear multiplier the task uses: the tool's power (harvesting), the equipment's (combat), 1 (crafting)
     */
    public static double gearPower(TaskDefinition task, PlayerProfile profile) {
        return switch (task.kind()) {
            case HARVESTING -> profile.tools().get(task.tool()).power();
            case COMBAT -> profile.equipment().power();
            case CRAFTING -> 1.0;
        };
    }
}
