package dev.ludus.sim.anticheat;

import dev.ludus.sim.action.ActionObserver;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The world's action observer in a live server: feeds the {@link StatisticalDetector} and, every
 * {@code reviewEveryTicks} ticks, reviews the verdict of every player it has heard of, handing each
 * sanction that is harsher than the last one applied to that player to a {@link Handler} (which flags,
 * kicks or shadow-bans). A sanction is applied once; a player whose score falls keeps what it got.
 *
 * <p><b>Confirmation.</b> Reviewing a player every second is a sequential test: a verdict looked at
 * a hundred times crosses a fixed threshold on some short lucky streak far more often than a verdict
 * looked at once (Armitage, McPherson and Rowe 1969, "Repeated significance tests on accumulating
 * data", <i>JRSS A</i> 132(2)), and consecutive reviews a second apart share nearly all their data,
 * so asking for two of them in a row changes nothing. A periodic review therefore applies a
 * sanction only when it confirms an earlier review that reached the same sanction, with at least
 * {@value #CONFIRMATION_GROWTH} times the evidence (shots, violations, reactions and harvests
 * observed) that the earlier review had, and with every review between them at that sanction or
 * harsher: at least half of the confirming evidence is new, so the streak that made the first
 * crossing weighs at most half. A review that falls below a sanction forgets its first crossing.
 * The last look at a player is different: a player who leaves (or every player, when the server
 * stops or a run ends: {@link #reviewAll()}) can add no more evidence, so its verdict's sanction is
 * applied at once; a cheater who leaves between reviews is still judged.
 *
 * <p>Not thread-safe: the tick thread, as the simulation calls its observer.
 */
public final class SanctionEnforcer implements ActionObserver {

    /** Carries out a sanction; called on the tick thread, so it may act on the world directly. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param playerId the player
         * @param verdict  its verdict, whose {@link Verdict#sanction()} is harsher than before
         */
        void onSanction(long playerId, Verdict verdict);

        /**
         * The verdict at the last look at a player (it left, or every player at {@link #reviewAll()}),
         * sanctioned or not, for a record of what was decided on; by default nothing.
         *
         * @param playerId the player
         * @param verdict  its verdict
         */
        default void onLastLook(long playerId, Verdict verdict) {
        }
    }

    /**
     * The evidence a confirming review needs, as a multiple of the evidence at the first review that
     * reached the sanction: 2, so that at least half of it is new.
     */
    public static final double CONFIRMATION_GROWTH = 2.0;
    private static final Sanction[] SANCTIONS = Sanction.values();

    private final StatisticalDetector detector;
    private final int reviewEveryTicks;
    private final Handler handler;
    /** Per player heard of: its evidence count and where each sanction was first reached. */
    private final Map<Long, Track> seen = new LinkedHashMap<>();
    private final Map<Long, Sanction> applied = new HashMap<>();

    /** A player's evidence so far and, per sanction, the evidence when a review first reached it (or -1). */
    private static final class Track {
        long evidence;
        final long[] firstReachedAt = new long[SANCTIONS.length];

        Track() {
            java.util.Arrays.fill(firstReachedAt, -1);
        }
    }

    /**
     * @param detector         the detector
     * @param reviewEveryTicks ticks between reviews, {@code >= 1} (20 at 20 Hz: once a second)
     * @param handler          carries the sanctions out
     * @throws IllegalArgumentException when {@code reviewEveryTicks < 1}
     */
    public SanctionEnforcer(StatisticalDetector detector, int reviewEveryTicks, Handler handler) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (reviewEveryTicks < 1) {
            throw new IllegalArgumentException("reviewEveryTicks : " + reviewEveryTicks + " (expected: >= 1)");
        }
        this.reviewEveryTicks = reviewEveryTicks;
    }

    @Override
    public void onShot(long playerId, int rankBucket, boolean hit, boolean headHit) {
        track(playerId).evidence++;
        detector.onShot(playerId, rankBucket, hit, headHit);
    }

    @Override
    public void onReaction(long playerId, double reactionMillis) {
        track(playerId).evidence++;
        detector.onReaction(playerId, reactionMillis);
    }

    @Override
    public void onAimSnap(long playerId, double degrees) {
        detector.onAimSnap(playerId, degrees);
    }

    @Override
    public void onResourceGain(long playerId, long tick, long units) {
        track(playerId).evidence++;
        detector.onResourceGain(playerId, tick, units);
    }

    @Override
    public void onViolation(long playerId, String code) {
        track(playerId).evidence++;
        detector.onViolation(playerId, code);
    }

    @Override
    public void onLeave(long playerId) {
        Track track = seen.remove(playerId);
        if (track != null) {
            lastLook(playerId);
        }
        applied.remove(playerId);
        detector.onLeave(playerId);
    }

    @Override
    public void onTickEnd(long tick) {
        if (tick % reviewEveryTicks == 0) {
            seen.forEach(this::review);
        }
    }

    /**
     * The last look at every player heard of, as when the server stops or a run ends: each verdict's
     * sanction is applied at once, without waiting for a confirming review.
     */
    public void reviewAll() {
        for (long playerId : seen.keySet()) {
            lastLook(playerId);
        }
    }

    private Track track(long playerId) {
        return seen.computeIfAbsent(playerId, id -> new Track());
    }

    /** A periodic review: applies the harshest sanction this review confirms. */
    private void review(long playerId, Track track) {
        Verdict verdict = detector.verdict(playerId);
        int reached = verdict.sanction().ordinal();
        int confirmed = applied(playerId).ordinal();
        for (int level = 1; level < SANCTIONS.length; level++) {
            if (level > reached) {
                track.firstReachedAt[level] = -1;
            } else if (track.firstReachedAt[level] < 0) {
                track.firstReachedAt[level] = track.evidence;
            } else if (track.evidence >= CONFIRMATION_GROWTH * track.firstReachedAt[level]) {
                confirmed = Math.max(confirmed, level);
            }
        }
        if (confirmed > applied(playerId).ordinal()) {
            apply(playerId, new Verdict(playerId, verdict.score(), verdict.evidence(), SANCTIONS[confirmed]));
        }
    }

    /** The last look: applies the verdict's sanction if it is harsher than what was applied. */
    private void lastLook(long playerId) {
        Verdict verdict = detector.verdict(playerId);
        handler.onLastLook(playerId, verdict);
        if (verdict.sanction().compareTo(applied(playerId)) > 0) {
            apply(playerId, verdict);
        }
    }

    private void apply(long playerId, Verdict verdict) {
        applied.put(playerId, verdict.sanction());
        handler.onSanction(playerId, verdict);
    }

    /**
     * @param playerId a player
     * @return the harshest sanction applied to it so far ({@link Sanction#NONE} if none)
     */
    public Sanction applied(long playerId) {
        return applied.getOrDefault(playerId, Sanction.NONE);
    }
}
