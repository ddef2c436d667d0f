-- Retention marks (docs/activities.md §6). Portable SQL: the same file runs on H2 and PostgreSQL.
-- The activity lane records, about once an hour, the newest notice id and task seq at that moment. A purge takes the newest
-- mark older than the retention and deletes the delivered notices and finished tasks at or below it: age becomes a range
-- of the primary key, so neither table needs an index on time.
CREATE TABLE activity_mark (
    at_ms          BIGINT NOT NULL PRIMARY KEY,
    last_notice_id BIGINT NOT NULL,
    last_task_seq  BIGINT NOT NULL
);
