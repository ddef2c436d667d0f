package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.platform.session.ParkedPlayer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parked players on the embedded default, an H2 file database: kept across a reopen, one row per name. */
class H2ParkedPlayerStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldKeepAParkedPlayerAcrossARestartAndReplaceItByName() {
        ParkedPlayer first = new ParkedPlayer("Alice", 1234.5678, 0.25, 64, new TreeMap<>(Map.of("wood", 3, "gold", 12)));
        ParkedPlayer later = new ParkedPlayer("alice", 10, 20, 100, new TreeMap<>());
        try (JdbcParkedPlayerStore store = JdbcParkedPlayerStore.open(StoreConfig.h2(dataDir))) {
            store.save(first);
        }
        try (JdbcParkedPlayerStore store = JdbcParkedPlayerStore.open(StoreConfig.h2(dataDir))) {
            assertThat(store.load("ALICE")).contains(first);
            store.save(later);
            assertThat(store.load("Alice")).contains(later);
            store.remove("alice");
            assertThat(store.load("alice")).isEmpty();
            assertThat(store.load("nobody")).isEmpty();
        }
    }

    @Test
    void shouldRefuseToOpenAnUnreachableDatabase() {
        assertThatThrownBy(() -> JdbcParkedPlayerStore.open(new StoreConfig("jdbc:postgresql://127.0.0.1:1/none", "x", "y", 1, 1)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot open the session database");
    }
}
