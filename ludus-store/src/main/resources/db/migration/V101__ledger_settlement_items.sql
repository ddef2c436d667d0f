-- Settlements (docs/activities.md §5, Ledger.rewardBatch). Portable SQL: the same file runs on H2 and PostgreSQL.
-- Version 101, not 2: databases already at V100 would refuse a lower version applied after it.

-- One row per reward a settlement credited, under the reward's own idempotency key. The key is unique here;
-- the ledger's lane also keeps it apart from every ledger_journal.idem_key (one key space), so a key is credited
-- once whether it came alone or in a settlement. The rows are part of the settlement entry's hash.
CREATE TABLE ledger_item (
    item_key  VARCHAR(200)  NOT NULL PRIMARY KEY,
    seq       BIGINT        NOT NULL,
    idx       INTEGER       NOT NULL,
    player    VARCHAR(32)   NOT NULL,
    detail    VARCHAR(64)   NOT NULL,
    grants    VARCHAR(1000) NOT NULL
);

CREATE UNIQUE INDEX ledger_item_entry ON ledger_item (seq, idx);
