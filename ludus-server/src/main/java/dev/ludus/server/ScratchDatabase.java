package dev.ludus.server;

import dev.ludus.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The database a bench command writes to: {@code LUDUS_DB_URL} when set (a scratch database the operator names), else
 * a fresh H2 file in a temporary directory, deleted again at {@link #close()}. Not thread-safe.
 */
final class ScratchDatabase implements AutoCloseable {
    private final StoreConfig config;
    private final Path temporary;

    private ScratchDatabase(StoreConfig config, Path temporary) {
        this.config = config;
        this.temporary = temporary;
    }

    /**
     * @param prefix the temporary directory's name prefix, e.g. {@code ludus-activity-bench}
     * @return the database named by the environment, or a new H2 one
     * @throws IOException when the temporary directory cannot be made
     * @throws IllegalArgumentException when {@code LUDUS_DB_URL} is not a JDBC URL of H2 or PostgreSQL
     */
    static ScratchDatabase open(String prefix) throws IOException {
        if (System.getenv(StoreConfig.ENV_URL) != null) {
            return new ScratchDatabase(StoreConfig.fromEnvironment(System.getenv(), Path.of(".")), null);
        }
        Path temporary = Files.createTempDirectory(prefix);
        return new ScratchDatabase(StoreConfig.h2(temporary), temporary);
    }

    /** @return where the database is */
    StoreConfig config() {
        return config;
    }

    /** Deletes the temporary H2 directory, if this made one; a database named by the environment is left as it is. */
    @Override
    public void close() throws IOException {
        if (temporary == null) {
            return;
        }
        try (var files = Files.walk(temporary)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
