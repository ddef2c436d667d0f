package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.distribution.continuous.GammaDistribution;
import org.junit.jupiter.api.Test;

class BetaPriorTest {
    private static final long SEED = 7L;

    @Test
    void shouldRecoverThePopulationBetaFromNoisyBinomialShares() {
        SplittableRandom random = new SplittableRandom(SEED);
        BetaDistribution truth = new BetaDistribution(12, 28); // mean 0.3, strength 40
        RateMoments moments = new RateMoments();
        for (int player = 0; player < 20_000; player++) {
            double rate = truth.inverseCumulativeProbability(random.nextDouble());
            int trials = 50 + random.nextInt(150);
            int hits = 0;
            for (int t = 0; t < trials; t++) {
                hits += random.nextDouble() < rate ? 1 : 0;
            }
            moments.add((double) hits / trials, trials);
        }
        BetaPrior fitted = BetaPrior.fit(moments, 1000);
        assertThat(fitted.mean()).as("seed " + SEED).isCloseTo(0.3, within(0.005));
        assertThat(fitted.alpha() + fitted.beta()).as("seed " + SEED).isCloseTo(40, within(4.0));
    }

    @Test
    void shouldCapTheStrengthWhenSharesDoNotVaryBeyondNoise() {
        RateMoments allZero = new RateMoments();
        for (int i = 0; i < 100; i++) {
            allZero.add(0, 200);
        }
        BetaPrior prior = BetaPrior.fit(allZero, 1000);
        assertThat(prior.alpha() + prior.beta()).isCloseTo(1000, within(1e-9));
        assertThat(prior.alpha()).isCloseTo(0.5, within(1e-9));

        RateMoments singleTrials = new RateMoments();
        singleTrials.add(1, 1);
        singleTrials.add(0, 1);
        assertThat(BetaPrior.fit(singleTrials, 50).alpha() + BetaPrior.fit(singleTrials, 50).beta())
            .as("1/n = 1: all spread is noise").isCloseTo(50, within(1e-9));
    }

    @Test
    void shouldKeepTheStrengthAtLeastOneForAPopulationSplitBetweenZeroAndOne() {
        RateMoments split = new RateMoments();
        for (int i = 0; i < 50; i++) {
            split.add(0, 1000);
            split.add(1, 1000);
        }
        BetaPrior prior = BetaPrior.fit(split, 1000);
        assertThat(prior.alpha() + prior.beta()).isCloseTo(1, within(1e-9));
    }

    @Test
    void shouldGiveTheBetaUpperTailAsExceedance() {
        BetaPrior prior = new BetaPrior(3, 7);
        BetaDistribution posterior = new BetaDistribution(3 + 40, 7 + 60);
        assertThat(prior.exceedance(40, 100, 0.35))
            .isCloseTo(1 - posterior.cumulativeProbability(0.35), within(1e-12));
        assertThat(prior.posteriorMean(40, 100)).isCloseTo(43.0 / 110, within(1e-15));
        assertThat(prior.quantile(0.5)).isCloseTo(new BetaDistribution(3, 7).inverseCumulativeProbability(0.5),
            within(1e-9));
        assertThat(prior.exceedance(3, 3, prior.quantile(0.999))).as("three in three is no evidence").isLessThan(0.02);
    }

    @Test
    void shouldRejectParametersThatAreNotPositive() {
        assertThatThrownBy(() -> new BetaPrior(0, 1)).hasMessage("alpha, beta : 0.0, 1.0 (expected: > 0 and finite)");
        assertThatThrownBy(() -> new BetaPrior(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BetaPrior(Double.POSITIVE_INFINITY, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BetaPrior(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRecoverThePopulationGammaFromPoissonCounts() {
        SplittableRandom random = new SplittableRandom(SEED);
        GammaDistribution truth = new GammaDistribution(25, 0.04); // mean 1 per second, shape 25
        RateMoments moments = new RateMoments();
        for (int player = 0; player < 20_000; player++) {
            double rate = truth.inverseCumulativeProbability(random.nextDouble());
            double seconds = 100;
            long events = 0;
            for (double t = -Math.log(random.nextDouble()) / rate; t < seconds; t += -Math.log(random.nextDouble()) / rate) {
                events++;
            }
            moments.add(events / seconds, seconds);
        }
        GammaPrior fitted = GammaPrior.fit(moments, 1000);
        assertThat(fitted.mean()).as("seed " + SEED).isCloseTo(1.0, within(0.01));
        assertThat(fitted.shape()).as("seed " + SEED).isCloseTo(25, within(3.0));
        GammaPrior posterior = new GammaPrior(25 + 150, 25 + 100);
        assertThat(new GammaPrior(25, 25).exceedance(150, 100, 1.2))
            .isCloseTo(1 - new GammaDistribution(posterior.shape(), 1 / posterior.rate()).cumulativeProbability(1.2),
                within(1e-12));
    }

    @Test
    void shouldCapTheGammaShapeWhenRatesDoNotVaryBeyondNoise() {
        RateMoments same = new RateMoments();
        for (int i = 0; i < 10; i++) {
            same.add(2.0, 100);
        }
        GammaPrior prior = GammaPrior.fit(same, 500);
        assertThat(prior.shape()).isEqualTo(500);
        assertThat(prior.mean()).isCloseTo(2.0, within(1e-12));
    }
}
