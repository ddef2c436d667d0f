package dev.ludus.platform.activity;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A notification to one player, stored before it is sent and marked delivered once written to the
 * player's connection. Ids increase across all players, so a player's notices are delivered in id
 * order, and the id is the {@code seq} a client uses to drop a duplicate after a retried delivery.
 *
 * @param id       the notice's id, from 1 (0 for a reply that is not stored, e.g. to {@code activity.list})
 * @param player   the player
 * @param kind     which of the five notifications
 * @param atMs     when it happened in the game's time, epoch ms (a closed-form catch-up uses the task's own times)
 * @param taskId   the task's id; empty for {@code queue_updated}
 * @param task     the catalogue task's id; empty for {@code queue_updated}
 * @param done     units done (progress, completion); 0 otherwise
 * @param total    the task's units; 0 for {@code queue_updated}
 * @param endsAtMs when the task ends, epoch ms; 0 when not running
 * @param grants   asset code to amount credited ({@code task_completed}), sorted by code; else empty
 * @param quality  crafting quality 1 to 100 ({@code task_completed} of a craft); else 0
 * @param reason   an {@link ActivityError} code ({@code task_failed}); else empty
 * @param queue    the player's active task ids in order ({@code queue_updated}); else empty
 */
public record Notice(long id, String player, Kind kind, long atMs, String taskId, String task, int done, int total,
                     long endsAtMs, Map<String, Long> grants, int quality, String reason, List<String> queue) {
    /** The five notifications of DESIGN.md §6. */
    public enum Kind {
        /** A task began running. */
        TASK_STARTED,
        /** A task is halfway. */
        TASK_PROGRESS,
        /** A task finished and its reward was credited. */
        TASK_COMPLETED,
        /** A task finished (or could not start) without reward. */
        TASK_FAILED,
        /** The player's queue changed. */
        QUEUE_UPDATED;

        /** @return the wire type, e.g. {@code task_started} */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @param code a wire type @return the kind @throws IllegalArgumentException when unknown */
        public static Kind fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** Copies the collections. */
    public Notice {
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(kind, "kind");
        taskId = taskId == null ? "" : taskId;
        task = task == null ? "" : task;
        grants = Collections.unmodifiableSortedMap(new TreeMap<>(grants));
        reason = reason == null ? "" : reason;
        queue = List.copyOf(queue);
    }

    /** @param newId the id @return this notice with another id */
    public Notice withId(long newId) {
        return new Notice(newId, player, kind, atMs, taskId, task, done, total, endsAtMs, grants, quality, reason, queue);
    }

    /** @param grants asset to amount @return {@code GOLD=12;wood=3}, the stored form */
    public static String grantsText(Map<String, Long> grants) {
        StringBuilder text = new StringBuilder();
        for (var grant : new TreeMap<>(grants).entrySet()) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(grant.getKey()).append('=').append(grant.getValue());
        }
        return text.toString();
    }

    /** @param text the stored form @return asset to amount */
    public static SortedMap<String, Long> parseGrants(String text) {
        TreeMap<String, Long> grants = new TreeMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(";")) {
                int eq = pair.indexOf('=');
                grants.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return grants;
    }
}
