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

    private static Notice queueUpdated(long id, String player, long atMs, List<String> queue) {
        return new Notice(id, player, Notice.Kind.QUEUE_UPDATED, atMs, "", "", 0, 0, 0, Map.of(), 0, "", queue);
    }

    @Test
    void shouldStoreACompletionAndTheQueueRightAfterItTogetherAndDeliverThemAsTwoNotices() {
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            Notice progress = new Notice(5, "bob", Notice.Kind.TASK_PROGRESS, 4000, "t9", "chop_wood", 1, 2, 9000, Map.of(), 0, "",
                List.of());
            Notice completed = new Notice(6, "alice", Notice.Kind.TASK_COMPLETED, 9000, "t1", "chop_wood", 3, 3, 9000,
                Map.of("wood", 67L), 0, "", List.of());
            Notice queue = queueUpdated(7, "alice", 9000, List.of("t2", "t3"));
            store.save(List.of(), List.of(), List.of(progress, completed, queue), Map.of());
            // The pair is the highest row: its queue_updated's id is the last one.
            assertThat(store.lastIds()).containsExactly(0, 7);
            assertThat(store.undelivered("alice", 10)).containsExactly(completed, queue);
            assertThat(store.undelivered("alice", 1)).containsExactly(completed);
            assertThat(store.undelivered("bob", 10)).containsExactly(progress);

            // Written through the completion only: the queue_updated is still owed, so both come again (the client drops seq 6).
            store.save(List.of(), List.of(), List.of(), Map.of("alice", 6L));
            assertThat(store.undelivered("alice", 10)).containsExactly(completed, queue);
            store.save(List.of(), List.of(), List.of(), Map.of("alice", 7L));
            assertThat(store.undelivered("alice", 10)).isEmpty();
            assertThat(store.lastIds()).containsExactly(0, 7);
        }
    }

    @Test
    void shouldKeepNoticesThatCannotShareARowApart() {
        Notice completed = new Notice(6, "alice", Notice.Kind.TASK_FAILED, 9000, "t1", "chop_wood", 0, 3, 0, Map.of(), 0,
            "tool_broken", List.of());
        assertThat(JdbcActivityStore.carriesQueue(completed, queueUpdated(7, "alice", 9000, List.of()))).isTrue();
        assertThat(JdbcActivityStore.carriesQueue(completed, queueUpdated(8, "alice", 9000, List.of()))).isFalse();
        assertThat(JdbcActivityStore.carriesQueue(completed, queueUpdated(7, "bob", 9000, List.of()))).isFalse();
        assertThat(JdbcActivityStore.carriesQueue(completed, queueUpdated(7, "alice", 9001, List.of()))).isFalse();
        assertThat(JdbcActivityStore.carriesQueue(queueUpdated(6, "alice", 9000, List.of()), queueUpdated(7, "alice", 9000, List.of())))
            .isFalse();
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            // A queue_updated at another time than the failure before it: two rows, both read back as they were.
            Notice later = queueUpdated(7, "alice", 9500, List.of("t2"));
            store.save(List.of(), List.of(), List.of(completed, later), Map.of());
            assertThat(store.undelivered("alice", 10)).containsExactly(completed, later);
            store.save(List.of(), List.of(), List.of(), Map.of("alice", 6L));
            assertThat(store.undelivered("alice", 10)).containsExactly(later);
            assertThat(store.lastIds()).containsExactly(0, 7);
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

    @Test
    void shouldPurgeOnlyDeliveredNoticesAndFinishedTasksUnderTheNewestMarkOldEnoughAndNeverTheNewestRows() {
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            ActivityTask running = task("t2", 2, "alice", ActivityTask.State.QUEUED).started(2000, 2000, 5, 10, 1.25);
            store.save(List.of(task("t1", 1, "alice", ActivityTask.State.COMPLETED), running, task("t3", 3, "bob", ActivityTask.State.CANCELLED)),
                List.of(), List.of(notice(1, "alice", Notice.Kind.TASK_STARTED), notice(2, "alice", Notice.Kind.TASK_PROGRESS),
                    notice(3, "bob", Notice.Kind.TASK_STARTED)), Map.of("alice", 1L, "bob", 3L));
            store.mark(10_000, 3, 3);
            store.save(List.of(task("t4", 4, "bob", ActivityTask.State.COMPLETED)), List.of(),
                List.of(notice(4, "alice", Notice.Kind.TASK_STARTED), notice(5, "bob", Notice.Kind.TASK_STARTED)), Map.of("bob", 5L));
            store.mark(20_000, 5, 4);

            assertThat(store.purge(9_999, 100)).as("no mark that old").isEqualTo(dev.ludus.platform.activity.ActivityStore.Purged.NONE);
            // Under the mark at 10 000: notices 1 and 3 (delivered), tasks t1 and t3 (finished). Notice 2 waits for alice's
            // login, t2 still runs; t4 and notices 4 and 5 came after the mark.
            assertThat(store.purge(15_000, 100)).isEqualTo(new dev.ludus.platform.activity.ActivityStore.Purged(2, 2));
            assertThat(store.tasksOf("alice")).containsExactly(running);
            assertThat(store.tasksOf("bob")).extracting(ActivityTask::id).containsExactly("t4");
            assertThat(store.undelivered("alice", 10)).extracting(Notice::id).containsExactly(2L, 4L);
            assertThat(store.activeTasks()).containsExactly(running);

            // Alice logs in. Under the mark at 20 000, one row per purge with a limit of 1: notices 2 and 4, then nothing; notice 5
            // and task t4 are the newest and stay, so a restart continues after them.
            store.save(List.of(), List.of(), List.of(), Map.of("alice", 4L));
            assertThat(store.purge(25_000, 1)).isEqualTo(new dev.ludus.platform.activity.ActivityStore.Purged(1, 0));
            assertThat(store.purge(25_000, 1)).isEqualTo(new dev.ludus.platform.activity.ActivityStore.Purged(1, 0));
            assertThat(store.purge(25_000, 1)).isEqualTo(dev.ludus.platform.activity.ActivityStore.Purged.NONE);
            assertThat(store.lastIds()).containsExactly(4, 5);
            assertThat(store.tasksOf("bob")).extracting(ActivityTask::id).containsExactly("t4");
            // The mark at 10 000 went with the purge that used the one at 20 000.
            assertThat(store.purge(15_000, 100)).isEqualTo(dev.ludus.platform.activity.ActivityStore.Purged.NONE);
        }
    }

    @Test
    void shouldTakeTheSameTurnAgainWithoutChangeWhenItsCommitWentThroughButItsAcknowledgementWasLost() {
        try (JdbcActivityStore store = JdbcActivityStore.open(newConfig())) {
            ActivityTask queued = task("t1", 1, "alice", ActivityTask.State.QUEUED);
            List<Notice> turn = List.of(notice(1, "alice", Notice.Kind.TASK_STARTED), notice(2, "alice", Notice.Kind.QUEUE_UPDATED));
            store.save(List.of(queued), List.of(), turn, Map.of());
            // The lane did not hear the commit and saves the turn again: no duplicate key, nothing doubled.
            store.save(List.of(queued), List.of(), turn, Map.of());
            assertThat(store.tasksOf("alice")).containsExactly(queued);
            assertThat(store.undelivered("alice", 10)).extracting(Notice::id).containsExactly(1L, 2L);
            // A turn of new tasks alone, saved twice.
            ActivityTask second = task("t2", 2, "alice", ActivityTask.State.QUEUED);
            store.save(List.of(second), List.of(), List.of(), Map.of());
            store.save(List.of(second), List.of(), List.of(), Map.of());
            assertThat(store.tasksOf("alice")).extracting(ActivityTask::id).containsExactly("t1", "t2");
        }
    }
}
