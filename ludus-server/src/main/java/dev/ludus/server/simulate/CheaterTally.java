package dev.ludus.server.simulate;

import dev.ludus.sim.anticheat.Sanction;
import dev.ludus.sim.anticheat.SanctionEnforcer;
import dev.ludus.sim.anticheat.StatisticalDetector;
import dev.ludus.sim.anticheat.Verdict;
import dev.ludus.testkit.SyntheticPlayers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a combat run's anti-cheat against the synthetic players' labels. It is the
 * {@link SanctionEnforcer.Handler} of the run, so the run goes through the same policy path as
 * {@code serve} (periodic reviews, a final review when a player leaves, and one at the end of the run):
 * a player counts as flagged when any of its sessions got a sanction other than {@link Sanction#NONE}.
 * Not thread-safe: the tick thread.
 */
final class CheaterTally implements SanctionEnforcer.Handler {
    /** Honest players at least this skilled are the "top-skill" ones that must never be flagged. */
    static final double TOP_SKILL = 0.9;
    /** Wrong verdicts listed in the report, with their evidence. */
    static final int MAX_EXAMPLES = 10;

    private final StatisticalDetector detector;
    /** Per entity: the verdict that brought its harshest sanction. */
    private final Map<Long, Verdict> sanctioned = new HashMap<>();
    /** Per entity: its verdict at the last look (it left, or the run ended). */
    private final Map<Long, Verdict> lastLooks = new HashMap<>();

    /** @param detector the run's detector, asked for the verdicts of players never sanctioned */
    CheaterTally(StatisticalDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    @Override
    public void onSanction(long playerId, Verdict verdict) {
        sanctioned.put(playerId, verdict);
    }

    @Override
    public void onLastLook(long playerId, Verdict verdict) {
        lastLooks.put(playerId, verdict);
    }

    /**
     * @param labels the population's truth
     * @return how the verdicts compare with it
     */
    SimulationReport.Anticheat score(List<SyntheticPlayers.Label> labels) {
        int cheaters = 0;
        int flagged = 0;
        int truePositives = 0;
        int falsePositives = 0;
        int topHonest = 0;
        int topHonestFlagged = 0;
        Map<String, int[]> byCheat = new LinkedHashMap<>();
        List<String> wrong = new java.util.ArrayList<>();
        for (SyntheticPlayers.Label label : labels) {
            boolean caught = label.entityIds().stream().anyMatch(id -> sanction(id) != Sanction.NONE);
            if (caught != label.cheater() && wrong.size() < MAX_EXAMPLES) {
                wrong.add(example(label, caught));
            }
            int[] kind = byCheat.computeIfAbsent(label.cheat(), k -> new int[2]);
            kind[0]++;
            kind[1] += caught ? 1 : 0;
            if (label.cheater()) {
                cheaters++;
            }
            if (caught) {
                flagged++;
                if (label.cheater()) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
            }
            if (!label.cheater() && label.skill() >= TOP_SKILL) {
                topHonest++;
                topHonestFlagged += caught ? 1 : 0;
            }
        }
        Map<String, SimulationReport.CheatKind> kinds = new LinkedHashMap<>();
        byCheat.forEach((kind, counts) -> kinds.put(kind, new SimulationReport.CheatKind(counts[0], counts[1])));
        double precision = flagged == 0 ? 1 : (double) truePositives / flagged;
        double recall = cheaters == 0 ? 1 : (double) truePositives / cheaters;
        return new SimulationReport.Anticheat(cheaters, flagged, truePositives, falsePositives,
            TickRecorder.round(precision), TickRecorder.round(recall), topHonest, topHonestFlagged, kinds, wrong);
    }

    /** One wrong verdict, with the evidence of the player's most suspicious session, for the report. */
    private String example(SyntheticPlayers.Label label, boolean caught) {
        Verdict worst = null;
        for (long id : label.entityIds()) {
            Verdict verdict = verdict(id);
            if (worst == null || verdict.score() > worst.score()) {
                worst = verdict;
            }
        }
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%s %s (%s, skill %.2f, bucket %d): score %.4f",
            caught ? "flagged" : "missed", label.name(), label.cheat(), label.skill(), label.rankBucket(),
            worst == null ? 0 : worst.score()));
        if (worst == null || worst.evidence().isEmpty()) {
            text.append("; no evidence: fewer observations than any feature needs (30 shots, 10 reactions, 60 s of harvesting)");
        } else {
            worst.evidence().forEach(e -> text.append("; ").append(e.feature()).append(' ').append(e.detail()));
        }
        return text.toString();
    }

    private Sanction sanction(long entityId) {
        Verdict verdict = sanctioned.get(entityId);
        return verdict == null ? Sanction.NONE : verdict.sanction();
    }

    /** The sanctioning verdict, else the one at the last look, else the detector's current one. */
    private Verdict verdict(long entityId) {
        Verdict verdict = sanctioned.get(entityId);
        if (verdict == null) {
            verdict = lastLooks.get(entityId);
        }
        return verdict != null ? verdict : detector.verdict(entityId);
    }
}
