package dev.ludus.sim.anticheat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SanctionEnforcerTest {

    @Test
    void shouldApplyEachHarsherSanctionOnceAtAReviewAndForgetPlayersWhoLeave() {
        StatisticalDetector detector = new StatisticalDetector(DetectorSettings.defaults().withRankBuckets(1));
        List<String> applied = new ArrayList<>();
        SanctionEnforcer enforcer = new SanctionEnforcer(detector, 20,
            (id, verdict) -> applied.add(id + " " + verdict.sanction()));
        // Thirty honest players with 30 % accuracy make the population; player 99 violates the rules.
        for (long player = 1; player <= 30; player++) {
            for (int shot = 0; shot < 40; shot++) {
                enforcer.onShot(player, 0, shot % 10 < 3, shot % 10 == 0);
            }
            enforcer.onReaction(player, 300);
            enforcer.onAimSnap(player, 3);
            enforcer.onResourceGain(player, 1, 1);
        }
        for (int i = 0; i < 40; i++) {
            enforcer.onViolation(99, "teleport");
        }

        enforcer.onTickEnd(19);
        assertThat(applied).as("no review between the review ticks").isEmpty();
        enforcer.onTickEnd(20);
        assertThat(applied).as("a first crossing waits for a confirming review").isEmpty();
        for (int i = 0; i < 39; i++) {
            enforcer.onViolation(99, "teleport");
        }
        enforcer.onTickEnd(40);
        assertThat(applied).as("79 of 80 observations: not yet twice the evidence").isEmpty();
        enforcer.onViolation(99, "teleport");
        enforcer.onTickEnd(60);
        assertThat(applied).singleElement().asString().startsWith("99 ");
        assertThat(enforcer.applied(99)).isNotEqualTo(Sanction.NONE);
        assertThat(enforcer.applied(1)).isEqualTo(Sanction.NONE);
        for (int i = 0; i < 200; i++) {
            enforcer.onViolation(99, "teleport");
        }
        enforcer.onTickEnd(80);
        assertThat(applied).as("the same sanction is not applied twice").hasSize(1);

        enforcer.onLeave(99);
        assertThat(enforcer.applied(99)).isEqualTo(Sanction.NONE);
        assertThat(detector.verdict(99).evidence()).isEmpty();
        enforcer.onTickEnd(100);
        assertThat(applied).hasSize(1);

        // A cheater who leaves between reviews is judged as it leaves; reviewAll judges at once.
        for (int i = 0; i < 40; i++) {
            enforcer.onViolation(98, "speed");
            enforcer.onViolation(97, "speed");
        }
        enforcer.onLeave(98);
        assertThat(applied).hasSize(2).last().asString().startsWith("98 ");
        enforcer.reviewAll();
        assertThat(applied).hasSize(3).last().asString().startsWith("97 ");
    }

    @Test
    void shouldNotSanctionAStreakThatFallsBackBeforeItIsConfirmed() {
        StatisticalDetector detector = new StatisticalDetector(DetectorSettings.defaults().withRankBuckets(1));
        List<String> applied = new ArrayList<>();
        SanctionEnforcer enforcer = new SanctionEnforcer(detector, 20,
            (id, verdict) -> applied.add(id + " " + verdict.sanction()));
        // A population whose accuracy ranges from 10 % to 50 %.
        for (long player = 1; player <= 30; player++) {
            for (int shot = 0; shot < 40; shot++) {
                enforcer.onShot(player, 0, shot % 10 <= player % 5, false);
            }
        }
        // Player 50 starts with 30 hits in 30 shots, far above it ...
        for (int shot = 0; shot < 30; shot++) {
            enforcer.onShot(50, 0, true, false);
        }
        enforcer.onTickEnd(20);
        assertThat(detector.verdict(50).sanction()).isNotEqualTo(Sanction.NONE);
        // ... then plays like everyone else: the next review is below the threshold, which forgets the
        // first crossing, and by the time its evidence has doubled it is not sanctioned.
        for (int shot = 0; shot < 300; shot++) {
            enforcer.onShot(50, 0, shot % 10 < 2, false);
            if (shot % 10 == 9) {
                enforcer.onTickEnd(40 + 2 * shot);
            }
        }
        assertThat(detector.verdict(50).sanction()).isEqualTo(Sanction.NONE);
        assertThat(applied).isEmpty();
        assertThat(enforcer.applied(50)).isEqualTo(Sanction.NONE);
    }

    @Test
    void shouldApplyTheVerdictAtOnceAtTheLastLook() {
        StatisticalDetector detector = new StatisticalDetector(DetectorSettings.defaults().withRankBuckets(1));
        List<String> applied = new ArrayList<>();
        SanctionEnforcer enforcer = new SanctionEnforcer(detector, 20,
            (id, verdict) -> applied.add(id + " " + verdict.sanction()));
        for (long player = 1; player <= 30; player++) {
            for (int shot = 0; shot < 40; shot++) {
                enforcer.onShot(player, 0, shot % 10 < 3, false);
            }
        }
        for (int i = 0; i < 40; i++) {
            enforcer.onViolation(7, "speed");
        }
        enforcer.onTickEnd(20);
        assertThat(applied).as("a first crossing only").isEmpty();
        enforcer.reviewAll();
        assertThat(applied).as("the run ends: no more evidence will come").singleElement().asString().startsWith("7 ");
    }

    @Test
    void shouldRefuseAReviewPeriodBelowOneTick() {
        StatisticalDetector detector = new StatisticalDetector(DetectorSettings.defaults());
        assertThatThrownBy(() -> new SanctionEnforcer(detector, 0, (id, v) -> { }))
            .hasMessage("reviewEveryTicks : 0 (expected: >= 1)");
    }
}
