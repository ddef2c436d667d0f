package dev.ludus.platform.session;

import java.util.Optional;

/**
 * Where parked players' critical data is kept until they come back (DESIGN.md: sessions). The server
 * with a data directory keeps it in its database ({@code JdbcParkedPlayerStore} in {@code ludus-store});
 * without one, in memory.
 *
 * <p>Implementations are thread-safe. A failure is a {@link RuntimeException} from the storage; the
 * caller retries or reports it, and nothing is half written.
 */
public interface ParkedPlayerStore {
    /**
     * Keeps a player's data, replacing what was kept for that name.
     *
     * @param player the data
     */
    void save(ParkedPlayer player);

    /**
     * @param player the player's name (as it logged in; names are matched ignoring case)
     * @return its kept data, or empty
     */
    Optional<ParkedPlayer> load(String player);

    /**
     * Forgets a player's data (it is back in the world).
     *
     * @param player the player's name
     */
    void remove(String player);
}
