package dev.ludus.platform.activity;

import java.util.Collection;
import java.util.Optional;

/**
 * A game's activity content: its task catalogue and its players' profiles. Implementations are
 * thread-safe; {@link #profile} is called on the activity lane when a task is requested and again
 * when a queued task starts.
 */
public interface ActivityRules {
    /**
     * @param taskId a task name as received
     * @return the task, or empty when the catalogue has none such
     */
    Optional<TaskDefinition> task(String taskId);

    /** @return every task of the catalogue */
    Collection<TaskDefinition> tasks();

    /**
     * @param player a valid player name
     * @return the player's current profile
     */
    PlayerProfile profile(String player);
}
