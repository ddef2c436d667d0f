package dev.ludus.platform.activity;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What validation and the reward formulas read about a player when a task starts.
 *
 * @param level      the character level, 1 to 100
 * @param skills     skill level per kind, 0 to 99 (absent: 0)
 * @param tools      the player's tools by kind (e.g. {@code axe})
 * @param equipment  the combat equipment
 * @param location   where the player is, e.g. {@code forest}
 * @param stations   the crafting stations the player can use
 * @param materials  item to count held
 */
public record PlayerProfile(int level, Map<ActivityKind, Integer> skills, Map<String, Gear> tools, Gear equipment,
                            String location, Set<String> stations, Map<String, Long> materials) {
    /**
     * A tool or a set of equipment.
     *
     * @param power      its reward multiplier, {@code > 0} (1.0 is the basic grade)
     * @param durability wear it can still take, {@code >= 0} (0: broken)
     */
    public record Gear(double power, int durability) {
        /** @throws IllegalArgumentException when out of range */
        public Gear {
            if (!(power > 0) || durability < 0) {
                throw new IllegalArgumentException("gear : power " + power + ", durability " + durability
                    + " (expected: power > 0, durability >= 0)");
            }
        }
    }

    /** @throws IllegalArgumentException when out of range */
    public PlayerProfile {
        if (level < 1 || level > 100) {
            throw new IllegalArgumentException("level : " + level + " (expected: 1 to 100)");
        }
        skills = Map.copyOf(skills);
        tools = Map.copyOf(tools);
        Objects.requireNonNull(equipment, "equipment");
        Objects.requireNonNull(location, "location");
        stations = Set.copyOf(stations);
        materials = Map.copyOf(materials);
        for (int skill : skills.values()) {
            if (skill < 0 || skill > 99) {
                throw new IllegalArgumentException("skill : " + skill + " (expected: 0 to 99)");
            }
        }
    }

    /**
     * @param kind the task's kind
     * @return the player's skill for it, 0 when absent
     */
    public int skill(ActivityKind kind) {
        return skills.getOrDefault(kind, 0);
    }
}
