package dev.ludus.sim.anticheat;

import org.hipparchus.distribution.continuous.GammaDistribution;
import org.hipparchus.special.Gamma;

/**
 * A Gamma(shape, rate) distribution of an event rate (events per second) across a population, the
 * conjugate prior of a Poisson count: after {@code u} events in {@code t} seconds a player's rate has
 * the posterior Gamma(shape + u, rate + t) (Gelman et al., <i>Bayesian Data Analysis</i>, 3rd ed.,
 * §2.6). Immutable.
 *
 * @param shape the prior's pseudo-events, {@code > 0}
 * @param rate the prior's pseudo-exposure, seconds, {@code > 0}
 */
record GammaPrior(double shape, double rate) {
    /**
     * Fits a prior to per-player rates {@code r_i = u_i / t_i} by the method of moments: a Poisson
     * rate measured over {@code t_i} seconds has variance {@code Var(lambda) + E[lambda] / t_i}, so
     * {@code Var(lambda) = Var(r) - mu * mean(1 / t_i)}; then {@code shape = mu^2 / Var(lambda)} and
     * {@code rate = mu / Var(lambda)}. The shape is kept within {@code [0.5, maxStrength]}.
     *
     * @param moments the population's rates, at least one player with a positive mean
     * @param maxStrength the largest shape, {@code >= 1}
     * @return the fitted prior
     */
    static GammaPrior fit(RateMoments moments, double maxStrength) {
        return fit(moments.mean(), moments.variance(), moments.meanInverseExposure(), maxStrength);
    }

    /**
     * The same fit from a centre, a measured variance and the mean {@code 1 / t}, as
     * {@link RobustMoments} gives them.
     *
     * @param mean the population's mean (or median) rate, {@code > 0}
     * @param measuredVariance the variance of the measured rates, noise included
     * @param meanInverseSeconds the mean of {@code 1 / t} over the players
     * @param maxStrength the largest shape, {@code >= 1}
     * @return the fitted prior
     */
    static GammaPrior fit(double mean, double measuredVariance, double meanInverseSeconds, double maxStrength) {
        double trueVariance = measuredVariance - mean * meanInverseSeconds;
        double shape = trueVariance <= 0.0 ? maxStrength : Math.clamp(mean * mean / trueVariance, 0.5, maxStrength);
        return new GammaPrior(shape, shape / mean);
    }

    /** @return the prior mean rate, per second */
    double mean() {
        return shape / rate;
    }

    /**
     * @param probability in (0, 1)
     * @return the rate below which that share of the population lies, per second
     */
    double quantile(double probability) {
        return new GammaDistribution(shape, 1.0 / rate).inverseCumulativeProbability(probability);
    }

    /**
     * @param events the player's events
     * @param seconds the player's exposure
     * @param threshold a rate, per second
     * @return the posterior probability that the player's rate exceeds it: {@code Q(shape + u, (rate + t) threshold)},
     *     {@code Q} the regularized upper incomplete gamma function
     */
    double exceedance(long events, double seconds, double threshold) {
        return Gamma.regularizedGammaQ(shape + events, (rate + seconds) * threshold);
    }
}
