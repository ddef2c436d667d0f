package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.platform.activity.ActivityError;
import dev.ludus.platform.activity.ActivityException;
import dev.ludus.platform.activity.TaskDefinition;
import dev.ludus.platform.activity.TaskValidation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue table of docs/activities.md §4: what the reference profile may run, and why not. */
class ArenaActivitiesTest {
    private final ArenaActivities activities = new ArenaActivities();

    private String outcome(String taskId) {
        TaskDefinition task = activities.task(taskId).orElseThrow();
        try {
            TaskValidation.check(task, activities.profile("anyone"), 1);
            return "runs";
        } catch (ActivityException e) {
            return e.error().code();
        }
    }

    @Test
    void shouldMeetEveryValidationFailureOnceWithTheReferenceProfile() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("brew_potion", ActivityError.MISSING_STATION.code());
        expected.put("carve_bow", ActivityError.SKILL_TOO_LOW.code());
        expected.put("chop_ironwood", ActivityError.WRONG_LOCATION.code());
        expected.put("chop_wood", "runs");
        expected.put("fight_troll", ActivityError.LEVEL_TOO_LOW.code());
        expected.put("fight_wolves", "runs");
        expected.put("fletch_arrows", "runs");
        expected.put("gather_herbs", ActivityError.TOOL_BROKEN.code());
        expected.put("mine_ore", ActivityError.MISSING_TOOL.code());
        expected.put("smith_arrowheads", ActivityError.MISSING_MATERIALS.code());
        Map<String, String> actual = new LinkedHashMap<>();
        activities.tasks().forEach(task -> actual.put(task.id(), outcome(task.id())));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(activities.task("dance")).isEmpty();
    }

    @Test
    void shouldRewardOnlyAssetsTheLedgerKnows() {
        ArenaCatalogue catalogue = new ArenaCatalogue();
        activities.tasks().forEach(task -> {
            task.baseRewards().keySet().forEach(asset -> assertThat(catalogue.knowsAsset(asset)).as(task.id() + " " + asset).isTrue());
            if (task.rareDrop() != null) {
                assertThat(catalogue.knowsAsset(task.rareDrop())).as(task.rareDrop()).isTrue();
            }
        });
    }
}
