package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

class StatisticalDetectorTest {
    private static final long SEED = 5L;
    /** Two buckets, small samples and populations, a fit after every update: each test sees exact state. */
    private static final DetectorSettings SMALL = new DetectorSettings(2, 0.05, 0.999, 20, 5, 10, 1000, 1, 25, 150,
        10, Policy.DEFAULT, 0);

    /** Twenty honest players per bucket with hit rates around 0.3 (bucket 0) or 0.7 (bucket 1). */
    private static void honestPopulation(StatisticalDetector detector, SplittableRandom random, int shots) {
        for (int player = 0; player < 40; player++) {
            int bucket = player % 2;
            double accuracy = (bucket == 0 ? 0.3 : 0.7) + 0.03 * random.nextGaussian();
            for (int shot = 0; shot < shots; shot++) {
                boolean hit = random.nextDouble() < accuracy;
                detector.onShot(player, bucket, hit, hit && random.nextDouble() < 0.3);
                detector.onAimSnap(player, Math.abs(5 * random.nextGaussian()));
            }
            for (int reaction = 0; reaction < 10; reaction++) {
                detector.onReaction(player, Math.exp(Math.log(250) + 0.25 * random.nextGaussian()));
            }
        }
    }

    @Test
    void shouldGiveNoEvidenceForAnUnknownPlayerOrASmallSample() {
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, new SplittableRandom(SEED), 200);
        assertThat(detector.verdict(999)).isEqualTo(new Verdict(999, 0, java.util.List.of(), Sanction.NONE));

        for (int i = 0; i < 3; i++) {
            detector.onShot(1000, 0, true, true);
        }
        Verdict streak = detector.verdict(1000);
        assertThat(streak.evidence()).as("3 of 3 head hits is below minSamples").isEmpty();
        assertThat(streak.sanction()).isEqualTo(Sanction.NONE);
    }

    @Test
    void shouldFlagSuperhumanAccuracyAgainstTheBucketButNotTheSameAccuracyInAHigherBucket() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, random, 200);
        for (int shot = 0; shot < 200; shot++) {
            boolean hit = random.nextDouble() < 0.7;
            detector.onShot(500, 0, hit, false);
            detector.onShot(501, 1, hit, false);
        }
        Verdict low = detector.verdict(500);
        Verdict high = detector.verdict(501);
        Evidence lowAccuracy = low.evidence().getFirst();
        assertThat(lowAccuracy.feature()).isEqualTo(StatisticalDetector.ACCURACY);
        assertThat(lowAccuracy.observed()).isEqualTo(high.evidence().getFirst().observed());
        assertThat(lowAccuracy.score()).as("seed " + SEED).isGreaterThan(0.99);
        assertThat(lowAccuracy.detail()).contains("hits in 200 shots").contains("rank bucket 0");
        assertThat(low.sanction()).isNotEqualTo(Sanction.NONE);
        assertThat(high.evidence().getFirst().score()).as("seed " + SEED).isLessThan(0.01);
        assertThat(high.sanction()).isEqualTo(Sanction.NONE);
    }

    @Test
    void shouldJudgeAccuracyAgainstTheTierAboveWhenRatingsAreUncertain() {
        SplittableRandom random = new SplittableRandom(SEED);
        DetectorSettings tolerant = new DetectorSettings(2, 0.05, 0.999, 20, 5, 10, 1000, 1, 25, 150, 10,
            Policy.DEFAULT, 1);
        StatisticalDetector detector = new StatisticalDetector(tolerant);
        honestPopulation(detector, random, 200);
        for (int shot = 0; shot < 200; shot++) {
            // A bucket-0 player who plays like bucket 1: its rating lags its skill by a tier.
            detector.onShot(500, 0, random.nextDouble() < 0.7, false);
            detector.onShot(502, 0, random.nextDouble() < 0.97, false);
        }
        Verdict underRated = detector.verdict(500);
        assertThat(underRated.evidence().getFirst().detail()).contains("rank bucket 1");
        assertThat(underRated.sanction()).isEqualTo(Sanction.NONE);
        assertThat(detector.verdict(502).sanction()).as("far beyond even the tier above").isNotEqualTo(Sanction.NONE);
        assertThat(DetectorSettings.defaults().ratingToleranceBuckets()).isEqualTo(1);
        assertThat(DetectorSettings.defaults().withRankBuckets(1).ratingToleranceBuckets()).isZero();
    }

    @Test
    void shouldFlagInhumanReactionsAndSnaps() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, random, 100);
        for (int i = 0; i < 100; i++) {
            boolean hit = random.nextDouble() < 0.3;
            detector.onShot(700, 0, hit, false);
            detector.onAimSnap(700, 40 + 50 * random.nextDouble());
        }
        for (int i = 0; i < 10; i++) {
            detector.onReaction(700, 30 + 50 * random.nextDouble());
            detector.onReaction(701, 60);
        }
        Verdict bot = detector.verdict(700);
        assertThat(bot.evidence()).extracting(Evidence::feature).contains(StatisticalDetector.AIM_SNAP,
            StatisticalDetector.REACTION_TIME);
        assertThat(bot.evidence()).allSatisfy(e -> {
            if (!e.feature().equals(StatisticalDetector.ACCURACY) && !e.feature().endsWith("head_ratio")
                && !e.feature().equals(StatisticalDetector.HEAD_ACCURACY) && !e.feature().equals(StatisticalDetector.VIOLATIONS)) {
                assertThat(e.score()).as(e.detail()).isGreaterThan(0.999);
            }
        });
        assertThat(bot.sanction()).isEqualTo(Sanction.SHADOW_BAN);
        Verdict constant = detector.verdict(701);
        assertThat(constant.evidence().getFirst().feature()).isEqualTo(StatisticalDetector.REACTION_TIME);
        assertThat(constant.evidence().getFirst().observed()).isCloseTo(60, within(1e-9));
        assertThat(constant.score()).as("identical reactions still have a posterior width").isGreaterThan(0.999);
        assertThat(detector.verdict(3).evidence()).filteredOn(e -> e.feature().equals(StatisticalDetector.REACTION_TIME))
            .singleElement().satisfies(e -> assertThat(e.score()).isLessThan(0.01));
    }

    @Test
    void shouldFlagRapidFireViolationsButNotARareOne() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, random, 200);
        detector.onViolation(4, "move_too_fast");
        for (int i = 0; i < 40; i++) {
            detector.onViolation(6, "fire_cooldown");
        }
        assertThat(detector.verdict(4).sanction()).isEqualTo(Sanction.NONE);
        Verdict rapid = detector.verdict(6);
        assertThat(rapid.evidence()).filteredOn(e -> e.feature().equals(StatisticalDetector.VIOLATIONS)).singleElement()
            .satisfies(e -> assertThat(e.detail()).startsWith("40 violations in 240 shots and violations"));
        assertThat(rapid.sanction()).isEqualTo(Sanction.SHADOW_BAN);
        assertThatThrownBy(() -> detector.onViolation(6, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldCompareResourceGainWithThePopulationCountingFromTheFirstGain() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        for (int player = 0; player < 20; player++) {
            detector.onResourceGain(player, 0, 500); // the first gain only starts the clock
            for (long tick = 20; tick <= 1200; tick += 20) {
                detector.onResourceGain(player, tick, random.nextDouble() < 0.5 ? 1 : 0);
            }
        }
        detector.onResourceGain(50, 0, 0);
        for (long tick = 20; tick <= 1200; tick += 20) {
            detector.onResourceGain(50, tick, 5);
        }
        detector.onResourceGain(50, 10, 0); // late and out of order: counted, the clock stays
        Verdict farmer = detector.verdict(50);
        Evidence gain = farmer.evidence().getFirst();
        assertThat(gain.feature()).isEqualTo(StatisticalDetector.RESOURCE_RATE);
        assertThat(gain.observed()).isCloseTo(300 / 60.0, within(1e-9));
        assertThat(gain.score()).isGreaterThan(0.999);
        assertThat(gain.detail()).startsWith("300 units in 60 s");
        assertThat(detector.verdict(0).evidence().getFirst().score()).as("seed " + SEED).isLessThan(0.01);

        StatisticalDetector empty = new StatisticalDetector(SMALL);
        for (int player = 0; player < 20; player++) {
            empty.onResourceGain(player, 0, 0);
            empty.onResourceGain(player, 1200, 0);
        }
        assertThat(empty.verdict(0).evidence()).as("nobody gains anything: no prior").isEmpty();
        StatisticalDetector few = new StatisticalDetector(SMALL);
        few.onResourceGain(1, 0, 0);
        few.onResourceGain(1, 1200, 10);
        assertThat(few.verdict(1).evidence()).as("a population of one").isEmpty();
    }

    @Test
    void shouldBorrowThePooledPriorForASmallBucketAndScoreNobodyWithoutAPopulation() {
        StatisticalDetector alone = new StatisticalDetector(SMALL);
        for (int i = 0; i < 100; i++) {
            alone.onShot(1, 0, true, true);
        }
        assertThat(alone.verdict(1).evidence()).as("no population to compare with").isEmpty();

        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        for (int player = 0; player < 12; player++) {
            for (int shot = 0; shot < 100; shot++) {
                detector.onShot(player, 0, random.nextDouble() < 0.3, false);
            }
        }
        for (int shot = 0; shot < 100; shot++) {
            detector.onShot(99, 1, random.nextDouble() < 0.3, false);
        }
        assertThat(detector.verdict(99).evidence().getFirst().detail()).contains("all buckets");
    }

    @Test
    void shouldMoveAPlayersHistoryWhenTheirBucketChangesAndDropItWhenForgotten() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, random, 200);
        for (int shot = 0; shot < 100; shot++) {
            detector.onShot(800, 0, random.nextDouble() < 0.7, false);
        }
        assertThat(detector.verdict(800).sanction()).as("0.7 is superhuman in bucket 0").isNotEqualTo(Sanction.NONE);
        detector.onShot(800, 1, true, false);
        Verdict promoted = detector.verdict(800);
        assertThat(promoted.evidence().getFirst().detail()).contains("rank bucket 1").contains("in 101 shots");
        assertThat(promoted.sanction()).isEqualTo(Sanction.NONE);

        int players = detector.players();
        detector.forget(800);
        detector.forget(123_456);
        assertThat(detector.players()).isEqualTo(players - 1);
        assertThat(detector.verdict(800).evidence()).isEmpty();
        detector.onShot(801, 0, true, false);
        assertThat(detector.players()).isEqualTo(players);
        // As the world's action observer, a player leaving is forgotten.
        dev.ludus.sim.action.ActionObserver observer = detector;
        observer.onLeave(801);
        assertThat(detector.players()).isEqualTo(players - 1);
    }

    @Test
    void shouldTakeSanctionedPlayersOutOfThePopulationAndBackWhenCleared() {
        SplittableRandom random = new SplittableRandom(SEED);
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        honestPopulation(detector, random, 200);
        for (int shot = 0; shot < 40; shot++) {
            detector.onShot(900, 0, true, false);
        }
        assertThat(detector.verdict(900).sanction()).isNotEqualTo(Sanction.NONE);
        for (int shot = 0; shot < 2000; shot++) {
            detector.onShot(900, 0, random.nextDouble() < 0.3, false);
        }
        assertThat(detector.verdict(900).sanction()).as("a long honest record clears the player").isEqualTo(Sanction.NONE);
        assertThat(detector.verdict(900).sanction()).isEqualTo(Sanction.NONE);
    }

    @Test
    void shouldGrowPastItsInitialCapacity() {
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        for (long player = 0; player < 1000; player++) {
            detector.onShot(player, (int) (player % 2), player % 3 == 0, false);
            detector.onReaction(player, 200);
        }
        assertThat(detector.players()).isEqualTo(1000);
    }

    @Test
    void shouldRejectImpossibleInputs() {
        StatisticalDetector detector = new StatisticalDetector(SMALL);
        assertThatThrownBy(() -> detector.onShot(1, 2, true, false)).hasMessage("rankBucket : 2 (expected: 0 to 1)");
        assertThatThrownBy(() -> detector.onShot(1, -1, true, false)).hasMessage("rankBucket : -1 (expected: 0 to 1)");
        assertThatThrownBy(() -> detector.onShot(1, 0, false, true))
            .hasMessage("headHit : true with hit false (expected: a head hit is a hit)");
        assertThatThrownBy(() -> detector.onReaction(1, 0)).hasMessage("reactionMillis : 0.0 (expected: > 0)");
        assertThatThrownBy(() -> detector.onReaction(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> detector.onAimSnap(1, 180.5)).hasMessage("degrees : 180.5 (expected: 0 to 180)");
        assertThatThrownBy(() -> detector.onAimSnap(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> detector.onResourceGain(1, -1, 1)).hasMessage("tick : -1 (expected: >= 0)");
        assertThatThrownBy(() -> detector.onResourceGain(1, 0, -1)).hasMessage("units : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new StatisticalDetector(null)).isInstanceOf(NullPointerException.class);
        assertThat(detector.players()).as("rejected calls leave no state").isZero();
    }

    @Test
    void shouldMatchTheStudentTDistribution() {
        for (int df : new int[] {1, 4, 29}) {
            TDistribution t = new TDistribution(df);
            for (double x : new double[] {-6, -1.5, 0, 0.7, 3}) {
                assertThat(StatisticalDetector.studentTCdf(x, df)).isCloseTo(t.cumulativeProbability(x), within(1e-12));
            }
        }
    }
}
