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
    /** Retention marks by their time, epoch ms. */
    private final TreeMap<Long, Mark> marks = new TreeMap<>();

    /** What existed at a mark's time: every notice up to {@code lastNoticeId}, every task up to {@code lastTaskSeq}. */
    private record Mark(long lastNoticeId, long lastTaskSeq) { }

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

    @Override
    public synchronized void mark(long atMs, long lastNoticeId, long lastTaskSeq) {
        marks.put(atMs, new Mark(lastNoticeId, lastTaskSeq));
    }

    @Override
    public synchronized Purged purge(long cutoffMs, int limit) {
        Map.Entry<Long, Mark> mark = marks.floorEntry(cutoffMs);
        if (mark == null) {
            return Purged.NONE;
        }
        long newestNotice = notices.isEmpty() ? 0 : notices.lastKey();
        int noticesDeleted = 0;
        var noticeIds = notices.headMap(Math.min(mark.getValue().lastNoticeId() + 1, newestNotice), false).keySet().iterator();
        while (noticeIds.hasNext() && noticesDeleted < limit) {
            long id = noticeIds.next();
            if (delivered.remove(id) != null) {
                noticeIds.remove();
                noticesDeleted++;
            }
        }
        long newestSeq = tasks.values().stream().mapToLong(ActivityTask::seq).max().orElse(0);
        List<ActivityTask> finished = tasks.values().stream()
            .filter(t -> !t.state().active() && t.seq() <= mark.getValue().lastTaskSeq() && t.seq() < newestSeq)
            .sorted(Comparator.comparingLong(ActivityTask::seq)).limit(limit).toList();
        finished.forEach(t -> tasks.remove(t.id()));
        marks.headMap(mark.getKey(), false).clear();
        return new Purged(noticesDeleted, finished.size());
    }

    /** @return the times of the retention marks kept, oldest first (for tests and tools) */
    public synchronized List<Long> markTimes() {
        return List.copyOf(marks.keySet());
    }

    /** @return every stored notice, delivered or not, in id order (for tests and tools) */
    public synchronized List<Notice> notices() {
        return List.copyOf(notices.values());
    }
}
