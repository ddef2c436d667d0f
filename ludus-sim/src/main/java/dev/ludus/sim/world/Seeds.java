package dev.ludus.sim.world;

/**
 * Seeds derived from the world's seed, so that every region's random numbers depend only on
 * (world seed, region id, tick) and not on which thread or in which order regions run.
 */
final class Seeds {
    /** The region id used for joins at the tick boundary. */
    static final int BOUNDARY = -1;
    /** The region id used for mail delivery at the tick boundary. */
    static final int MAIL = -2;
    /** The region id used for {@link GameRules#beforeTick}. */
    static final int BEFORE_TICK = -3;

    private Seeds() {
    }

    /**
     * @return a seed for {@code (seed, regionId, tick)}: each part is folded in through the SplitMix64
     *     finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
     *     OOPSLA 2014), so neighbouring ids and ticks give unrelated seeds
     */
    static long of(long seed, int regionId, long tick) {
        long h = mix(seed ^ 0x9e3779b97f4a7c15L);
        h = mix(h ^ (regionId * 0xbf58476d1ce4e5b9L));
        return mix(h ^ (tick * 0x94d049bb133111ebL));
    }

    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
