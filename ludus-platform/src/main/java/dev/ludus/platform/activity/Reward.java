package dev.ludus.platform.activity;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a finished task yields, computed in closed form by {@link RewardFormula#compute}.
 *
 * @param units     units performed (the task's count)
 * @param successes units that yielded: all of them except failed crafts
 * @param quality   crafting quality 1 to 100; 0 for other kinds
 * @param rareDrops rare items dropped, {@code >= 0} (included in {@code grants})
 * @param grants    asset code to amount credited, amounts {@code >= 1}, sorted by code; empty when nothing was earned
 */
public record Reward(int units, int successes, int quality, long rareDrops, SortedMap<String, Long> grants) {
    /** Copies the grants. */
    public Reward {
        grants = Collections.unmodifiableSortedMap(new TreeMap<>(grants));
    }
}
