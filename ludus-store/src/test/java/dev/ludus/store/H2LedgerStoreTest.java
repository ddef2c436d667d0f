package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.platform.ledger.LedgerStoreException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file database. */
class H2LedgerStoreTest extends JdbcLedgerStoreContract {
    @TempDir
    Path dataDir;
    private int databases;

    @Override
    protected StoreConfig newConfig() {
        return StoreConfig.h2(dataDir.resolve("db" + databases++));
    }

    @Test
    void shouldChooseTheDatabaseFromTheEnvironment() {
        StoreConfig h2 = StoreConfig.fromEnvironment(Map.of(), Path.of("data"));
        assertThat(h2.url()).startsWith("jdbc:h2:file:").endsWith("ledger;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        StoreConfig pg = StoreConfig.fromEnvironment(Map.of(StoreConfig.ENV_URL, "jdbc:postgresql://db/ludus?password=secret",
            StoreConfig.ENV_USER, "ludus", StoreConfig.ENV_PASSWORD, "secret"), Path.of("data"));
        assertThat(pg.user()).isEqualTo("ludus");
        assertThat(pg.describe()).isEqualTo("jdbc:postgresql://db/ludus?password=***");
        assertThat(pg.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new StoreConfig("mysql://x", null, null, 1, 1)).hasMessageContaining("LUDUS_DB_URL : \"mysql://x\"");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", null, null, 0, 1)).hasMessageContaining("writePoolSize : 0");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", null, null, 1, 0)).hasMessageContaining("readPoolSize : 0");
    }

    @Test
    void shouldRefuseToOpenAnUnreachableDatabase() {
        assertThatThrownBy(() -> JdbcLedgerStore.open(new StoreConfig("jdbc:postgresql://127.0.0.1:1/none", "x", "y", 1, 1)))
            .isInstanceOf(LedgerStoreException.class).hasMessageContaining("cannot open the ledger database");
    }
}
