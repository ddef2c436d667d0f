package dev.ludus.platform.activity;

import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The reward formulas, in closed form: a task of any length is settled in one evaluation, however
 * long the player was away, never by replaying its units. Every constant is the reference game's own
 * choice, tuned so that a level-20 player with good gear earns about 4x a beginner; they are
 * documented with worked examples in {@code docs/activities.md}.
 *
 * <pre>
 *   M = level(L) * skill(s) * gear(g) * difficulty(d, L, E)
 *   level(L)         = 1 + 0.05 * (L - 1)                 5 % per character level above 1
 *   skill(s)         = 1 + 0.02 * s                       2 % per skill level (s in 0..99)
 *   gear(g)          = g                                  tool power (harvesting), equipment power (combat), 1 (crafting)
 *   difficulty(d)    = (1 + 0.25 * (d - 1)) * c           d in 1..10; c = clamp(1 + 0.10 * (E - L), 0.5, 1.5) for combat, else 1
 *   amount(asset)    = floor(base * units * M [* quality / 50 for crafting GOLD])
 *   craft success    = clamp(0.60 + 0.04 * (s - required), 0.05, 0.98)   successes ~ Binomial(count, success)
 *   craft quality    = clamp(50 + 5 * (s - required), 1, 100)
 *   rare chance      = min(0.5, rareChance * skill(s))                    drops ~ Binomial(successes, chance)
 * </pre>
 *
 * Each binomial is drawn by inversion from one uniform of a {@link SplittableRandom} seeded with the
 * task's stored seed (the success draw first, the drop draw second), so a retry after a crash computes
 * exactly the same reward. Stateless and thread-safe.
 */
public final class RewardFormula {
    /** Reward bonus per character level above 1 (the 5 %). */
    public static final double LEVEL_BONUS = 0.05;
    /** Reward bonus per skill level. */
    public static final double SKILL_BONUS = 0.02;
    /** Reward bonus per difficulty step above 1. */
    public static final double DIFFICULTY_STEP = 0.25;
    /** Combat: reward change per level the enemy is above (or below) the player. */
    public static final double COMBAT_LEVEL_STEP = 0.10;
    /** Combat: the level-difference factor's floor and ceiling. */
    public static final double COMBAT_FACTOR_MIN = 0.5;
    /** Combat: the level-difference factor's ceiling. */
    public static final double COMBAT_FACTOR_MAX = 1.5;
    /** Crafting: success chance at exactly the recipe's required skill. */
    public static final double CRAFT_BASE_SUCCESS = 0.60;
    /** Crafting: success chance per skill level above the requirement. */
    public static final double CRAFT_SUCCESS_STEP = 0.04;
    /** Crafting: success chance floor. */
    public static final double CRAFT_SUCCESS_MIN = 0.05;
    /** Crafting: success chance ceiling (a master still fumbles one in fifty). */
    public static final double CRAFT_SUCCESS_MAX = 0.98;
    /** Crafting: quality at the required skill (of 100). */
    public static final int CRAFT_BASE_QUALITY = 50;
    /** Crafting: quality per skill level above the requirement. */
    public static final int CRAFT_QUALITY_STEP = 5;
    /** Highest chance of a rare drop per unit. */
    public static final double RARE_CHANCE_MAX = 0.5;

    private RewardFormula() {
    }

    /** @param level character level, 1 to 100 @return {@code 1 + 0.05 (level - 1)} */
    public static double levelMultiplier(int level) {
        return 1 + LEVEL_BONUS * (level - 1);
    }

    /** @param skill skill level, 0 to 99 @return {@code 1 + 0.02 skill} */
    public static double skillMultiplier(int skill) {
        return 1 + SKILL_BONUS * skill;
    }

    /**
     * @param task  the task
     * @param level the player's level
     * @return {@code (1 + 0.25 (difficulty - 1))}, times the combat level factor for fights
     */
    public static double difficultyMultiplier(TaskDefinition task, int level) {
        double scale = 1 + DIFFICULTY_STEP * (task.difficulty() - 1);
        if (task.kind() == ActivityKind.COMBAT) {
            scale *= Math.clamp(1 + COMBAT_LEVEL_STEP * (task.enemyLevel() - level), COMBAT_FACTOR_MIN, COMBAT_FACTOR_MAX);
        }
        return scale;
    }

    /** @param task a recipe @param skill crafting skill @return the success chance per unit */
    public static double craftSuccessChance(TaskDefinition task, int skill) {
        return Math.clamp(CRAFT_BASE_SUCCESS + CRAFT_SUCCESS_STEP * (skill - task.requiredSkill()), CRAFT_SUCCESS_MIN, CRAFT_SUCCESS_MAX);
    }

    /** @param task a recipe @param skill crafting skill @return the quality, 1 to 100 */
    public static int craftQuality(TaskDefinition task, int skill) {
        return Math.clamp(CRAFT_BASE_QUALITY + (long) CRAFT_QUALITY_STEP * (skill - task.requiredSkill()), 1, 100);
    }

    /** @param task the task @param skill the skill @return the rare drop chance per unit */
    public static double rareChance(TaskDefinition task, int skill) {
        return Math.min(RARE_CHANCE_MAX, task.rareChance() * skillMultiplier(skill));
    }

    /**
     * Settles a finished task.
     *
     * @param task      the task
     * @param count     units, 1 to {@link TaskValidation#MAX_COUNT}
     * @param level     the player's level when the task started
     * @param skill     the player's skill for the task's kind when it started
     * @param gearPower the tool's or equipment's power when it started (1 for crafting)
     * @param seed      the task's seed
     * @return the reward
     */
    public static Reward compute(TaskDefinition task, int count, int level, int skill, double gearPower, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double successDraw = random.nextDouble();
        double dropDraw = random.nextDouble();
        boolean crafting = task.kind() == ActivityKind.CRAFTING;
        int successes = crafting ? binomial(count, craftSuccessChance(task, skill), successDraw) : count;
        int quality = crafting ? craftQuality(task, skill) : 0;
        double multiplier = levelMultiplier(level) * skillMultiplier(skill) * gearPower * difficultyMultiplier(task, level);
        TreeMap<String, Long> grants = new TreeMap<>();
        for (var base : task.baseRewards().entrySet()) {
            double amount = (double) base.getValue() * successes * multiplier;
            if (crafting && base.getKey().equals("GOLD")) {
                amount = amount * quality / CRAFT_BASE_QUALITY;
            }
            long whole = (long) Math.floor(amount + 1e-9);
            if (whole > 0) {
                grants.merge(base.getKey(), whole, Long::sum);
            }
        }
        long drops = task.rareDrop() == null ? 0 : binomial(successes, rareChance(task, skill), dropDraw);
        if (drops > 0) {
            grants.merge(task.rareDrop(), drops, Long::sum);
        }
        return new Reward(count, successes, quality, drops, grants);
    }

    /**
     * The binomial quantile: the smallest {@code k} with {@code P(X <= k) >= u} for {@code X ~ Binomial(n, p)}
     * (inversion, L. Devroye, "Non-Uniform Random Variate Generation", 1986, §X.4). For {@code p > 0.5}
     * it draws the failures instead, so the first term {@code (1-p)^n} stays above 2^-1000 for
     * {@code n <= 1000} and never underflows.
     *
     * @param n trials, {@code >= 0}
     * @param p success chance, 0 to 1
     * @param u a uniform draw in [0, 1)
     * @return successes, 0 to n
     */
    public static int binomial(int n, double p, double u) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p, 1 - u);
        }
        double ratio = p / (1 - p);
        double term = Math.pow(1 - p, n);
        double cumulative = term;
        int k = 0;
        while (cumulative < u && k < n) {
            term *= ratio * (n - k) / (k + 1);
            k++;
            cumulative += term;
        }
        return k;
    }
}
