package dev.ludus.platform.activity;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One task of a game's catalogue: what it needs, how long one unit takes, and what one unit yields
 * before the {@link RewardFormula}'s modifiers. Fields that a kind does not use are null or zero.
 *
 * @param id             the task's name, 1 to 32 characters of {@code [a-z0-9_]}, e.g. {@code chop_wood}
 * @param kind           harvesting, crafting or combat
 * @param unitDurationMs how long one unit takes at time scale 1, milliseconds, {@code >= 1}
 * @param difficulty     1 (easy) to 10 (hard); scales rewards ({@link RewardFormula#difficultyMultiplier})
 * @param baseRewards    asset code to amount per unit before modifiers (GOLD, GEM or an item), amounts {@code >= 1}
 * @param rareDrop       an item that may drop once per unit, or null
 * @param rareChance     the drop's base chance per unit, 0 to 1
 * @param tool           harvesting: the kind of tool needed (e.g. {@code axe}); else null
 * @param location       harvesting: where the resource is (e.g. {@code forest}); else null
 * @param wearPerUnit    harvesting and combat: durability the tool or equipment loses per unit, {@code >= 0}
 * @param station        crafting: the station needed (e.g. {@code workbench}); else null
 * @param materials      crafting: item to count consumed per unit; else empty
 * @param requiredSkill  crafting: the lowest crafting skill allowed, 0 to 99; else 0
 * @param enemyLevel     combat: the enemy's level, 1 to 100; else 0
 */
public record TaskDefinition(String id, ActivityKind kind, long unitDurationMs, int difficulty, Map<String, Integer> baseRewards,
                             String rareDrop, double rareChance, String tool, String location, int wearPerUnit,
                             String station, Map<String, Integer> materials, int requiredSkill, int enemyLevel) {
    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,32}");

    /** @throws IllegalArgumentException when a field is out of range or a kind's required field is missing */
    public TaskDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id : \"" + id + "\" (expected: 1-32 characters of a-z 0-9 _)");
        }
        if (unitDurationMs < 1) {
            throw new IllegalArgumentException("unitDurationMs : " + unitDurationMs + " (expected: >= 1)");
        }
        if (difficulty < 1 || difficulty > 10) {
            throw new IllegalArgumentException("difficulty : " + difficulty + " (expected: 1 to 10)");
        }
        baseRewards = Map.copyOf(baseRewards);
        materials = materials == null ? Map.of() : Map.copyOf(materials);
        if (baseRewards.isEmpty() || baseRewards.values().stream().anyMatch(a -> a < 1)) {
            throw new IllegalArgumentException("baseRewards : " + baseRewards + " (expected: at least one amount, each >= 1)");
        }
        if (!(rareChance >= 0 && rareChance <= 1)) {
            throw new IllegalArgumentException("rareChance : " + rareChance + " (expected: 0 to 1)");
        }
        if (wearPerUnit < 0 || requiredSkill < 0 || requiredSkill > 99 || enemyLevel < 0 || enemyLevel > 100) {
            throw new IllegalArgumentException("wearPerUnit, requiredSkill, enemyLevel : " + wearPerUnit + ", " + requiredSkill
                + ", " + enemyLevel + " (expected: >= 0, 0 to 99, 0 to 100)");
        }
        boolean complete = switch (kind) {
            case HARVESTING -> tool != null && location != null;
            case CRAFTING -> station != null && !materials.isEmpty();
            case COMBAT -> enemyLevel >= 1;
        };
        if (!complete) {
            throw new IllegalArgumentException("task " + id + " : " + kind.code()
                + " (expected: harvesting with tool and location, crafting with station and materials, combat with enemyLevel >= 1)");
        }
    }

    /**
     * A harvesting task.
     *
     * @param id             the name
     * @param unitDurationMs one unit's duration, ms
     * @param difficulty     1 to 10
     * @param baseRewards    asset to amount per unit
     * @param rareDrop       rare item or null
     * @param rareChance     its chance per unit
     * @param tool           the tool kind needed
     * @param location       the location needed
     * @param wearPerUnit    tool durability lost per unit
     * @return the task
     */
    public static TaskDefinition harvesting(String id, long unitDurationMs, int difficulty, Map<String, Integer> baseRewards,
                                            String rareDrop, double rareChance, String tool, String location, int wearPerUnit) {
        return new TaskDefinition(id, ActivityKind.HARVESTING, unitDurationMs, difficulty, baseRewards, rareDrop, rareChance,
            tool, location, wearPerUnit, null, Map.of(), 0, 0);
    }

    /**
     * A crafting recipe.
     *
     * @param id             the name
     * @param unitDurationMs one unit's duration, ms
     * @param difficulty     1 to 10
     * @param baseRewards    asset to amount per successful unit
     * @param station        the station needed
     * @param materials      item to count per unit
     * @param requiredSkill  the lowest crafting skill
     * @return the task
     */
    public static TaskDefinition crafting(String id, long unitDurationMs, int difficulty, Map<String, Integer> baseRewards,
                                          String station, Map<String, Integer> materials, int requiredSkill) {
        return new TaskDefinition(id, ActivityKind.CRAFTING, unitDurationMs, difficulty, baseRewards, null, 0,
            null, null, 0, station, materials, requiredSkill, 0);
    }

    /**
     * A fight.
     *
     * @param id             the name
     * @param unitDurationMs one fight's duration, ms
     * @param difficulty     1 to 10
     * @param baseRewards    asset to amount per fight
     * @param rareDrop       rare item or null
     * @param rareChance     its chance per fight
     * @param enemyLevel     the enemy's level
     * @param wearPerUnit    equipment durability lost per fight
     * @return the task
     */
    public static TaskDefinition combat(String id, long unitDurationMs, int difficulty, Map<String, Integer> baseRewards,
                                        String rareDrop, double rareChance, int enemyLevel, int wearPerUnit) {
        return new TaskDefinition(id, ActivityKind.COMBAT, unitDurationMs, difficulty, baseRewards, rareDrop, rareChance,
            null, null, wearPerUnit, null, Map.of(), 0, enemyLevel);
    }
}
