package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CS2CD scorer on synthetic rows shaped like the dataset's (the real file is scored in
 * ludus-server's {@code AnticheatCommandTest}).
 */
class MatchStatsScorerTest {
    private static final long SEED = 3L;
    private static final String[] RANKS = {"Silver II", "Gold Nova III", "Master Guardian I", "7060", "12107", "18000",
        "Unknown"};

    private static MatchStats row(SplittableRandom random, long match, boolean cheater, String rank) {
        double accuracy = cheater ? 0.45 : 0.25 + 0.05 * random.nextGaussian();
        double head = cheater ? 0.6 : 0.3 + 0.05 * random.nextGaussian();
        long shots = 50 + random.nextInt(300);
        long hits = binomial(random, shots, Math.clamp(accuracy, 0.01, 0.99));
        long headHits = binomial(random, hits, Math.clamp(head, 0.01, 0.99));
        long kills = hits / 4;
        long hsKills = binomial(random, kills, Math.clamp(head + 0.1, 0.01, 0.99));
        long deaths = 5 + random.nextInt(15);
        long damage = hits * 20 + headHits * 40;
        double distance = kills == 0 ? Double.NaN : 10 + 10 * random.nextDouble();
        String folder = cheater || random.nextInt(4) == 0 ? "with_cheater_present" : MatchStats.NO_CHEATER_PRESENT;
        return new MatchStats(folder, match, rank, "Player_" + random.nextInt(10), cheater, kills, hsKills, deaths,
            shots, hits, headHits, damage, distance);
    }

    private static long binomial(SplittableRandom random, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            k += random.nextDouble() < p ? 1 : 0;
        }
        return k;
    }

    private static List<MatchStats> rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<MatchStats> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(random, i % 40, random.nextInt(5) == 0, RANKS[i % RANKS.length]));
        }
        return rows;
    }

    @Test
    void shouldSeparateCheatersOnTheSplitItWasNotFittedOn() {
        List<MatchStats> rows = rows(SEED, 2_000);
        MatchStatsScorer scorer = MatchStatsScorer.fit(rows);
        List<MatchStats> evaluation = rows.stream().filter(r -> !r.calibration() && r.trustworthyLabel()).toList();
        double[] scores = evaluation.stream().mapToDouble(scorer::score).toArray();
        boolean[] labels = new boolean[evaluation.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = evaluation.get(i).labelledCheater();
        }
        assertThat(DetectionMetrics.auc(scores, labels)).as("seed " + SEED).isGreaterThan(0.95);
        assertThat(java.util.Arrays.stream(scores).allMatch(s -> s > 0 && s < 1)).isTrue();
        double[] weights = scorer.weights();
        assertThat(weights).hasSize(MatchStatsScorer.FEATURES.size() + 1);
        assertThat(weights[1]).as("head ratio shift raises the score").isPositive();
    }

    @Test
    void shouldDescribeATypicalPlayerWithZeroShiftsAndAHeadHunterWithPositiveOnes() {
        List<MatchStats> rows = rows(SEED, 2_000);
        MatchStatsScorer scorer = MatchStatsScorer.fit(rows);
        MatchStats typical = new MatchStats(MatchStats.NO_CHEATER_PRESENT, 1, "Silver II", "p", false, 0, 0, 0, 0, 0,
            0, 0, Double.NaN);
        double[] none = scorer.features(typical);
        assertThat(none[0]).as("no hits: the posterior is the prior").isCloseTo(0, within(1e-12));
        assertThat(none[5]).isZero();
        assertThat(none[6]).isZero();
        assertThat(none[7]).isEqualTo(1);
        MatchStats hunter = new MatchStats("with_cheater_present", 1, "Silver II", "p", true, 40, 35, 5, 200, 120, 100,
            9000, 25.0);
        double[] x = scorer.features(hunter);
        assertThat(x[0]).isGreaterThan(1);
        assertThat(x[4]).as("damage per hit above the bucket's").isPositive();
        assertThat(x[6]).isCloseTo(2.5, within(1e-12));
        assertThat(scorer.score(hunter)).isGreaterThan(scorer.score(typical));
        assertThat(MatchStatsScorer.baseline(hunter)).isCloseTo(101.0 / 122, within(1e-12));
    }

    @Test
    void shouldMapBothRankSystemsToBuckets() {
        assertThat(MatchStatsScorer.rankBucket("Silver I")).isZero();
        assertThat(MatchStatsScorer.rankBucket("Silver Elite Master")).isZero();
        assertThat(MatchStatsScorer.rankBucket("Gold Nova I")).isEqualTo(1);
        assertThat(MatchStatsScorer.rankBucket("Gold Nova Master")).isEqualTo(1);
        assertThat(MatchStatsScorer.rankBucket("Master Guardian I")).isEqualTo(2);
        assertThat(MatchStatsScorer.rankBucket("The Global Elite")).isEqualTo(2);
        assertThat(MatchStatsScorer.rankBucket("3409")).isEqualTo(3);
        assertThat(MatchStatsScorer.rankBucket("9999")).isEqualTo(3);
        assertThat(MatchStatsScorer.rankBucket("10000")).isEqualTo(4);
        assertThat(MatchStatsScorer.rankBucket("15000")).isEqualTo(5);
        assertThat(MatchStatsScorer.rankBucket("22301")).isEqualTo(5);
        assertThat(MatchStatsScorer.rankBucket("Unknown")).isEqualTo(MatchStatsScorer.UNKNOWN_RANK);
        assertThat(MatchStatsScorer.rankBucket("")).isEqualTo(MatchStatsScorer.UNKNOWN_RANK);
        assertThat(MatchStatsScorer.rankBucket("12345678")).isEqualTo(MatchStatsScorer.UNKNOWN_RANK);
        assertThat(MatchStatsScorer.rankBucket("12a")).isEqualTo(MatchStatsScorer.UNKNOWN_RANK);
    }

    @Test
    void shouldRefuseACalibrationSplitWithoutBothClassesOrWithoutTrials() {
        List<MatchStats> honest = List.of(
            new MatchStats(MatchStats.NO_CHEATER_PRESENT, 0, "Silver I", "p", false, 1, 0, 1, 10, 5, 1, 100, 3.0),
            new MatchStats("with_cheater_present", 1, "Silver I", "c", true, 1, 0, 1, 10, 5, 1, 100, 3.0));
        assertThatThrownBy(() -> MatchStatsScorer.fit(honest))
            .hasMessage("calibration rows : 1 honest, 0 cheaters (expected: some of each)");
        MatchStats cheater = new MatchStats("with_cheater_present", 2, "Silver I", "c", true, 1, 1, 0, 10, 9, 8, 900, 3.0);
        assertThatThrownBy(() -> MatchStatsScorer.fit(List.of(cheater)))
            .hasMessage("calibration rows : 0 honest, 1 cheaters (expected: some of each)");
        MatchStats idle = new MatchStats(MatchStats.NO_CHEATER_PRESENT, 0, "Silver I", "p", false, 0, 0, 0, 0, 0, 0, 0,
            Double.NaN);
        assertThatThrownBy(() -> MatchStatsScorer.fit(List.of(idle, cheater)))
            .hasMessage("calibration rows with 5 or more trials of head_ratio_shift : 0 (expected: > 0)");
    }

    @Test
    void shouldValidateRowsNamingTheColumn() {
        assertThatThrownBy(() -> stats(-1, 0, 0, 0, 0, 0, 0, 0, 0)).hasMessage("match : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, -1, 0, 0, 0, 0, 0, 0, 0)).hasMessage("kills : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, -1, 0, 0, 0, 0, 0, 0)).hasMessage("hs_kills : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, 0, -1, 0, 0, 0, 0, 0)).hasMessage("deaths : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, -1, 0, 0, 0, 0)).hasMessage("shots_fired : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 0, -1, 0, 0, 0)).hasMessage("hits_dealt : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 0, 0, -1, 0, 0)).hasMessage("head_hits_dealt : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 0, 0, 0, -1, 0)).hasMessage("dmg_health_dealt : -1 (expected: >= 0)");
        assertThatThrownBy(() -> stats(0, 1, 2, 0, 0, 0, 0, 0, 0)).hasMessage("hs_kills : 2 (expected: <= kills 1)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 9, 3, 4, 0, 0))
            .hasMessage("head_hits_dealt : 4 (expected: <= hits_dealt 3)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 0, 0, 0, 0, -0.5))
            .hasMessage("mean_kill_distance : -0.5 (expected: >= 0 and finite, or empty)");
        assertThatThrownBy(() -> stats(0, 0, 0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchStats(null, 0, "r", "p", false, 0, 0, 0, 0, 0, 0, 0, 0))
            .hasMessage("folder");
        MatchStats moreHitsThanShots = stats(3, 0, 0, 0, 10, 12, 0, 0, 0);
        assertThat(moreHitsThanShots.accurateHits()).isEqualTo(10);
        assertThat(moreHitsThanShots.calibration()).isFalse();
        assertThat(moreHitsThanShots.trustworthyLabel()).isTrue();
        assertThat(new MatchStats("with_cheater_present", 4, "r", "p", false, 0, 0, 0, 0, 0, 0, 0, 0).trustworthyLabel())
            .isFalse();
    }

    private static MatchStats stats(long match, long kills, long hsKills, long deaths, long shots, long hits,
                                    long headHits, long damage, double distance) {
        return new MatchStats(MatchStats.NO_CHEATER_PRESENT, match, "Silver I", "p", false, kills, hsKills, deaths,
            shots, hits, headHits, damage, distance);
    }

    @Test
    void shouldRecoverTheWeightsOfALogisticModel() {
        SplittableRandom random = new SplittableRandom(SEED);
        double[][] x = new double[20_000][2];
        boolean[] y = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            y[i] = random.nextDouble() < LogisticRegression.logistic(-1 + 2 * x[i][0] - 0.5 * x[i][1]);
        }
        double[] w = LogisticRegression.fit(x, y, 1e-6);
        assertThat(w[0]).as("seed " + SEED).isCloseTo(-1, within(0.1));
        assertThat(w[1]).as("seed " + SEED).isCloseTo(2, within(0.1));
        assertThat(w[2]).as("seed " + SEED).isCloseTo(-0.5, within(0.1));
    }
}
