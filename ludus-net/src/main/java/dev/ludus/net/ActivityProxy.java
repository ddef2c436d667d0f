package dev.ludus.net;

import dev.ludus.platform.activity.ActivitySink;
import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.activity.Notice;
import dev.ludus.protocol.ServerMessage;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The outbound side of activities for one player's session: turns the lane's {@link Notice}s into
 * {@link ServerMessage.ActivityNotice}s and numbers them through the session like every reliable event
 * (docs/protocol.md §19.2), so a resume replays those the client missed; see
 * {@link SessionLink#sendNotice} for when a send completes (the lane retries a failed one with backoff).
 * Lives as long as the session, across its connections. Thread-safe.
 */
final class ActivityProxy implements ActivitySink {
    private final SessionLink link;
    private final String player;

    ActivityProxy(SessionLink link, String player) {
        this.link = link;
        this.player = player;
    }

    @Override
    public CompletionStage<Void> send(Notice notice) {
        return link.sendNotice(toMessage(notice));
    }

    /** @return the player whose notices these are */
    String player() {
        return player;
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
