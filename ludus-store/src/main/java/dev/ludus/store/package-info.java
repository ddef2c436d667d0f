/**
 * JDBC persistence behind the platform's store interfaces: {@link dev.ludus.store.JdbcLedgerStore} on an
 * embedded H2 file database or PostgreSQL, schema by Flyway ({@code db/migration}), connections from
 * HikariCP. The only module that speaks JDBC.
 */
package dev.ludus.store;
