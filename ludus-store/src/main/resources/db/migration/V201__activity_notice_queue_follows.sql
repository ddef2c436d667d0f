-- Fewer notice rows (docs/activities.md §6). Portable SQL: the same file runs on H2 and PostgreSQL.
-- A task_completed or task_failed notice is most often followed at once by the player's queue_updated (id + 1, same
-- time). Such a pair is stored as one row: the first notice's columns, the queue in queue_ids (which the first kind
-- leaves empty) and queue_follows TRUE. The row is read back as both notices, and marked delivered only once both are.
ALTER TABLE activity_notice ADD COLUMN queue_follows BOOLEAN DEFAULT FALSE NOT NULL;
