package dev.ludus.arena;

import dev.ludus.platform.activity.ActivityKind;
import dev.ludus.platform.activity.ActivityRules;
import dev.ludus.platform.activity.PlayerProfile;
import dev.ludus.platform.activity.TaskDefinition;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reference game's idle activities: its task catalogue and the profile every player has until
 * a progression system exists (level 5, an axe, a worn sickle, a workbench, 200 wood, standing in the
 * forest). Durations are at time scale 1 and chosen like a typical idle game's (a minute a log, five
 * minutes a troll); rewards only name assets of {@link ArenaCatalogue}. The catalogue is built so that
 * the reference profile meets each validation failure once (docs/activities.md has the table).
 * Immutable, thread-safe.
 */
public final class ArenaActivities implements ActivityRules {
    /** Every player's profile for now. */
    public static final PlayerProfile REFERENCE_PROFILE = new PlayerProfile(5,
        Map.of(ActivityKind.HARVESTING, 10, ActivityKind.CRAFTING, 5, ActivityKind.COMBAT, 8),
        Map.of("axe", new PlayerProfile.Gear(1.25, 500), "sickle", new PlayerProfile.Gear(1.0, 0)),
        new PlayerProfile.Gear(1.0, 300), "forest", Set.of("workbench"), Map.of("wood", 200L));

    private static final Map<String, TaskDefinition> TASKS = Stream.of(
            TaskDefinition.harvesting("chop_wood", 60_000, 1, Map.of("wood", 3), "bow_skin", 0.001, "axe", "forest", 1),
            TaskDefinition.harvesting("mine_ore", 90_000, 2, Map.of("ore", 2), "sword_skin", 0.002, "pickaxe", "mine", 2),
            TaskDefinition.harvesting("chop_ironwood", 120_000, 3, Map.of("wood", 5), null, 0, "axe", "deep_forest", 3),
            TaskDefinition.harvesting("gather_herbs", 30_000, 1, Map.of("GOLD", 4), null, 0, "sickle", "forest", 1),
            TaskDefinition.crafting("fletch_arrows", 30_000, 1, Map.of("arrow", 10, "GOLD", 2), "workbench", Map.of("wood", 1), 0),
            TaskDefinition.crafting("smith_arrowheads", 60_000, 2, Map.of("arrow", 25), "workbench", Map.of("ore", 2), 3),
            TaskDefinition.crafting("carve_bow", 240_000, 4, Map.of("GOLD", 40), "workbench", Map.of("wood", 5), 15),
            TaskDefinition.crafting("brew_potion", 120_000, 3, Map.of("potion", 1, "GOLD", 5), "alchemy_table", Map.of("wood", 1), 0),
            TaskDefinition.combat("fight_wolves", 45_000, 2, Map.of("GOLD", 15), "bow_skin", 0.01, 4, 1),
            TaskDefinition.combat("fight_troll", 300_000, 5, Map.of("GOLD", 120, "potion", 1), "sword_skin", 0.05, 12, 5))
        .collect(Collectors.toUnmodifiableMap(TaskDefinition::id, Function.identity()));

    @Override
    public Optional<TaskDefinition> task(String taskId) {
        return Optional.ofNullable(TASKS.get(taskId));
    }

    @Override
    public Collection<TaskDefinition> tasks() {
        return new java.util.TreeMap<>(TASKS).values();
    }

    @Override
    public PlayerProfile profile(String player) {
        return REFERENCE_PROFILE;
    }
}
