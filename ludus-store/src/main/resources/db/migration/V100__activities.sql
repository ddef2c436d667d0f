-- Idle activities (DESIGN.md §6, docs/activities.md). Portable SQL: the same file runs on H2 and PostgreSQL.
-- A high version leaves V2..V99 to the ledger and the services before it.

-- Every task ever requested; the active ones (QUEUED, RUNNING) are the activity lane's durable timers.
CREATE TABLE activity_task (
    id             VARCHAR(36)      NOT NULL PRIMARY KEY,
    seq            BIGINT           NOT NULL UNIQUE,
    player         VARCHAR(32)      NOT NULL,
    task           VARCHAR(32)      NOT NULL,
    unit_count     INTEGER          NOT NULL,
    state          VARCHAR(12)      NOT NULL,
    seed           BIGINT           NOT NULL,
    created_ms     BIGINT           NOT NULL,
    unit_ms        BIGINT           NOT NULL,
    start_ms       BIGINT           NOT NULL,
    next_ms        BIGINT           NOT NULL,
    player_level   INTEGER          NOT NULL,
    skill          INTEGER          NOT NULL,
    gear_power     DOUBLE PRECISION NOT NULL,
    progress_sent  BOOLEAN          NOT NULL,
    attempts       INTEGER          NOT NULL,
    outcome        VARCHAR(1000)    NOT NULL
);

-- No index on state: the active tasks are read once, at start, and every settled task would pay for one.
CREATE INDEX activity_task_player ON activity_task (player, seq);

-- Notifications, stored before they are sent; ids increase across players (a player's delivery order).
CREATE TABLE activity_notice (
    id          BIGINT        NOT NULL PRIMARY KEY,
    player      VARCHAR(32)   NOT NULL,
    kind        VARCHAR(16)   NOT NULL,
    at_ms       BIGINT        NOT NULL,
    task_id     VARCHAR(36)   NOT NULL,
    task        VARCHAR(32)   NOT NULL,
    done        INTEGER       NOT NULL,
    total       INTEGER       NOT NULL,
    ends_at_ms  BIGINT        NOT NULL,
    grant_text  VARCHAR(1000) NOT NULL,
    quality     INTEGER       NOT NULL,
    reason      VARCHAR(32)   NOT NULL,
    queue_ids   VARCHAR(4000) NOT NULL,
    delivered   BOOLEAN       NOT NULL
);

CREATE INDEX activity_notice_pending ON activity_notice (player, delivered, id);
