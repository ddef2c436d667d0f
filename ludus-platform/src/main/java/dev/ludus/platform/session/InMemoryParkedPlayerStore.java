package dev.ludus.platform.session;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Parked players in memory: the default without a data directory; lost when the process ends. Thread-safe. */
public final class InMemoryParkedPlayerStore implements ParkedPlayerStore {
    private final Map<String, ParkedPlayer> parked = new ConcurrentHashMap<>();

    @Override
    public void save(ParkedPlayer player) {
        parked.put(key(player.player()), player);
    }

    @Override
    public Optional<ParkedPlayer> load(String player) {
        return Optional.ofNullable(parked.get(key(player)));
    }

    @Override
    public void remove(String player) {
        parked.remove(key(player));
    }

    private static String key(String player) {
        return player.toLowerCase(Locale.ROOT);
    }
}
