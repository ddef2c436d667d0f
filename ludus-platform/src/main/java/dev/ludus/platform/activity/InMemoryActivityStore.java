package dev.ludus.platform.activity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An {@link ActivityStore} in memory, for tests and for a server without a database. Thread-safe (one lock). */
public class InMemoryActivityStore implements ActivityStore {
    private final Map<String, ActivityTask> tasks = new LinkedHashMap<>();
    private final TreeMap<Long, Notice> notices = new TreeMap<>();
    private final Map<Long, Boolean> delivered = new java.util.HashMap<>();

    @Override
    public synchronized void save(List<ActivityTask> inserted, List<ActivityTask> updated, List<Notice> newNotices,
                                  Map<String, Long> deliveredThrough) {
        for (ActivityTask task : inserted) {
            if (tasks.putIfAbsent(task.id(), task) != null) {
                throw new ActivityStoreException("task " + task.id() + " exists", null);
            }
        }
        for (ActivityTask task : updated) {
            if (tasks.replace(task.id(), task) == null) {
                throw new ActivityStoreException("task " + task.id() + " does not exist", null);
            }
        }
        for (Notice notice : newNotices) {
            notices.put(notice.id(), notice);
        }
        for (var through : deliveredThrough.entrySet()) {
            for (Notice notice : notices.headMap(through.getValue(), true).values()) {
                if (notice.player().equals(through.getKey())) {
                    delivered.put(notice.id(), true);
                }
            }
        }
    }

    @Override
    public synchronized List<ActivityTask> activeTasks() {
        return tasks.values().stream().filter(t -> t.state().active()).sorted(Comparator.comparingLong(ActivityTask::seq)).toList();
    }

    @Override
    public synchronized long[] lastIds() {
        long lastSeq = tasks.values().stream().mapToLong(ActivityTask::seq).max().orElse(0);
        return new long[] {lastSeq, notices.isEmpty() ? 0 : notices.lastKey()};
    }

    @Override
    public synchronized List<Notice> undelivered(String player, int limit) {
        List<Notice> result = new ArrayList<>();
        for (Notice notice : notices.values()) {
            if (notice.player().equals(player) && !delivered.containsKey(notice.id())) {
                result.add(notice);
                if (result.size() == limit) {
                    break;
                }
            }
        }
        return result;
    }

    @Override
    public synchronized List<ActivityTask> tasksOf(String player) {
        return tasks.values().stream().filter(t -> t.player().equals(player)).sorted(Comparator.comparingLong(ActivityTask::seq)).toList();
    }
}
