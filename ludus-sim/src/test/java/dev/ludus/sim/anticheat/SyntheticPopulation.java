package dev.ludus.sim.anticheat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic population of shooters fed to a {@link StatisticalDetector}: honest players of
 * every rank bucket, whose accuracy and head ratio rise with the bucket and spread within it, and
 * cheaters of several kinds. Each player fires {@code shots} shots, round-robin, as a tick would
 * interleave them.
 */
final class SyntheticPopulation {
    /** Who a synthetic player is. */
    enum Kind {
        /** Honest, skill drawn from their bucket. */
        HONEST,
        /** Honest, in the top bucket, 2.5 standard deviations above its mean, with fast human reactions. */
        TOP_HONEST,
        /** Aimbot: hits about 0.9, head about 0.7, snaps of 40-90 degrees, reactions 30-80 ms. */
        AIMBOT,
        /** Closet cheater: accuracy and head ratio 6 sd above their bucket's mean (its best is ~3 sd), otherwise human. */
        CLOSET,
        /** Rapid fire: human aim, but one shot attempt in six breaks the weapon's cooldown and is rejected. */
        RAPID_FIRE
    }

    /** One player and the truth about them. */
    record Player(long id, Kind kind, int bucket, double accuracy, double headRatio, double reactionMedianMillis,
                  double flickShare, double harvestPerSecond) {
        boolean cheater() {
            return kind != Kind.HONEST && kind != Kind.TOP_HONEST;
        }
    }

    static final int BUCKETS = 10;
    /** Within-bucket standard deviation of honest accuracy and head ratio. */
    static final double SKILL_SD = 0.04;

    static double bucketAccuracy(int bucket) {
        return 0.20 + 0.03 * bucket;
    }

    static double bucketHeadRatio(int bucket) {
        return 0.15 + 0.025 * bucket;
    }

    private final SplittableRandom random;
    final List<Player> players = new ArrayList<>();

    /**
     * @param seed the seed of every draw
     * @param size players in all
     * @param cheaterShare share of cheaters, split 40% aimbot, 30% closet, 30% rapid fire
     * @param topHonest honest top-skill players among the honest ones
     */
    SyntheticPopulation(long seed, int size, double cheaterShare, int topHonest) {
        random = new SplittableRandom(seed);
        int cheaters = (int) Math.round(size * cheaterShare);
        int aimbots = (int) Math.round(cheaters * 0.4);
        int closets = (int) Math.round(cheaters * 0.3);
        for (int i = 0; i < size; i++) {
            Kind kind;
            if (i < aimbots) {
                kind = Kind.AIMBOT;
            } else if (i < aimbots + closets) {
                kind = Kind.CLOSET;
            } else if (i < cheaters) {
                kind = Kind.RAPID_FIRE;
            } else if (i < cheaters + topHonest) {
                kind = Kind.TOP_HONEST;
            } else {
                kind = Kind.HONEST;
            }
            players.add(draw(1000L + i * 7919L, kind));
        }
    }

    private Player draw(long id, Kind kind) {
        int bucket = kind == Kind.TOP_HONEST ? BUCKETS - 1 : random.nextInt(BUCKETS);
        double accuracy = clamp(bucketAccuracy(bucket) + SKILL_SD * gaussian());
        double head = clamp(bucketHeadRatio(bucket) + SKILL_SD * gaussian());
        double reaction = Math.exp(Math.log(250) + 0.12 * gaussian());
        double flick = 0.01 + 0.04 * random.nextDouble();
        double harvest = 1.0 + 0.15 * gaussian();
        switch (kind) {
            case TOP_HONEST -> {
                accuracy = bucketAccuracy(bucket) + 2.5 * SKILL_SD;
                head = bucketHeadRatio(bucket) + 2.5 * SKILL_SD;
                reaction = 180;
            }
            case AIMBOT -> {
                accuracy = clamp(0.9 + 0.03 * gaussian());
                head = clamp(0.7 + 0.05 * gaussian());
                reaction = 30 + 50 * random.nextDouble();
                flick = 0.8;
            }
            case CLOSET -> {
                accuracy = clamp(bucketAccuracy(bucket) + 6 * SKILL_SD + 0.01 * gaussian());
                head = clamp(bucketHeadRatio(bucket) + 6 * SKILL_SD + 0.01 * gaussian());
            }
            case HONEST, RAPID_FIRE -> {
                // drawn above
            }
        }
        return new Player(id, kind, bucket, accuracy, head, reaction, flick, Math.max(0.1, harvest));
    }

    /**
     * Feeds every player's play to the detector: {@code shots} shots each with the view-angle change
     * before it, a reaction time every fifth shot, rejected shot attempts of rapid-fire cheaters, and
     * a resource gain every second of play; every {@code verdictEvery} rounds each player's verdict is
     * asked for, as the game does about once a second.
     */
    void play(StatisticalDetector detector, int shots, int verdictEvery) {
        for (int round = 0; round < shots; round++) {
            if (round % verdictEvery == verdictEvery - 1) {
                for (Player p : players) {
                    detector.verdict(p.id());
                }
            }
            long tick = round * 10L;
            for (Player p : players) {
                boolean hit = random.nextDouble() < p.accuracy();
                boolean head = hit && random.nextDouble() < p.headRatio();
                detector.onShot(p.id(), p.bucket(), hit, head);
                detector.onAimSnap(p.id(), snapDegrees(p));
                if (round % 5 == 0) {
                    detector.onReaction(p.id(), Math.exp(Math.log(p.reactionMedianMillis()) + 0.25 * gaussian()));
                }
                if (p.kind() == Kind.RAPID_FIRE && random.nextInt(6) == 0) {
                    detector.onViolation(p.id(), "fire_cooldown");
                } else if (random.nextInt(500) == 0) {
                    detector.onViolation(p.id(), "move_too_fast"); // an honest lag spike
                }
                if (round % 2 == 0) {
                    detector.onResourceGain(p.id(), tick, poisson(p.harvestPerSecond()));
                }
            }
        }
    }

    private double snapDegrees(Player p) {
        if (random.nextDouble() < p.flickShare()) {
            return p.kind() == Kind.AIMBOT ? 40 + 50 * random.nextDouble() : 10 + 50 * random.nextDouble();
        }
        return Math.min(180, Math.abs(6 * gaussian()));
    }

    private long poisson(double mean) {
        // Knuth's multiplication method; the means here are small.
        double limit = Math.exp(-mean);
        long k = 0;
        for (double product = random.nextDouble(); product > limit; product *= random.nextDouble()) {
            k++;
        }
        return k;
    }

    private double gaussian() {
        return random.nextGaussian();
    }

    private static double clamp(double share) {
        return Math.clamp(share, 0.01, 0.99);
    }
}
