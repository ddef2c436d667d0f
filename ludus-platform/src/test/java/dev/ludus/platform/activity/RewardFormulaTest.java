package dev.ludus.platform.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The formulas of docs/activities.md against values computed by hand there. */
class RewardFormulaTest {
    @Test
    void shouldGiveFivePercentPerLevelAndTwoPercentPerSkillLevel() {
        assertThat(RewardFormula.levelMultiplier(1)).isEqualTo(1.0);
        assertThat(RewardFormula.levelMultiplier(5)).isCloseTo(1.20, within(1e-12));
        assertThat(RewardFormula.levelMultiplier(21)).isCloseTo(2.00, within(1e-12));
        assertThat(RewardFormula.skillMultiplier(0)).isEqualTo(1.0);
        assertThat(RewardFormula.skillMultiplier(10)).isCloseTo(1.20, within(1e-12));
    }

    @Test
    void shouldScaleWithDifficultyAndTheEnemysLevelWithinItsBounds() {
        assertThat(RewardFormula.difficultyMultiplier(TestActivities.CHOP, 5)).isCloseTo(1.25, within(1e-12));
        // Wolves (difficulty 2, level 4) for a level-5 player: 1.25 * (1 + 0.1 * (4 - 5)) = 1.125.
        assertThat(RewardFormula.difficultyMultiplier(TestActivities.WOLVES, 5)).isCloseTo(1.125, within(1e-12));
        assertThat(RewardFormula.difficultyMultiplier(TestActivities.WOLVES, 60)).isCloseTo(1.25 * 0.5, within(1e-12));
        assertThat(RewardFormula.difficultyMultiplier(TestActivities.WOLVES, 1)).isCloseTo(1.25 * 1.3, within(1e-12));
        TaskDefinition dragon = TaskDefinition.combat("dragon", 1000, 10, Map.of("GOLD", 1), null, 0, 100, 0);
        assertThat(RewardFormula.difficultyMultiplier(dragon, 1)).isCloseTo(3.25 * 1.5, within(1e-12));
    }

    @Test
    void shouldComputeAHarvestByHand() {
        // 10 x chop_wood: 3 wood x 10 x (1.2 level 5) x (1.2 skill 10) x (1.25 axe) x (1.25 difficulty 2) = 67.5 -> 67.
        Reward reward = RewardFormula.compute(TestActivities.CHOP, 10, 5, 10, 1.25, 42);
        assertThat(reward.grants()).containsExactly(Map.entry("wood", 67L));
        assertThat(reward.units()).isEqualTo(10);
        assertThat(reward.successes()).isEqualTo(10);
        assertThat(reward.quality()).isZero();
        assertThat(reward.rareDrops()).isZero();
    }

    @Test
    void shouldComputeAFightByHand() {
        // 4 x wolves at level 5, skill 8, gear 1.0: 15 x 4 x 1.2 x 1.16 x 1.125 = 93.96 -> 93 GOLD.
        Reward reward = RewardFormula.compute(TestActivities.WOLVES, 4, 5, 8, 1.0, 7);
        assertThat(reward.grants()).containsEntry("GOLD", 93L);
        assertThat(reward.grants().getOrDefault("sword_skin", 0L)).isEqualTo(reward.rareDrops());
    }

    @Test
    void shouldComputeACraftsSuccessAndQualityFromSkill() {
        // Skill 5 on a recipe needing 0: success 0.6 + 0.04 x 5 = 0.80, quality 50 + 5 x 5 = 75.
        assertThat(RewardFormula.craftSuccessChance(TestActivities.FLETCH, 5)).isCloseTo(0.80, within(1e-12));
        assertThat(RewardFormula.craftQuality(TestActivities.FLETCH, 5)).isEqualTo(75);
        assertThat(RewardFormula.craftSuccessChance(TestActivities.FLETCH, 99)).isEqualTo(0.98);
        assertThat(RewardFormula.craftSuccessChance(TestActivities.HARD_CRAFT, 0)).isCloseTo(0.40, within(1e-12));
        assertThat(RewardFormula.craftQuality(TestActivities.FLETCH, 99)).isEqualTo(100);
        TaskDefinition master = TaskDefinition.crafting("master", 1, 1, Map.of("GOLD", 1), "forge", Map.of("ore", 1), 99);
        assertThat(RewardFormula.craftSuccessChance(master, 0)).isEqualTo(0.05);
        assertThat(RewardFormula.craftQuality(master, 0)).isEqualTo(1);
        // Level 1, skill 5: M = 1.1; each success gives floor(10 x s x 1.1) wood and floor(2 x s x 1.1 x 75 / 50) GOLD.
        Reward reward = RewardFormula.compute(TestActivities.FLETCH, 20, 1, 5, 1.0, 2026);
        int s = reward.successes();
        assertThat(s).isBetween(1, 20);
        assertThat(reward.quality()).isEqualTo(75);
        assertThat(reward.grants()).containsEntry("wood", (long) Math.floor(10 * s * 1.1 + 1e-9))
            .containsEntry("GOLD", (long) Math.floor(2 * s * 1.1 * 1.5 + 1e-9));
    }

    @Test
    void shouldDrawTheSameRewardFromTheSameSeed() {
        Reward first = RewardFormula.compute(TestActivities.WOLVES, 1000, 5, 8, 1.0, 99);
        Reward again = RewardFormula.compute(TestActivities.WOLVES, 1000, 5, 8, 1.0, 99);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldInvertTheBinomialByHand() {
        // Binomial(2, 0.5): P(0) = 0.25, P(<=1) = 0.75.
        assertThat(RewardFormula.binomial(2, 0.5, 0.2)).isZero();
        assertThat(RewardFormula.binomial(2, 0.5, 0.5)).isEqualTo(1);
        assertThat(RewardFormula.binomial(2, 0.5, 0.8)).isEqualTo(2);
        // Binomial(3, 0.9) through its failures ~ Binomial(3, 0.1): P(0) = 0.729, P(<=1) = 0.972.
        assertThat(RewardFormula.binomial(3, 0.9, 0.5)).isEqualTo(3);
        assertThat(RewardFormula.binomial(3, 0.9, 0.2)).isEqualTo(2);
        assertThat(RewardFormula.binomial(0, 0.5, 0.9)).isZero();
        assertThat(RewardFormula.binomial(5, 0, 0.9)).isZero();
        assertThat(RewardFormula.binomial(5, 1, 0.1)).isEqualTo(5);
    }

    @Test
    void shouldMatchTheBinomialsMeanAndVarianceOverManyDraws() {
        long seed = 20261206L;
        SplittableRandom random = new SplittableRandom(seed);
        int draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            int k = RewardFormula.binomial(1000, 0.3, random.nextDouble());
            sum += k;
            squares += (double) k * k;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        // n p = 300, n p (1 - p) = 210; the mean's standard error is sqrt(210 / 20000) = 0.10.
        assertThat(mean).as("seed %d", seed).isCloseTo(300, within(0.5));
        assertThat(variance).as("seed %d", seed).isCloseTo(210, within(15.0));
        assertThat(RewardFormula.binomial(1000, 0.999, 0.5)).isBetween(995, 1000);
    }
}
