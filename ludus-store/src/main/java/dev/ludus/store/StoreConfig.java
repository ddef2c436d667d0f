package dev.ludus.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the ledger's database is and how many connections it gets.
 *
 * <p>Defaults: an embedded H2 file database {@code ledger.mv.db} in the data directory, with
 * {@code WRITE_DELAY=0} so that a commit has reached the operating system before it is acknowledged
 * (a killed process loses nothing acknowledged). {@code LUDUS_DB_URL} (with {@code LUDUS_DB_USER},
 * {@code LUDUS_DB_PASSWORD}) selects another database, e.g. {@code jdbc:postgresql://host/ludus}.
 *
 * @param url           the JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
 * @param user          the user, may be empty
 * @param password      the password, may be empty; never printed
 * @param writePoolSize connections of the financial lane's pool slice, {@code >= 1}
 * @param readPoolSize  connections for reads (balances, audit), {@code >= 1}
 */
public record StoreConfig(String url, String user, String password, int writePoolSize, int readPoolSize) {
    /** Environment variable with the JDBC URL. */
    public static final String ENV_URL = "LUDUS_DB_URL";
    /** Environment variable with the user. */
    public static final String ENV_USER = "LUDUS_DB_USER";
    /** Environment variable with the password. */
    public static final String ENV_PASSWORD = "LUDUS_DB_PASSWORD";
    /** H2 settings: commits written through at once, no automatic close on JVM exit (the server closes it). */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    /** @throws IllegalArgumentException when the URL is not JDBC or a pool size is below 1 */
    public StoreConfig {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(ENV_URL + " : \"" + url + "\" (expected: jdbc:postgresql://... or jdbc:h2:...)");
        }
        if (writePoolSize < 1) {
            throw new IllegalArgumentException("writePoolSize : " + writePoolSize + " (expected: >= 1)");
        }
        if (readPoolSize < 1) {
            throw new IllegalArgumentException("readPoolSize : " + readPoolSize + " (expected: >= 1)");
        }
    }

    /**
     * @param dataDir the data directory
     * @return the embedded H2 default in it
     */
    public static StoreConfig h2(Path dataDir) {
        return new StoreConfig("jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath() + H2_OPTIONS, "sa", "", 2, 4);
    }

    /**
     * @param env     the environment ({@code System.getenv()})
     * @param dataDir the data directory, used when {@value #ENV_URL} is unset
     * @return PostgreSQL (or another H2) when {@value #ENV_URL} is set, else the H2 default
     */
    public static StoreConfig fromEnvironment(Map<String, String> env, Path dataDir) {
        String url = env.get(ENV_URL);
        if (url == null || url.isBlank()) {
            return h2(dataDir);
        }
        return new StoreConfig(url.strip(), env.get(ENV_USER), env.get(ENV_PASSWORD), 2, 4);
    }

    /** @return the URL without any password in it, for logs */
    public String describe() {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    @Override
    public String toString() {
        return "StoreConfig[" + describe() + ", user=" + user + ", pools " + writePoolSize + "+" + readPoolSize + "]";
    }
}
