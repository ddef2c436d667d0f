package dev.ludus.platform.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskValidationTest {
    private static final PlayerProfile P = TestActivities.BEGINNER;

    private static PlayerProfile with(Map<String, PlayerProfile.Gear> tools, PlayerProfile.Gear equipment, String location,
                                      Set<String> stations, Map<String, Long> materials, int level, int crafting) {
        return new PlayerProfile(level, Map.of(ActivityKind.CRAFTING, crafting), tools, equipment, location, stations, materials);
    }

    private static void assertRefused(TaskDefinition task, PlayerProfile profile, int count, ActivityError error, String text) {
        assertThatThrownBy(() -> TaskValidation.check(task, profile, count)).isInstanceOf(ActivityException.class)
            .hasMessageContaining(text).satisfies(e -> assertThat(((ActivityException) e).error()).isEqualTo(error));
    }

    @Test
    void shouldAcceptWhatTheProfileAllows() {
        TaskValidation.check(TestActivities.CHOP, P, 500);
        TaskValidation.check(TestActivities.FLETCH, P, 200);
        TaskValidation.check(TestActivities.WOLVES, P, 300);
        assertThat(TaskValidation.gearPower(TestActivities.CHOP, P)).isEqualTo(1.25);
        assertThat(TaskValidation.gearPower(TestActivities.WOLVES, P)).isEqualTo(1.0);
        assertThat(TaskValidation.gearPower(TestActivities.FLETCH, P)).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseCountsOutOfRange() {
        assertRefused(TestActivities.CHOP, P, 0, ActivityError.INVALID_PARAMETERS, "count : 0 (expected: 1 to 1000)");
        assertRefused(TestActivities.CHOP, P, 1001, ActivityError.INVALID_PARAMETERS, "count : 1001");
    }

    @Test
    void shouldRefuseHarvestingWithoutToolDurabilityOrLocation() {
        PlayerProfile noAxe = with(Map.of(), P.equipment(), "forest", Set.of(), Map.of(), 5, 0);
        assertRefused(TestActivities.CHOP, noAxe, 1, ActivityError.MISSING_TOOL, "expected: a axe for chop_wood");
        PlayerProfile brokenAxe = with(Map.of("axe", new PlayerProfile.Gear(1, 0)), P.equipment(), "forest", Set.of(), Map.of(), 5, 0);
        assertRefused(TestActivities.CHOP, brokenAxe, 1, ActivityError.TOOL_BROKEN, "tool.axe.durability : 0 (expected: >= 1");
        assertRefused(TestActivities.CHOP, P, 501, ActivityError.TOOL_BROKEN, "tool.axe.durability : 500 (expected: >= 501");
        PlayerProfile inTown = with(P.tools(), P.equipment(), "town", Set.of(), Map.of(), 5, 0);
        assertRefused(TestActivities.CHOP, inTown, 1, ActivityError.WRONG_LOCATION, "location : town (expected: forest)");
    }

    @Test
    void shouldRefuseCraftingWithoutStationSkillOrMaterials() {
        PlayerProfile noBench = with(Map.of(), P.equipment(), "forest", Set.of(), Map.of("wood", 5L), 5, 5);
        assertRefused(TestActivities.FLETCH, noBench, 1, ActivityError.MISSING_STATION, "station : workbench not available");
        PlayerProfile novice = with(Map.of(), P.equipment(), "forest", Set.of("workbench"), Map.of("wood", 5L), 5, 4);
        assertRefused(TestActivities.HARD_CRAFT, novice, 1, ActivityError.SKILL_TOO_LOW, "skill.crafting : 4 (expected: >= 5");
        assertRefused(TestActivities.FLETCH, novice, 6, ActivityError.MISSING_MATERIALS, "short of {wood=1}");
    }

    @Test
    void shouldRefuseCombatAboveTheLevelMarginOrWithBrokenEquipment() {
        TaskDefinition troll = TaskDefinition.combat("troll", 1000, 5, Map.of("GOLD", 1), null, 0, 12, 5);
        assertRefused(troll, P, 1, ActivityError.LEVEL_TOO_LOW, "level : 5 (expected: >= 9 against a level 12 enemy)");
        TaskValidation.check(troll, with(Map.of(), P.equipment(), "x", Set.of(), Map.of(), 9, 0), 1);
        PlayerProfile broken = with(Map.of(), new PlayerProfile.Gear(1, 0), "x", Set.of(), Map.of(), 20, 0);
        assertRefused(troll, broken, 1, ActivityError.EQUIPMENT_BROKEN, "equipment.durability : 0");
        assertRefused(TestActivities.WOLVES, P, 301, ActivityError.EQUIPMENT_BROKEN, "equipment.durability : 300 (expected: >= 301");
    }

    @Test
    void shouldRefuseMalformedDefinitionsAndProfiles() {
        assertThatThrownBy(() -> TaskDefinition.harvesting("Bad Id", 1, 1, Map.of("wood", 1), null, 0, "axe", "forest", 0))
            .hasMessageContaining("id : \"Bad Id\"");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 0, 1, Map.of("wood", 1), null, 0, "axe", "forest", 0))
            .hasMessageContaining("unitDurationMs : 0");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 1, 11, Map.of("wood", 1), null, 0, "axe", "forest", 0))
            .hasMessageContaining("difficulty : 11");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 1, 1, Map.of(), null, 0, "axe", "forest", 0))
            .hasMessageContaining("baseRewards");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 1, 1, Map.of("wood", 1), null, 1.5, "axe", "forest", 0))
            .hasMessageContaining("rareChance : 1.5");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 1, 1, Map.of("wood", 1), null, 0, "axe", "forest", -1))
            .hasMessageContaining("wearPerUnit");
        assertThatThrownBy(() -> TaskDefinition.harvesting("a", 1, 1, Map.of("wood", 1), null, 0, null, "forest", 0))
            .hasMessageContaining("expected: harvesting with tool and location");
        assertThatThrownBy(() -> new PlayerProfile(0, Map.of(), Map.of(), P.equipment(), "x", Set.of(), Map.of()))
            .hasMessageContaining("level : 0");
        assertThatThrownBy(() -> new PlayerProfile(1, Map.of(ActivityKind.COMBAT, 100), Map.of(), P.equipment(), "x", Set.of(),
            Map.of())).hasMessageContaining("skill : 100");
        assertThatThrownBy(() -> new PlayerProfile.Gear(0, 1)).hasMessageContaining("power 0.0");
        assertThat(ActivityError.MISSING_TOOL.code()).isEqualTo("missing_tool");
        assertThat(ActivityKind.CRAFTING.code()).isEqualTo("crafting");
    }
}
