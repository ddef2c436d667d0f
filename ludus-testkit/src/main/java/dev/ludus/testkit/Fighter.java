package dev.ludus.testkit;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.world.Command;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fighting half of a synthetic player in a combat run: it shoots at the NPCs it sees, like a
 * player of its skill would, or cheats in one labelled way.
 *
 * <p>An honest player picks the nearest NPC within {@value #ENGAGE_METRES} m, waits a human reaction
 * time (log-normal, median {@value #REACTION_MEDIAN_MILLIS} ms, sigma {@value #REACTION_SIGMA}: visual
 * choice reaction times of 250-350 ms, Welford 1980 and Luce 1986), then fires a burst of 3 to 8 shots,
 * no faster than the weapon allows and with human gaps between them, each aimed at the target's
 * reported position with a normal angular error whose spread falls with skill from 6 to 1.5 degrees
 * (at 20 m that is a hit rate of about 20 % for the weakest and 65 % for the best, a head share of hits
 * of 30 % to 35 %). Cheaters differ in exactly one way ({@link Cheat}).
 *
 * <p>Not thread-safe: driven by its {@link SyntheticPlayer} on the tick thread.
 */
final class Fighter {
    static final double ENGAGE_METRES = 40;
    static final double REACTION_MEDIAN_MILLIS = 280;
    static final double REACTION_SIGMA = 0.25;
    static final double HONEST_SPREAD_WEAK_DEGREES = 6;
    static final double HONEST_SPREAD_BEST_DEGREES = 1.5;

    /** The ways a synthetic cheater cheats; {@link #NONE} for an honest player. */
    enum Cheat {
        /** Honest. */
        NONE,
        /** Claims positions running 60 % faster than the speed limit. */
        SPEED_HACK,
        /** Claims a position 30 to 80 m away every 2 to 6 s (with its next move). */
        TELEPORT,
        /** Snaps to a new target at once (one tick), aims at the head with a 0.3 degree spread. */
        AIMBOT,
        /**
         * Aims with a 0.4 degree spread whatever its skill (the best honest player's is 1.5), but reacts
         * and turns like a human: an aim assist rather than an aimbot.
         */
        SUPERHUMAN_ACCURACY,
        /** Fires every tick, ignoring the weapon's rate. */
        RAPID_FIRE,
        /** Offers and uses items it does not hold, several times over. */
        ITEM_DUPLICATION
    }

    private final SplittableRandom random;
    /** The map's rocks, as a real client ships them; honest players do not shoot through them. */
    private dev.ludus.sim.space.Obstacles map;
    private final double skill;
    private final int rankBucket;
    private final Cheat cheat;
    private final double tickMillis;
    private final int cooldownTicks;

    private long target = -1;
    private int shotsLeft;
    private long readyTick;
    private long nextShotTick;
    private long nextTeleportTick;
    private long nextDupeTick;
    private double aheadMetres;

    Fighter(SplittableRandom random, double skill, int rankBucket, Cheat cheat, int tickRateHz) {
        this.random = random;
        this.skill = skill;
        this.rankBucket = rankBucket;
        this.cheat = cheat;
        this.tickMillis = 1000.0 / tickRateHz;
        this.cooldownTicks = Math.max(1, tickRateHz / 10);
    }

    void map(dev.ludus.sim.space.Obstacles obstacles) {
        this.map = obstacles;
    }

    double skill() {
        return skill;
    }

    int rankBucket() {
        return rankBucket;
    }

    Cheat cheat() {
        return cheat;
    }

    /**
     * The position to claim with a move: where the last snapshot put us (an honest client that
     * predicts nothing past it never claims through a rock), or a cheat's.
     *
     * @return {x, y}
     */
    double[] claim(long tick, double x, double y, double dirX, double dirY, double speed) {
        if (cheat == Cheat.SPEED_HACK && (dirX != 0 || dirY != 0)) {
            // 60 % faster: the claimed position runs ahead by 0.6 x speed each second it moves.
            aheadMetres = Math.min(aheadMetres + 0.6 * speed, 10);
            return new double[] {x + dirX * aheadMetres, y + dirY * aheadMetres};
        }
        aheadMetres = 0;
        if (cheat == Cheat.TELEPORT && tick >= nextTeleportTick) {
            nextTeleportTick = tick + 40 + random.nextInt(80);
            double angle = random.nextDouble(2 * Math.PI);
            double jump = random.nextDouble(30, 80);
            return new double[] {x + jump * Math.cos(angle), y + jump * Math.sin(angle)};
        }
        return new double[] {x, y};
    }

    /**
     * One tick of fighting.
     *
     * @param tick     the tick the commands will be applied in
     * @param self     our entity id
     * @param x        our reported x
     * @param y        our reported y
     * @param snapshot the latest snapshot
     * @param player   issues sequence numbers and counts
     * @param out      receives the commands
     */
    void act(long tick, long self, double x, double y, ServerMessage.Snapshot snapshot, SyntheticPlayer player,
             List<? super Command> out) {
        if (cheat == Cheat.ITEM_DUPLICATION && tick >= nextDupeTick) {
            nextDupeTick = tick + 40 + random.nextInt(80);
            long partner = nearest(snapshot, self, x, y, EntityKind.PLAYER, 5, false);
            long to = partner < 0 ? self : partner;
            out.add(new Command.Act(player.connectionId(), player.nextSeq(), snapshot.tick(),
                new ActionRequest.Trade(to, "potion", 5, "gold", 1)));
            out.add(new Command.Act(player.connectionId(), player.nextSeq(), snapshot.tick(),
                new ActionRequest.UseItem("potion")));
        }
        EntityState current = find(snapshot, target);
        if (current == null || Math.hypot(current.x() - x, current.y() - y) > ENGAGE_METRES || shotsLeft <= 0
            || hidden(x, y, current)) {
            long next = cheat == Cheat.AIMBOT ? anyVisible(snapshot, self, x, y) : nearest(snapshot, self, x, y, EntityKind.NPC, ENGAGE_METRES, true);
            if (next < 0) {
                target = -1;
                return;
            }
            target = next;
            shotsLeft = cheat == Cheat.AIMBOT ? 1 + random.nextInt(2) : 3 + random.nextInt(6);
            readyTick = tick + reactionTicks();
            current = find(snapshot, target);
        }
        boolean rateOk = cheat == Cheat.RAPID_FIRE || tick >= nextShotTick;
        if (tick < readyTick || !rateOk) {
            return;
        }
        double dx = current.x() - x;
        double dy = current.y() - y;
        double error = Math.toRadians(spreadDegrees()) * random.nextGaussian();
        double cos = Math.cos(error);
        double sin = Math.sin(error);
        out.add(new Command.Act(player.connectionId(), player.nextSeq(), snapshot.tick(),
            new ActionRequest.Attack(target, Weapon.RANGED, dx * cos - dy * sin, dx * sin + dy * cos)));
        shotsLeft--;
        nextShotTick = tick + cooldownTicks + (cheat == Cheat.NONE || cheat == Cheat.SPEED_HACK
            || cheat == Cheat.TELEPORT || cheat == Cheat.ITEM_DUPLICATION ? random.nextInt(6) : 0);
    }

    private double spreadDegrees() {
        return switch (cheat) {
            case AIMBOT -> 0.3;
            case SUPERHUMAN_ACCURACY -> 0.4;
            default -> HONEST_SPREAD_WEAK_DEGREES + (HONEST_SPREAD_BEST_DEGREES - HONEST_SPREAD_WEAK_DEGREES) * skill;
        };
    }

    private long reactionTicks() {
        if (cheat == Cheat.AIMBOT) {
            return 1;
        }
        double millis = REACTION_MEDIAN_MILLIS * Math.exp(REACTION_SIGMA * random.nextGaussian());
        return Math.max(1, Math.round(millis / tickMillis));
    }

    private boolean hidden(double x, double y, EntityState target) {
        return map != null && map.blocked(x, y, target.x(), target.y());
    }

    private static EntityState find(ServerMessage.Snapshot snapshot, long id) {
        if (id < 0) {
            return null;
        }
        for (EntityState entity : snapshot.entities()) {
            if (entity.id() == id) {
                return entity;
            }
        }
        return null;
    }

    /** The nearest entity of a kind within a distance, other than ourselves; in sight when asked; -1 if none. */
    private long nearest(ServerMessage.Snapshot snapshot, long self, double x, double y, EntityKind kind,
                         double within, boolean inSight) {
        long best = -1;
        double bestDistance = within;
        for (EntityState entity : snapshot.entities()) {
            double distance = Math.hypot(entity.x() - x, entity.y() - y);
            if (entity.kind() == kind && entity.id() != self && distance <= bestDistance
                && !(inSight && hidden(x, y, entity))) {
                best = entity.id();
                bestDistance = distance;
            }
        }
        return best;
    }

    /** An aimbot takes whichever NPC in sight its list yields at random: it does not need to turn. */
    private long anyVisible(ServerMessage.Snapshot snapshot, long self, double x, double y) {
        long chosen = -1;
        int seen = 0;
        for (EntityState entity : snapshot.entities()) {
            if (entity.kind() == EntityKind.NPC && Math.hypot(entity.x() - x, entity.y() - y) <= ENGAGE_METRES
                && !hidden(x, y, entity)) {
                seen++;
                if (random.nextInt(seen) == 0) {
                    chosen = entity.id();
                }
            }
        }
        return chosen;
    }
}
