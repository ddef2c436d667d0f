package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.platform.activity.ActivityStoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity store contract on the embedded default: an H2 file database. */
class H2ActivityStoreTest extends ActivityStoreContract {
    @TempDir
    Path dataDir;
    private int databases;

    @Override
    protected StoreConfig newConfig() {
        return StoreConfig.h2(dataDir.resolve("db" + databases++));
    }

    @Test
    void shouldRefuseToOpenAnUnreachableDatabase() {
        assertThatThrownBy(() -> JdbcActivityStore.open(new StoreConfig("jdbc:postgresql://127.0.0.1:1/none", "x", "y", 1, 1)))
            .isInstanceOf(ActivityStoreException.class).hasMessageContaining("cannot open the activity database");
    }
}
