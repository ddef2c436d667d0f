package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.platform.ledger.LedgerAudit;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerException;
import dev.ludus.platform.ledger.LedgerListener;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.platform.ledger.Receipt;
import dev.ludus.platform.ledger.RetryPolicy;
import dev.ludus.platform.ledger.TestCatalogue;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL stopped under a running ledger: requests are refused with
 * {@code store_unavailable} (503) after the bounded retries and nothing is applied; once the
 * database is back, the callers' retries with the same keys apply each purchase once.
 */
class PostgresOutageIT {

    private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void shouldRefuseWith503WhileTheDatabaseIsDownAndApplyOnceAfterwards() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "pg-outage-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = start(dataDir, port);
        StoreConfig config = new StoreConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2, 2);
        try (JdbcLedgerStore store = JdbcLedgerStore.open(config);
             LedgerService ledger = new LedgerService(store, new TestCatalogue(),
                 new LedgerService.Settings(64, 1024, new RetryPolicy(3, 1_000_000, 10_000_000)), LedgerListener.NONE)) {
            ledger.start();
            ledger.registerPlayer("alice").join();
            Receipt before = ledger.purchase("k0", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();

            postgres.close();
            try {
                ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
                throw new AssertionError("expected store_unavailable while the database is down");
            } catch (CompletionException e) {
                assertThat(((LedgerException) e.getCause()).error()).isEqualTo(LedgerError.STORE_UNAVAILABLE);
            }

            postgres = start(dataDir, port);
            Receipt retried = ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join();
            assertThat(retried.replayed()).isFalse();
            assertThat(ledger.purchase("k1", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join().replayed()).isTrue();
            assertThat(ledger.purchase("k0", "alice", "gems_100", PaymentPath.PAYMENT_PROVIDER).join().transactionId())
                .isEqualTo(before.transactionId());
            assertThat(ledger.balances("alice").join()).containsEntry("GEM", 200L);
            assertThat(LedgerAudit.run(store).ok()).isTrue();
        } finally {
            postgres.close();
        }
    }
}
