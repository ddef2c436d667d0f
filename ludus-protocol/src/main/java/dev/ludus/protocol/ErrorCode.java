package dev.ludus.protocol;

import java.util.Locale;

/**
 * Stable error codes sent to clients in {@code error} messages.
 *
 * <p>The wire form ({@link #code()}) is the lower-case enum name, for example {@code malformed_json}.
 * Codes are part of the protocol contract: they are never renamed, only added.
 */
public enum ErrorCode {
    /** A text frame that is not one well-formed JSON object. */
    MALFORMED_JSON,
    /** A binary frame that is not a protobuf {@code ClientEnvelope}. */
    MALFORMED_PROTOBUF,
    /** A message whose {@code type} (or protobuf {@code oneof}) names no known client message. */
    UNKNOWN_TYPE,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong type or a value outside its range (including NaN and infinities). */
    INVALID_FIELD,
    /** The message needs a logged-in connection. */
    NOT_LOGGED_IN,
    /** A second {@code login} on a connection that already joined. */
    ALREADY_LOGGED_IN,
    /** Another connected player already uses this name. */
    NAME_TAKEN,
    /** The world is at its player capacity. */
    SERVER_FULL,
    /** An input or action whose {@code seq} is not greater than the previous one's (a replayed frame). */
    SEQ_NOT_INCREASING,
    /**
     * An input or action whose {@code seq} skips numbers the server never received and did not drop
     * itself (a forged sequence number); the message was not applied and the sequence stays where it was.
     */
    SEQ_GAP,
    /** The connection sends faster than its rate limit; the message was dropped. */
    RATE_LIMITED,
    /** The server failed to handle a well-formed message; the message was dropped. */
    INTERNAL_ERROR,
    /** An {@code ack} for a tick whose frame the server never sent to this client (or no longer keeps); ignored. */
    ACK_UNKNOWN_TICK,
    /** An {@code ack} below the last one acknowledged (acks only move forward); ignored. */
    ACK_NOT_INCREASING,
    /** {@code activity.start}: no task of that id in the game's catalogue. */
    UNKNOWN_TASK,
    /** {@code activity.start}: a parameter out of range (e.g. {@code count} outside 1 to 1000). */
    INVALID_PARAMETERS,
    /** {@code activity.start}, harvesting: the player has no tool of the kind needed. */
    MISSING_TOOL,
    /** {@code activity.start}, harvesting: the tool's durability does not cover the task. */
    TOOL_BROKEN,
    /** {@code activity.start}, harvesting: the player is not at the task's location. */
    WRONG_LOCATION,
    /** {@code activity.start}, crafting: the player lacks materials. */
    MISSING_MATERIALS,
    /** {@code activity.start}, crafting: the player has no access to the station. */
    MISSING_STATION,
    /** {@code activity.start}, crafting: the crafting skill is below the recipe's. */
    SKILL_TOO_LOW,
    /** {@code activity.start}, combat: the player's level is too far below the enemy's. */
    LEVEL_TOO_LOW,
    /** {@code activity.start}, combat: the equipment's durability does not cover the fights. */
    EQUIPMENT_BROKEN,
    /** {@code activity.start}: the player's activity queue is full. */
    QUEUE_FULL,
    /** {@code activity.cancel}: no such queued or running task of this player. */
    UNKNOWN_ACTIVITY,
    /** Activities are not available on this server, or their database is down; retry later. */
    ACTIVITIES_UNAVAILABLE,
    /** {@code spectate}: no player with that entity id is in the world. */
    UNKNOWN_TARGET,
    /** {@code spectate}: {@code delayMs} outside 0 to {@value ClientMessage.Spectate#MAX_DELAY_MS}. */
    INVALID_DELAY,
    /** {@code login} on a connection that spectates (a connection is a player or a spectator, never both). */
    ALREADY_SPECTATING,
    /** The followed player left the world; the spectator's connection is closed after this message. */
    TARGET_LEFT,
    /** {@code spectate}: the area's centre lies outside the world, or its radius is out of range. */
    INVALID_AREA,
    /** {@code spectate} with {@code replay} on a server that serves no recorded log. */
    REPLAY_UNAVAILABLE,
    /** {@code spectate} with {@code replay}: the recorded log does not hold the tick asked for. */
    TICK_OUTSIDE_LOG,
    /** {@code replay.control} on a connection that does not watch a replay. */
    NOT_REPLAYING,
    /** A session token that is not one this server could have issued (shape, version, encoding). */
    TOKEN_MALFORMED,
    /** A session token whose signature does not verify (forged, altered, or another cluster's key). */
    TOKEN_INVALID,
    /** A session token past its expiry: log in again. */
    TOKEN_EXPIRED,
    /** A session token older than the session's latest {@code refresh}. */
    TOKEN_SUPERSEDED,
    /** An access token where a handoff token is expected, or the other way round. */
    TOKEN_WRONG_KIND,
    /** The session was revoked by an operator. */
    SESSION_REVOKED,
    /** No such live session: it ended, or its grace window passed (the player was parked); log in again. */
    SESSION_UNKNOWN,
    /** {@code resume.lastEventSeq} is ahead of the last event the session sent. */
    RESUME_AHEAD,
    /** The events after {@code resume.lastEventSeq} are no longer kept: log in again for a fresh state. */
    RESUME_GAP,
    /** A handoff token addressed to another server. */
    HANDOFF_WRONG_SERVER,
    /** A handoff token presented a second time. */
    HANDOFF_USED,
    /** The operation needs the player's connection up (a transfer while it is detached). */
    SESSION_DETACHED,
    /**
     * {@code login}: the player's stored data (where it was parked, its inventory) cannot be read right now; nothing
     * changed, retry the login later (joining without it would replace it at the next parking).
     */
    PLAYER_DATA_UNAVAILABLE;

    /**
     * @return the stable wire form, e.g. {@code "malformed_json"}
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Looks a wire form up.
     *
     * @param code a wire form such as {@code "rate_limited"}
     * @return the matching constant
     * @throws ProtocolException {@link #INVALID_FIELD} when the code is unknown
     */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        throw new ProtocolException(INVALID_FIELD, "error.code : \"" + Texts.clip(code) + "\" (expected: a known code)");
    }
}
