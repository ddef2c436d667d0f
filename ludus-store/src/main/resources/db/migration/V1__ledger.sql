-- The ledger (DESIGN.md §6). Portable SQL: the same file runs on H2 and PostgreSQL.

CREATE TABLE ledger_player (
    name        VARCHAR(32)  NOT NULL PRIMARY KEY
);

-- The append-only journal; one row per committed transaction, chained by hash. The idempotency key
-- is unique here, so the key, the entry and its postings are written in one database transaction.
CREATE TABLE ledger_journal (
    seq          BIGINT       NOT NULL PRIMARY KEY,
    tx_id        VARCHAR(64)  NOT NULL UNIQUE,
    idem_key     VARCHAR(200) NOT NULL UNIQUE,
    fingerprint  VARCHAR(64)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    player       VARCHAR(32)  NOT NULL,
    detail       VARCHAR(64)  NOT NULL,
    created_ms   BIGINT       NOT NULL,
    prev_hash    VARCHAR(64)  NOT NULL,
    entry_hash   VARCHAR(64)  NOT NULL
);

CREATE TABLE ledger_posting (
    seq     BIGINT      NOT NULL,
    idx     INTEGER     NOT NULL,
    holder  VARCHAR(48) NOT NULL,
    asset   VARCHAR(32) NOT NULL,
    amount  BIGINT      NOT NULL,
    PRIMARY KEY (seq, idx)
);

CREATE TABLE ledger_balance (
    holder   VARCHAR(48) NOT NULL,
    asset    VARCHAR(32) NOT NULL,
    balance  BIGINT      NOT NULL,
    PRIMARY KEY (holder, asset)
);

-- The journal's head, updated with every commit; its row lock serialises writers.
CREATE TABLE ledger_head (
    id         INTEGER     NOT NULL PRIMARY KEY,
    last_seq   BIGINT      NOT NULL,
    last_hash  VARCHAR(64) NOT NULL
);

INSERT INTO ledger_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
