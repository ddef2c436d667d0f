package dev.ludus.sim.anticheat;

import java.util.Objects;

/**
 * One player's statistics over one match of the CS2CD dataset (Loo and Lužkov, "Counter-Strike 2
 * Cheat Detection", CC BY 4.0; {@code ../shared/testdata/cs2cd}). Field names follow its columns.
 *
 * <p>{@code hitsDealt} may exceed {@code shotsFired}: 63 of the dataset's 7,707 rows do, since a
 * hit is any damage event (grenades and fire included) and a shot is a weapon firing; the scorer
 * caps accuracy at 1.
 *
 * @param folder {@code no_cheater_present} or {@code with_cheater_present}
 * @param match match number within the folder, {@code >= 0}; even numbers are the calibration split
 * @param avgRank the match's average rank: a Premier CS Rating ({@code 12107}), a Competitive rank
 *     name ({@code Gold Nova II}) or {@code Unknown}
 * @param player the anonymised player
 * @param labelledCheater whether the player was VAC-banned and labelled a cheater
 * @param kills kills, {@code >= 0}
 * @param hsKills headshot kills, {@code 0 <= hsKills <= kills}
 * @param deaths deaths, {@code >= 0}
 * @param shotsFired shots fired, {@code >= 0}
 * @param hitsDealt hits dealt, {@code >= 0}
 * @param headHitsDealt head hits dealt, {@code 0 <= headHitsDealt <= hitsDealt}
 * @param damageDealt health damage dealt, {@code >= 0}
 * @param meanKillDistance mean distance of the player's kills, game units, {@code >= 0}; NaN when
 *     the dataset leaves it empty (no kills)
 */
public record MatchStats(String folder, long match, String avgRank, String player, boolean labelledCheater,
                         long kills, long hsKills, long deaths, long shotsFired, long hitsDealt, long headHitsDealt,
                         long damageDealt, double meanKillDistance) {
    /** The folder of matches in which no VAC-banned player took part: the clean negatives. */
    public static final String NO_CHEATER_PRESENT = "no_cheater_present";

    /**
     * @throws IllegalArgumentException naming the first bad column as {@code column : value (expected: ...)}
     * @throws NullPointerException if a text field is null
     */
    public MatchStats {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(avgRank, "avg_rank");
        Objects.requireNonNull(player, "player");
        nonNegative("match", match);
        nonNegative("kills", kills);
        nonNegative("hs_kills", hsKills);
        nonNegative("deaths", deaths);
        nonNegative("shots_fired", shotsFired);
        nonNegative("hits_dealt", hitsDealt);
        nonNegative("head_hits_dealt", headHitsDealt);
        nonNegative("dmg_health_dealt", damageDealt);
        if (hsKills > kills) {
            throw new IllegalArgumentException("hs_kills : " + hsKills + " (expected: <= kills " + kills + ")");
        }
        if (headHitsDealt > hitsDealt) {
            throw new IllegalArgumentException("head_hits_dealt : " + headHitsDealt
                + " (expected: <= hits_dealt " + hitsDealt + ")");
        }
        if (meanKillDistance < 0 || Double.isInfinite(meanKillDistance)) {
            throw new IllegalArgumentException("mean_kill_distance : " + meanKillDistance
                + " (expected: >= 0 and finite, or empty)");
        }
    }

    private static void nonNegative(String column, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(column + " : " + value + " (expected: >= 0)");
        }
    }

    /** @return whether the row belongs to the calibration split (even match number) */
    public boolean calibration() {
        return match % 2 == 0;
    }

    /**
     * @return whether the row has a trustworthy label: a labelled cheater, or a player of a match
     *     with no cheater present. Label 0 inside matches with a cheater is only about 56% precise
     *     (the dataset's card), so those rows are left out of figures.
     */
    public boolean trustworthyLabel() {
        return labelledCheater || NO_CHEATER_PRESENT.equals(folder);
    }

    /** @return hits counted towards accuracy: {@code min(hitsDealt, shotsFired)} */
    long accurateHits() {
        return Math.min(hitsDealt, shotsFired);
    }
}
