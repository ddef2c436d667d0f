package dev.ludus.sim.worldevent;

import java.util.Objects;

/**
 * One entry of a world-event catalogue: what crowd it suits, how hard it gets, how big it is, how
 * long it lasts and how soon it may come back.
 *
 * <p>The crowd {@code n} an event is measured against depends on its {@link Effect}: the density of
 * the crowded cell for {@link Effect#SCALED} and {@link Effect#DISPERSE} (for a dispersal, each of
 * its parts takes an equal share of it), and the players within reach of the empty cell for
 * {@link Effect#ATTRACT}. A kind suits a crowd when {@code minPlayers <= n <= maxPlayers}. Its
 * difficulty is linear in the crowd:
 *
 * <pre>   difficulty = baseDifficulty + difficultyPerPlayer * (n - minPlayers)</pre>
 *
 * (a dispersal's parts use their share of {@code n}, floored at {@code minPlayers}), and it spawns
 * {@code size = max(1, round(npcsPerDifficulty * difficulty))} NPCs. A linear ramp is the simplest
 * rule that keeps "one more player, a little harder" true everywhere in the range; the constants are
 * the game's to tune.
 *
 * @param name                  unique within a catalogue, not blank
 * @param effect                what the event does to the crowd
 * @param minPlayers            smallest crowd it suits, {@code >= 0}
 * @param maxPlayers            largest crowd it suits, {@code >= minPlayers}
 * @param baseDifficulty        difficulty at {@code minPlayers}, finite and {@code > 0}
 * @param difficultyPerPlayer   difficulty added per player beyond {@code minPlayers}, finite and {@code >= 0}
 * @param npcsPerDifficulty     NPCs spawned per unit of difficulty, finite and {@code > 0}
 * @param radiusMetres          the event's area around its centre, finite and {@code > 0}
 * @param durationSeconds       how long it runs, finite and {@code > 0}
 * @param areaCooldownSeconds   after an event of this kind ends in a cell, the kind waits this long
 *                              before starting there again, finite and {@code >= 0}
 * @param globalCooldownSeconds after an event of this kind starts anywhere, the kind waits this long
 *                              before starting anywhere again, finite and {@code >= 0}
 */
public record EventKind(String name, Effect effect, int minPlayers, int maxPlayers, double baseDifficulty,
                        double difficultyPerPlayer, double npcsPerDifficulty, double radiusMetres,
                        double durationSeconds, double areaCooldownSeconds, double globalCooldownSeconds) {

    /** What an event does to the players around it. */
    public enum Effect {
        /** One event in a crowded cell, its difficulty scaled to the crowd. */
        SCALED,
        /**
         * Spreads a crowd out: several smaller events, one in each neighbouring cell (left, right,
         * down, up; those inside the world), each scaled to an equal share of the crowd.
         */
        DISPERSE,
        /** A small event in an empty cell with players within reach, to draw them in. */
        ATTRACT
    }

    /** @throws IllegalArgumentException naming the first value out of range */
    public EventKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(effect, "effect");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name : \"" + name + "\" (expected: not blank)");
        }
        if (minPlayers < 0) {
            throw new IllegalArgumentException("minPlayers : " + minPlayers + " (expected: >= 0)");
        }
        if (maxPlayers < minPlayers) {
            throw new IllegalArgumentException("maxPlayers : " + maxPlayers + " (expected: >= minPlayers " + minPlayers + ")");
        }
        DensityMap.requirePositive("baseDifficulty", baseDifficulty);
        requireNonNegative("difficultyPerPlayer", difficultyPerPlayer);
        DensityMap.requirePositive("npcsPerDifficulty", npcsPerDifficulty);
        DensityMap.requirePositive("radiusMetres", radiusMetres);
        DensityMap.requirePositive("durationSeconds", durationSeconds);
        requireNonNegative("areaCooldownSeconds", areaCooldownSeconds);
        requireNonNegative("globalCooldownSeconds", globalCooldownSeconds);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " : " + value + " (expected: finite and >= 0)");
        }
    }

    /**
     * @param players a crowd, players
     * @return whether this kind suits it: {@code minPlayers <= players <= maxPlayers}
     */
    public boolean suits(double players) {
        return players >= minPlayers && players <= maxPlayers;
    }

    /**
     * @param players a crowd, players; below {@code minPlayers} counts as {@code minPlayers}
     * @return {@code baseDifficulty + difficultyPerPlayer * (max(players, minPlayers) - minPlayers)}
     */
    public double difficulty(double players) {
        return baseDifficulty + difficultyPerPlayer * (Math.max(players, minPlayers) - minPlayers);
    }

    /**
     * @param difficulty an event's difficulty
     * @return NPCs it spawns: {@code max(1, round(npcsPerDifficulty * difficulty))}
     */
    public int size(double difficulty) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(npcsPerDifficulty * difficulty)));
    }
}
