package dev.ludus.platform.activity;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A small catalogue for tests, rewarding only assets the ledger's {@code TestCatalogue} knows (GOLD, wood, sword_skin). */
final class TestActivities implements ActivityRules {
    static final PlayerProfile BEGINNER = new PlayerProfile(5, Map.of(ActivityKind.HARVESTING, 10, ActivityKind.CRAFTING, 5,
        ActivityKind.COMBAT, 8), Map.of("axe", new PlayerProfile.Gear(1.25, 500)), new PlayerProfile.Gear(1.0, 300), "forest",
        Set.of("workbench"), Map.of("wood", 200L));

    static final TaskDefinition CHOP = TaskDefinition.harvesting("chop_wood", 60_000, 2, Map.of("wood", 3), null, 0, "axe",
        "forest", 1);
    static final TaskDefinition WOLVES = TaskDefinition.combat("fight_wolves", 45_000, 2, Map.of("GOLD", 15), "sword_skin", 0.01, 4, 1);
    static final TaskDefinition FLETCH = TaskDefinition.crafting("fletch", 30_000, 1, Map.of("wood", 10, "GOLD", 2), "workbench",
        Map.of("wood", 1), 0);
    static final TaskDefinition HARD_CRAFT = TaskDefinition.crafting("hard_craft", 30_000, 1, Map.of("GOLD", 2), "workbench",
        Map.of("wood", 1), 5);
    /** Rewards an asset the test ledger does not know: its credit is refused for good. */
    static final TaskDefinition BAD_ASSET = TaskDefinition.combat("bad_asset", 1_000, 1, Map.of("unicorn", 1), null, 0, 1, 0);

    final Map<String, PlayerProfile> profiles = new ConcurrentHashMap<>();
    /** Players whose profile cannot be read: {@link #profile} throws, as a game's profile service that is down would. */
    final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<TaskDefinition> task(String taskId) {
        return Set.of(CHOP, WOLVES, FLETCH, HARD_CRAFT, BAD_ASSET).stream().filter(t -> t.id().equals(taskId)).findFirst();
    }

    @Override
    public Collection<TaskDefinition> tasks() {
        return java.util.List.of(CHOP, WOLVES, FLETCH, HARD_CRAFT, BAD_ASSET);
    }

    @Override
    public PlayerProfile profile(String player) {
        if (unreadable.contains(player)) {
            throw new IllegalStateException("profile service unavailable");
        }
        return profiles.getOrDefault(player, BEGINNER);
    }
}
