package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.activity.Notice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every database behind {@link JdbcActivityStore} must do; subclasses give the database. */
abstract class ActivityStoreContract {
    protected abstract StoreConfig newConfig();

    private static ActivityTask task(String id, long seq, String player, ActivityTask.State state) {
        return new ActivityTask(id, seq, player, "chop_wood", 3, state, -42L, 1000, 60_000, -1, -1, 0, 0, 0, false, 0, "");
    }

    private static Notice notice(long id, String player, Notice.Kind kind) {
        return new Notice(id, player, kind, 5000 + id, "t1", "chop_wood", 1, 3, 9000, Map.of("wood", 67L, "GOLD", 2L), 75,
            "", List.of("t1", "t2"));
    }

    @Test
    void shouldStoreTasksAndNoticesAndReadThemBack() {
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            assertThat(store.lastIds()).containsExactly(0, 0);
            ActivityTask queued = task("t2", 2, "alice", ActivityTask.State.QUEUED);
            ActivityTask running = task("t1", 1, "alice", ActivityTask.State.QUEUED).started(2000, 2000, 5, 10, 1.25);
            store.save(List.of(running, queued, task("t3", 3, "bob", ActivityTask.State.QUEUED)), List.of(),
                List.of(notice(1, "alice", Notice.Kind.TASK_STARTED), notice(2, "alice", Notice.Kind.QUEUE_UPDATED),
                    notice(3, "bob", Notice.Kind.TASK_PROGRESS)), Map.of());
            assertThat(store.activeTasks()).containsExactly(running, queued, task("t3", 3, "bob", ActivityTask.State.QUEUED));
            assertThat(store.lastIds()).containsExactly(3, 3);
            assertThat(store.undelivered("alice", 10)).containsExactly(notice(1, "alice", Notice.Kind.TASK_STARTED),
                notice(2, "alice", Notice.Kind.QUEUE_UPDATED));
            assertThat(store.undelivered("alice", 1)).hasSize(1);

            ActivityTask done = running.retryAt(99_000).finished(ActivityTask.State.COMPLETED, "GOLD=2;wood=67");
            Notice empty = new Notice(4, "alice", Notice.Kind.QUEUE_UPDATED, 1, "", "", 0, 0, 0, Map.of(), 0, "", List.of());
            store.save(List.of(), List.of(done), List.of(empty), Map.of("alice", 2L));
            assertThat(store.tasksOf("alice")).containsExactly(done, queued);
            assertThat(store.activeTasks()).extracting(ActivityTask::id).containsExactly("t2", "t3");
            assertThat(store.undelivered("alice", 10)).containsExactly(empty);
            assertThat(store.undelivered("bob", 10)).hasSize(1);
            assertThat(store.describe()).doesNotContain("password=");
        }
    }

    @Test
    void shouldApplyNothingOfAFailedSave() {
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            store.save(List.of(task("t1", 1, "alice", ActivityTask.State.QUEUED)), List.of(), List.of(), Map.of());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(List.of(task("t2", 2, "alice", ActivityTask.State.QUEUED)),
                    List.of(task("missing", 9, "alice", ActivityTask.State.RUNNING)), List.of(notice(1, "alice", Notice.Kind.TASK_FAILED)),
                    Map.of()))
                .isInstanceOf(dev.ludus.platform.activity.ActivityStoreException.class).hasMessageContaining("update task touched 0 rows");
            assertThat(store.tasksOf("alice")).extracting(ActivityTask::id).containsExactly("t1");
            assertThat(store.undelivered("alice", 10)).isEmpty();
        }
    }
}
