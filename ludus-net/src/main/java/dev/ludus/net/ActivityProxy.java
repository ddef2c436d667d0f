package dev.ludus.net;

import dev.ludus.platform.activity.ActivitySink;
import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.activity.Notice;
import dev.ludus.protocol.ServerMessage;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The outbound side of activities for one connection: turns the lane's {@link Notice}s into
 * {@link ServerMessage.ActivityNotice}s and writes them, completing when the frame reached the socket
 * (the lane retries a failed write with backoff). Thread-safe.
 */
final class ActivityProxy implements ActivitySink {
    private final PlayerProxy proxy;

    ActivityProxy(PlayerProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public CompletionStage<Void> send(Notice notice) {
        return proxy.writeReliably(toMessage(notice));
    }

    /**
     * @param notice a stored notice
     * @return its wire form
     */
    static ServerMessage.ActivityNotice toMessage(Notice notice) {
        return new ServerMessage.ActivityNotice(notice.kind().code(), notice.id(), notice.taskId(), notice.task(), notice.done(),
            notice.total(), notice.atMs(), notice.endsAtMs(), new TreeMap<>(notice.grants()), notice.quality(), notice.reason(),
            notice.queue());
    }

    /**
     * @param queue the player's active tasks, running first
     * @param nowMs the time of the answer, epoch ms
     * @return the {@code queue_updated} answering {@code activity.list} (seq 0: not stored)
     */
    static ServerMessage.ActivityNotice queueMessage(List<ActivityTask> queue, long nowMs) {
        return new ServerMessage.ActivityNotice("queue_updated", 0, "", "", 0, 0, nowMs,
            queue.isEmpty() || queue.getFirst().state() != ActivityTask.State.RUNNING ? 0 : queue.getFirst().endMs(),
            new TreeMap<>(), 0, "", queue.stream().map(ActivityTask::id).toList());
    }
}
