package dev.ludus.sim.anticheat;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores CS2CD player-match rows ({@link MatchStats}): a higher score means more likely a cheater.
 *
 * <p><b>Features.</b> Four shares are compared with the honest players of the same rank bucket
 * through the same Beta-Binomial machinery as {@link StatisticalDetector}: head hits among hits,
 * hits among shots, headshot kills among kills and kills among kills plus deaths. For each, a Beta
 * prior is fitted per rank bucket ({@link #rankBucket}) by the method of moments
 * ({@link BetaPrior#fit}) to the calibration rows of matches with no cheater present, and the feature
 * is the shift of the row's posterior mean from the prior mean in log-odds,
 * {@code logit((alpha + k) / (alpha + beta + n)) - logit(alpha / (alpha + beta))}: zero for a player
 * typical of their bucket, shrunk towards zero on small samples. Damage per hit is shrunk the same
 * way towards its bucket mean with a prior worth {@value #DAMAGE_PRIOR_HITS} hits and enters as the
 * log of its ratio to that mean (head hits do more damage, so it measures head aim per hit). Three
 * more describe how much the row shows: {@code log(1 + shots)}, the mean kill distance in tens of
 * units (0 when empty) and whether it is empty.
 *
 * <p><b>Combination.</b> The features are standardised and combined by an L2-regularised logistic
 * regression ({@code LogisticRegression}) fitted on the calibration split's rows with a trustworthy
 * label ({@link MatchStats#trustworthyLabel()}); the score is its probability. Nothing from the
 * evaluation split is used.
 *
 * <p>Immutable and thread-safe once fitted.
 */
public final class MatchStatsScorer {
    /** Rank buckets: Competitive Silver, Gold Nova, Master Guardian and up; Premier below 10,000, below 15,000, above; unknown. */
    public static final int RANK_BUCKETS = 7;
    /** The bucket of a rank that is neither a Premier rating nor a Competitive rank name. */
    public static final int UNKNOWN_RANK = 6;
    /** Names of the features, in the order of {@link #features}. */
    public static final List<String> FEATURES = List.of("head_ratio_shift", "accuracy_shift", "hs_kill_share_shift",
        "kill_share_shift", "log_damage_per_hit_ratio", "log1p_shots", "mean_kill_distance_10u",
        "no_kill_distance");

    /** Hits a bucket's mean damage per hit counts for when shrinking a row's. */
    static final double DAMAGE_PRIOR_HITS = 3;
    /** Trials a row needs to count in a Beta prior's fit. */
    static final int MIN_TRIALS = 5;
    /** Rows a bucket needs for its own prior; fewer borrow the pooled one. */
    static final int MIN_BUCKET_ROWS = 30;
    /** Largest prior strength {@code alpha + beta}, as in {@link DetectorSettings#maxPriorStrength()}. */
    static final double MAX_PRIOR_STRENGTH = 1000;
    /** The L2 penalty of the logistic regression on standardised features. */
    static final double L2 = 1.0;

    private static final List<String> COMPETITIVE_RANKS = List.of("Silver I", "Silver II", "Silver III",
        "Silver IV", "Silver Elite", "Silver Elite Master", "Gold Nova I", "Gold Nova II", "Gold Nova III",
        "Gold Nova Master", "Master Guardian I", "Master Guardian II", "Master Guardian Elite",
        "Distinguished Master Guardian", "Legendary Eagle", "Legendary Eagle Master",
        "Supreme Master First Class", "The Global Elite");
    private static final int SHARES = 4;

    private final BetaPrior[][] priors;
    private final double[] damagePerHit;
    private final double[] mean;
    private final double[] scale;
    private final double[] weights;

    private MatchStatsScorer(BetaPrior[][] priors, double[] damagePerHit, double[] mean, double[] scale,
                             double[] weights) {
        this.priors = priors;
        this.damagePerHit = damagePerHit;
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
    }

    /**
     * Fits priors and weights on the calibration rows among {@code rows}; other rows are ignored.
     *
     * @param rows rows of the dataset; the calibration split needs honest rows (no cheater present)
     *     with at least {@value #MIN_TRIALS} trials of each share, and labelled cheaters
     * @return the fitted scorer
     * @throws IllegalArgumentException if the calibration split lacks either class
     */
    public static MatchStatsScorer fit(List<MatchStats> rows) {
        List<MatchStats> labelled = new ArrayList<>();
        List<MatchStats> honest = new ArrayList<>();
        for (MatchStats row : rows) {
            if (row.calibration() && row.trustworthyLabel()) {
                labelled.add(row);
                if (!row.labelledCheater()) {
                    honest.add(row);
                }
            }
        }
        if (honest.isEmpty() || honest.size() == labelled.size()) {
            throw new IllegalArgumentException("calibration rows : " + honest.size() + " honest, "
                + (labelled.size() - honest.size()) + " cheaters (expected: some of each)");
        }
        BetaPrior[][] priors = new BetaPrior[SHARES][];
        for (int share = 0; share < SHARES; share++) {
            priors[share] = fitShare(honest, share);
        }
        double[] damagePerHit = fitDamagePerHit(honest);
        MatchStatsScorer unweighted = new MatchStatsScorer(priors, damagePerHit, null, null, null);
        double[][] x = new double[labelled.size()][];
        boolean[] y = new boolean[labelled.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = unweighted.rawFeatures(labelled.get(i));
            y[i] = labelled.get(i).labelledCheater();
        }
        double[] mean = new double[FEATURES.size()];
        double[] scale = new double[FEATURES.size()];
        for (int f = 0; f < mean.length; f++) {
            double sum = 0;
            double squares = 0;
            for (double[] row : x) {
                sum += row[f];
                squares += row[f] * row[f];
            }
            mean[f] = sum / x.length;
            double variance = squares / x.length - mean[f] * mean[f];
            scale[f] = variance > 1e-12 ? Math.sqrt(variance) : 1.0;
        }
        for (double[] row : x) {
            standardise(row, mean, scale);
        }
        return new MatchStatsScorer(priors, damagePerHit, mean, scale, LogisticRegression.fit(x, y, L2));
    }

    /**
     * @param row any row
     * @return the probability, in (0, 1), the fitted model gives that the row's player is a cheater
     */
    public double score(MatchStats row) {
        double[] x = rawFeatures(row);
        standardise(x, mean, scale);
        return LogisticRegression.logistic(LogisticRegression.linear(weights, x));
    }

    /**
     * @param row any row
     * @return its features, unstandardised, named and ordered as {@link #FEATURES}
     */
    public double[] features(MatchStats row) {
        return rawFeatures(row);
    }

    /** @return the intercept then one weight per standardised feature, in the order of {@link #FEATURES} */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The baseline the dataset's README quotes (AUC about 0.87 on all rows): the head-hit share
     * smoothed by a uniform prior, {@code (headHits + 1) / (hits + 2)} (Laplace's rule of succession).
     *
     * @param row any row
     * @return the smoothed share, in (0, 1)
     */
    public static double baseline(MatchStats row) {
        return (row.headHitsDealt() + 1.0) / (row.hitsDealt() + 2.0);
    }

    /**
     * The rank bucket of a CS2CD {@code avg_rank}: Competitive rank names split into Silver (0),
     * Gold Nova (1) and Master Guardian and up (2); Premier CS Ratings into below 10,000 (3), below
     * 15,000 (4) and from 15,000 (5); anything else, {@code Unknown} included, is {@link #UNKNOWN_RANK}
     * and is compared with all honest players. The two systems are not on one scale, so they are not
     * merged.
     *
     * @param avgRank the column's text
     * @return the bucket, 0 to {@value #RANK_BUCKETS} - 1
     */
    public static int rankBucket(String avgRank) {
        int competitive = COMPETITIVE_RANKS.indexOf(avgRank);
        if (competitive >= 0) {
            return competitive < 6 ? 0 : competitive < 10 ? 1 : 2;
        }
        if (!avgRank.isEmpty() && avgRank.length() < 7 && avgRank.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int rating = Integer.parseInt(avgRank);
            return rating < 10_000 ? 3 : rating < 15_000 ? 4 : 5;
        }
        return UNKNOWN_RANK;
    }

    private double[] rawFeatures(MatchStats row) {
        int bucket = rankBucket(row.avgRank());
        double[] x = new double[FEATURES.size()];
        for (int share = 0; share < SHARES; share++) {
            BetaPrior prior = priors[share][bucket];
            x[share] = logit(prior.posteriorMean(successes(row, share), trials(row, share))) - logit(prior.mean());
        }
        double bucketDamage = damagePerHit[bucket];
        x[4] = Math.log((row.damageDealt() + DAMAGE_PRIOR_HITS * bucketDamage)
            / (row.hitsDealt() + DAMAGE_PRIOR_HITS) / bucketDamage);
        x[5] = Math.log1p(row.shotsFired());
        boolean noDistance = Double.isNaN(row.meanKillDistance());
        x[6] = noDistance ? 0 : row.meanKillDistance() / 10;
        x[7] = noDistance ? 1 : 0;
        return x;
    }

    private static long successes(MatchStats row, int share) {
        return switch (share) {
            case 0 -> row.headHitsDealt();
            case 1 -> row.accurateHits();
            case 2 -> row.hsKills();
            default -> row.kills();
        };
    }

    private static long trials(MatchStats row, int share) {
        return switch (share) {
            case 0 -> row.hitsDealt();
            case 1 -> row.shotsFired();
            case 2 -> row.kills();
            default -> row.kills() + row.deaths();
        };
    }

    private static BetaPrior[] fitShare(List<MatchStats> honest, int share) {
        RateMoments[] byBucket = new RateMoments[RANK_BUCKETS];
        for (int b = 0; b < RANK_BUCKETS; b++) {
            byBucket[b] = new RateMoments();
        }
        RateMoments pooled = new RateMoments();
        for (MatchStats row : honest) {
            long n = trials(row, share);
            if (n >= MIN_TRIALS) {
                double rate = (double) successes(row, share) / n;
                byBucket[rankBucket(row.avgRank())].add(rate, n);
                pooled.add(rate, n);
            }
        }
        if (pooled.players() == 0) {
            throw new IllegalArgumentException("calibration rows with " + MIN_TRIALS + " or more trials of "
                + FEATURES.get(share) + " : 0 (expected: > 0)");
        }
        BetaPrior all = BetaPrior.fit(pooled, MAX_PRIOR_STRENGTH);
        BetaPrior[] priors = new BetaPrior[RANK_BUCKETS];
        for (int b = 0; b < RANK_BUCKETS; b++) {
            boolean own = b != UNKNOWN_RANK && byBucket[b].players() >= MIN_BUCKET_ROWS;
            priors[b] = own ? BetaPrior.fit(byBucket[b], MAX_PRIOR_STRENGTH) : all;
        }
        return priors;
    }

    private static double[] fitDamagePerHit(List<MatchStats> honest) {
        double[] damage = new double[RANK_BUCKETS];
        double[] hits = new double[RANK_BUCKETS];
        double[] rows = new double[RANK_BUCKETS];
        double allDamage = 0;
        double allHits = 0;
        for (MatchStats row : honest) {
            int b = rankBucket(row.avgRank());
            damage[b] += row.damageDealt();
            hits[b] += row.hitsDealt();
            rows[b]++;
            allDamage += row.damageDealt();
            allHits += row.hitsDealt();
        }
        double all = allHits > 0 && allDamage > 0 ? allDamage / allHits : 1.0;
        double[] perHit = new double[RANK_BUCKETS];
        for (int b = 0; b < RANK_BUCKETS; b++) {
            boolean own = b != UNKNOWN_RANK && rows[b] >= MIN_BUCKET_ROWS && hits[b] > 0 && damage[b] > 0;
            perHit[b] = own ? damage[b] / hits[b] : all;
        }
        return perHit;
    }

    private static void standardise(double[] x, double[] mean, double[] scale) {
        for (int f = 0; f < x.length; f++) {
            x[f] = (x[f] - mean[f]) / scale[f];
        }
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
