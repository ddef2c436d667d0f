package dev.ludus.platform.ledger;

/** The store contract on the in-memory store. */
class InMemoryLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
