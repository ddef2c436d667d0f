package dev.ludus.sim.anticheat;

import java.util.List;

/**
 * What the detector currently thinks of one player.
 *
 * @param playerId the player
 * @param score the probability, in [0, 1], that at least one feature is beyond the human population
 *     (a noisy-OR of the evidence scores); 0 with no evidence
 * @param evidence the features that had enough data to be scored, in a fixed order; immutable
 * @param sanction what the policy makes of the score
 */
public record Verdict(long playerId, double score, List<Evidence> evidence, Sanction sanction) {
    /** Copies the evidence into an immutable list. */
    public Verdict {
        evidence = List.copyOf(evidence);
    }
}
