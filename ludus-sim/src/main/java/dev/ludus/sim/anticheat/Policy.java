package dev.ludus.sim.anticheat;

/**
 * Maps a detector score in [0, 1] to a {@link Sanction}: the strongest sanction whose threshold the
 * score reaches. A threshold above 1 is never reached, which turns that sanction off. Immutable.
 *
 * @param flagAt score from which a player is flagged, in (0, 1]
 * @param kickAt score from which a player is kicked, {@code >= flagAt}
 * @param shadowBanAt score from which a player is shadow-banned, {@code >= kickAt}
 */
public record Policy(double flagAt, double kickAt, double shadowBanAt) {
    /**
     * The default: flag from 0.5 (the detector finds it more likely than not that some feature is
     * beyond the human population), kick from 0.99, shadow-ban from 0.9999.
     */
    public static final Policy DEFAULT = new Policy(0.5, 0.99, 0.9999);

    /**
     * @throws IllegalArgumentException naming the threshold, its value and what was expected
     */
    public Policy {
        if (!(flagAt > 0 && flagAt <= 1)) {
            throw new IllegalArgumentException("flagAt : " + flagAt + " (expected: > 0 and <= 1)");
        }
        if (!(kickAt >= flagAt)) {
            throw new IllegalArgumentException("kickAt : " + kickAt + " (expected: >= flagAt " + flagAt + ")");
        }
        if (!(shadowBanAt >= kickAt)) {
            throw new IllegalArgumentException("shadowBanAt : " + shadowBanAt + " (expected: >= kickAt " + kickAt + ")");
        }
    }

    /**
     * @param score a detector score in [0, 1]
     * @return the strongest sanction whose threshold {@code score} reaches
     */
    public Sanction sanction(double score) {
        if (score >= shadowBanAt) {
            return Sanction.SHADOW_BAN;
        }
        if (score >= kickAt) {
            return Sanction.KICK;
        }
        return score >= flagAt ? Sanction.FLAG : Sanction.NONE;
    }
}
