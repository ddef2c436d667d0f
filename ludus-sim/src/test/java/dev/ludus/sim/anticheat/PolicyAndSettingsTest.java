package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyAndSettingsTest {
    @Test
    void shouldMapScoresToTheStrongestSanctionReached() {
        Policy policy = new Policy(0.5, 0.9, 0.99);
        assertThat(policy.sanction(0.0)).isEqualTo(Sanction.NONE);
        assertThat(policy.sanction(0.4999)).isEqualTo(Sanction.NONE);
        assertThat(policy.sanction(0.5)).isEqualTo(Sanction.FLAG);
        assertThat(policy.sanction(0.9)).isEqualTo(Sanction.KICK);
        assertThat(policy.sanction(0.995)).isEqualTo(Sanction.SHADOW_BAN);
        assertThat(new Policy(0.5, 0.9, 2).sanction(1.0)).as("a threshold above 1 turns it off").isEqualTo(Sanction.KICK);
    }

    @Test
    void shouldRejectPolicyThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new Policy(0, 0.5, 0.6)).hasMessage("flagAt : 0.0 (expected: > 0 and <= 1)");
        assertThatThrownBy(() -> new Policy(1.5, 2, 2)).hasMessage("flagAt : 1.5 (expected: > 0 and <= 1)");
        assertThatThrownBy(() -> new Policy(0.5, 0.4, 0.6)).hasMessage("kickAt : 0.4 (expected: >= flagAt 0.5)");
        assertThatThrownBy(() -> new Policy(0.5, 0.9, 0.8)).hasMessage("shadowBanAt : 0.8 (expected: >= kickAt 0.9)");
    }

    @Test
    void shouldListEveryBadSettingOnItsOwnLine() {
        assertThatThrownBy(() -> new DetectorSettings(0, 0, 0.5, 0, 1, 1, 0.5, 0, 0, 0, 0, null, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage().lines().toList()).isEqualTo(List.of(
                "rankBuckets : 0 (expected: 1 to 64)",
                "tickSeconds : 0.0 (expected: > 0)",
                "populationQuantile : 0.5 (expected: > 0.5 and < 1)",
                "minSamples : 0 (expected: >= 1)",
                "minReactions : 1 (expected: >= 2)",
                "minPopulation : 1 (expected: >= 2)",
                "maxPriorStrength : 0.5 (expected: >= 1)",
                "refitEvery : 0 (expected: >= 1)",
                "snapDegrees : 0.0 (expected: > 0 and <= 180)",
                "reactionFloorMillis : 0.0 (expected: > 0)",
                "minResourceSeconds : 0.0 (expected: > 0)",
                "policy : null (expected: a policy)",
                "ratingToleranceBuckets : -1 (expected: 0 to rankBuckets - 1)")));
        double inf = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> new DetectorSettings(65, inf, 1, 1, 2, 2, inf, 1, 181, inf, inf, Policy.DEFAULT, 65))
            .satisfies(e -> assertThat(e.getMessage().lines()).containsExactly(
                "rankBuckets : 65 (expected: 1 to 64)",
                "tickSeconds : Infinity (expected: > 0)",
                "populationQuantile : 1.0 (expected: > 0.5 and < 1)",
                "maxPriorStrength : Infinity (expected: >= 1)",
                "snapDegrees : 181.0 (expected: > 0 and <= 180)",
                "reactionFloorMillis : Infinity (expected: > 0)",
                "minResourceSeconds : Infinity (expected: > 0)",
                "ratingToleranceBuckets : 65 (expected: 0 to rankBuckets - 1)"));
    }

    @Test
    void shouldChangeOnlyWhatTheWitherNames() {
        DetectorSettings defaults = DetectorSettings.defaults();
        Policy strict = new Policy(0.9, 0.95, 0.99);
        DetectorSettings changed = defaults.withRankBuckets(3).withPolicy(strict);
        assertThat(changed.rankBuckets()).isEqualTo(3);
        assertThat(changed.policy()).isEqualTo(strict);
        assertThat(changed.withRankBuckets(defaults.rankBuckets()).withPolicy(defaults.policy())).isEqualTo(defaults);
    }

    @Test
    void shouldCopyEvidenceIntoAnImmutableVerdict() {
        java.util.ArrayList<Evidence> evidence = new java.util.ArrayList<>();
        evidence.add(new Evidence("accuracy", 0.9, 0.5, 1.0, "detail"));
        Verdict verdict = new Verdict(1, 1.0, evidence, Sanction.KICK);
        evidence.clear();
        assertThat(verdict.evidence()).hasSize(1);
        assertThatThrownBy(() -> verdict.evidence().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
