-- Sessions (docs/protocol.md §19): the critical data of players whose grace window passed, kept until their
-- next login puts them back. Portable SQL: the same file runs on H2 and PostgreSQL.
CREATE TABLE parked_player (
    player_key  VARCHAR(64)      NOT NULL PRIMARY KEY,
    player      VARCHAR(64)      NOT NULL,
    x_metres    DOUBLE PRECISION NOT NULL,
    y_metres    DOUBLE PRECISION NOT NULL,
    health      INTEGER          NOT NULL,
    inventory   VARCHAR(4000)    NOT NULL,
    parked_ms   BIGINT           NOT NULL
);
