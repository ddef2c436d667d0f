package dev.ludus.sim.anticheat;

import dev.ludus.sim.action.ActionObserver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The world's action observer in a live server: feeds the {@link StatisticalDetector} and, every
 * {@code reviewEveryTicks} ticks, reviews the verdict of every player it has heard of, handing each
 * sanction that is harsher than the last one applied to that player to a {@link Handler} (which flags,
 * kicks or shadow-bans). A player who leaves is reviewed once more first, so a cheater who leaves
 * between reviews is still judged. A sanction is applied once; a player whose score falls keeps
 * what it got.
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
    }

    private final StatisticalDetector detector;
    private final int reviewEveryTicks;
    private final Handler handler;
    private final Set<Long> seen = new LinkedHashSet<>();
    private final Map<Long, Sanction> applied = new HashMap<>();

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
        seen.add(playerId);
        detector.onShot(playerId, rankBucket, hit, headHit);
    }

    @Override
    public void onReaction(long playerId, double reactionMillis) {
        detector.onReaction(playerId, reactionMillis);
    }

    @Override
    public void onAimSnap(long playerId, double degrees) {
        detector.onAimSnap(playerId, degrees);
    }

    @Override
    public void onResourceGain(long playerId, long tick, long units) {
        seen.add(playerId);
        detector.onResourceGain(playerId, tick, units);
    }

    @Override
    public void onViolation(long playerId, String code) {
        seen.add(playerId);
        detector.onViolation(playerId, code);
    }

    @Override
    public void onLeave(long playerId) {
        if (seen.remove(playerId)) {
            review(playerId);
        }
        applied.remove(playerId);
        detector.onLeave(playerId);
    }

    @Override
    public void onTickEnd(long tick) {
        if (tick % reviewEveryTicks == 0) {
            reviewAll();
        }
    }

    /** Reviews every player heard of now, between the periodic reviews (at the end of a run, say). */
    public void reviewAll() {
        for (long playerId : seen) {
            review(playerId);
        }
    }

    private void review(long playerId) {
        Verdict verdict = detector.verdict(playerId);
        if (verdict.sanction().compareTo(applied(playerId)) > 0) {
            applied.put(playerId, verdict.sanction());
            handler.onSanction(playerId, verdict);
        }
    }

    /**
     * @param playerId a player
     * @return the harshest sanction applied to it so far ({@link Sanction#NONE} if none)
     */
    public Sanction applied(long playerId) {
        return applied.getOrDefault(playerId, Sanction.NONE);
    }
}
