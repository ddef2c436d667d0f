package dev.ludus.testkit;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic player: a client without a network that logs in and out when its population says so
 * and, while online, steers from the position the server reports for its own entity, sending an input
 * only when its direction changes or a refresh is due.
 *
 * <p>Not thread-safe: driven by {@link SyntheticPlayers#tick} and called back by the simulation's
 * tick, on one thread.
 */
final class SyntheticPlayer implements PlayerLink {
    /** Share of players that wander rather than travel (before any turn to flocking). */
    static final double WANDER_SHARE = 0.5;
    /** Mean seconds a wanderer holds a heading (or a pause). */
    static final double WANDER_DWELL_SECONDS = 4;
    /** Share of a wanderer's decisions that are to stand still. */
    static final double WANDER_PAUSE_SHARE = 0.2;
    /** A wanderer farther than this from home heads back toward it, give or take {@link #HOMEWARD_SPREAD_RADIANS}. */
    static final double HOME_RADIUS_SHARE = 0.05;
    static final double HOMEWARD_SPREAD_RADIANS = Math.PI / 4;
    /** Mean seconds a traveller dwells at a point of interest. */
    static final double POI_DWELL_SECONDS = 20;
    /** Mean seconds a flocker pauses between moves inside a hotspot. */
    static final double MILL_DWELL_SECONDS = 3;
    /** Seconds after which a moving player sends its input again (and re-aims), even if unchanged. */
    static final double REFRESH_SECONDS = 1;
    /** Directions closer than this angle count as unchanged: cos(2 degrees). */
    static final double SAME_DIRECTION_COS = Math.cos(Math.toRadians(2));
    /** Wanderers keep this far (or a quarter of the extent, if less) from the world's edges. */
    static final double EDGE_METRES = 2;
    /** Mean seconds before retrying a refused login. */
    static final double RETRY_SECONDS = 5;
    /** Shortest session and shortest time offline, so a player never flaps within a tick or two. */
    static final double MIN_SESSION_SECONDS = 5;
    static final double MIN_OFFLINE_SECONDS = 2;

    private enum State { OFFLINE, JOINING, ONLINE }

    private final SyntheticPlayers owner;
    private final Landmarks landmarks;
    private final SplittableRandom random;
    private final String name;
    private final double tickRateHz;
    private final long flockStartTick;
    private final double place;
    private final double homeX;
    private final double homeY;
    private final double homeRadiusMetres;

    private Fighter fighter;
    private final List<Long> entityIds = new java.util.ArrayList<>();

    private State state = State.OFFLINE;
    private double stepMetres;
    private double arrivalMetres;
    private Behaviour behaviour;
    private long connectionId = -1;
    private long seq;
    private long entityId = -1;
    private long earliestLoginTick;
    private long earliestLogoutTick;
    private ServerMessage.Snapshot snapshot;
    private double x;
    private double y;

    private double dirX;
    private double dirY;
    private long lastSendTick;
    private long nextDecisionTick;
    private boolean dwelling;
    private double targetX;
    private double targetY;
    private int poi = -1;
    private SyntheticPlayers.Hotspot hotspot;

    SyntheticPlayer(SyntheticPlayers owner, Landmarks landmarks, SplittableRandom random, int index,
                    double tickRateHz, double speedMetresPerSecond, Scenario scenario) {
        this.owner = owner;
        this.landmarks = landmarks;
        this.random = random;
        this.name = "syn-" + index;
        this.tickRateHz = tickRateHz;
        pace(speedMetresPerSecond, tickRateHz);
        this.place = random.nextDouble();
        this.behaviour = random.nextDouble() < WANDER_SHARE ? Behaviour.WANDER : Behaviour.TRAVEL;
        double flockSeconds = scenario.flockStartSeconds(random.nextDouble());
        this.flockStartTick = Double.isInfinite(flockSeconds) ? Long.MAX_VALUE : Math.round(flockSeconds * tickRateHz);
        this.homeX = Landmarks.inside(random, landmarks.widthMetres(), Landmarks.EDGE_MARGIN_SHARE);
        this.homeY = Landmarks.inside(random, landmarks.heightMetres(), Landmarks.EDGE_MARGIN_SHARE);
        this.homeRadiusMetres = HOME_RADIUS_SHARE * Math.min(landmarks.widthMetres(), landmarks.heightMetres());
        this.arrivesAtHotspot = scenario.arrivesAtHotspot(place);
    }

    /** {@link Scenario#PEAK}'s influx: joins at the battle's centre. */
    private final boolean arrivesAtHotspot;

    /** Makes this player fight (and maybe cheat) in a combat run; call before its first tick. */
    void fight(Fighter fighter) {
        this.fighter = fighter;
    }

    private boolean premium;

    Fighter fighter() {
        return fighter;
    }

    /** Sets premium status, sent with every join. */
    void premium(boolean premium) {
        this.premium = premium;
    }

    String name() {
        return name;
    }

    /** @return the entity ids this player had, one per session, in order */
    List<Long> entityIds() {
        return entityIds;
    }

    long connectionId() {
        return connectionId;
    }

    long nextSeq() {
        return ++seq;
    }

    /** @return this player's fixed place in {@code [0, 1)}, which the scenario's schedule compares with its online share */
    double place() {
        return place;
    }

    /**
     * Does this tick's part: log in, log out, turn to flocking, or steer.
     *
     * @param tick         the simulation tick the commands will be applied in
     * @param elapsedTicks ticks since the population's first tick
     * @param wanted       whether the population wants this player online now
     * @param out          receives the commands
     */
    void tick(long tick, long elapsedTicks, boolean wanted, List<? super Command> out) {
        switch (state) {
            case OFFLINE -> {
                if (wanted && tick >= earliestLoginTick) {
                    join(out);
                }
            }
            case JOINING -> {
                // Waiting for the world's answer, which comes with its next tick.
            }
            case ONLINE -> {
                if (!wanted && tick >= earliestLogoutTick) {
                    leave(tick, out);
                    return;
                }
                if (behaviour != Behaviour.FLOCK && elapsedTicks >= flockStartTick) {
                    owner.onBehaviourChanged(behaviour, Behaviour.FLOCK);
                    behaviour = Behaviour.FLOCK;
                    startPlan(tick);
                }
                steer(tick, out);
                if (fighter != null && locate()) {
                    fighter.act(tick, entityId, x, y, snapshot, this, out);
                }
            }
        }
    }

    private void join(List<? super Command> out) {
        connectionId = owner.nextConnectionId();
        seq = 0;
        state = State.JOINING;
        int rank = fighter == null ? 0 : fighter.rankBucket();
        if (arrivesAtHotspot) {
            SyntheticPlayers.Hotspot battle = landmarks.hotspots().get(0);
            out.add(new Command.Join(connectionId, name, "synthetic-" + connectionId, this, rank, premium,
                battle.xMetres(), battle.yMetres()));
        } else {
            out.add(new Command.Join(connectionId, name, "synthetic-" + connectionId, this, rank, premium));
        }
        owner.onJoinSent();
    }

    private void leave(long tick, List<? super Command> out) {
        out.add(new Command.Leave(connectionId));
        state = State.OFFLINE;
        snapshot = null;
        earliestLoginTick = tick + ticks(MIN_OFFLINE_SECONDS);
        owner.onLeft(behaviour);
    }

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        if (state != State.JOINING) {
            return;
        }
        state = State.ONLINE;
        entityId = welcome.entityId();
        entityIds.add(entityId);
        // Like a real client, trust the world's own figures for how far one tick's input carries.
        pace(welcome.maxSpeed(), welcome.tickRate());
        long now = owner.currentTick();
        earliestLogoutTick = now + ticks(MIN_SESSION_SECONDS);
        // A new entity stands still: nothing sent yet on this connection.
        dirX = 0;
        dirY = 0;
        lastSendTick = now;
        startPlan(now);
        owner.onJoined(behaviour);
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        if (state != State.JOINING) {
            return;
        }
        state = State.OFFLINE;
        earliestLoginTick = owner.currentTick() + ticks(MIN_OFFLINE_SECONDS) + exponentialTicks(RETRY_SECONDS);
        owner.onJoinRefused(reason.code());
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot latest) {
        if (state == State.ONLINE) {
            snapshot = latest;
        }
        return true;
    }

    /** Begins the current behaviour afresh at the next decision: a pause that ends at once. */
    private void startPlan(long tick) {
        dwelling = true;
        nextDecisionTick = tick;
        if (behaviour == Behaviour.FLOCK) {
            hotspot = landmarks.pickHotspot(random);
        }
    }

    private void steer(long tick, List<? super Command> out) {
        boolean moving = dirX != 0 || dirY != 0;
        boolean decide = tick >= nextDecisionTick;
        boolean refresh = moving && tick - lastSendTick >= ticks(REFRESH_SECONDS);
        if (!decide && !refresh) {
            return;
        }
        if (!locate()) {
            // No snapshot with our entity yet: a real client waits for one.
            nextDecisionTick = Math.max(nextDecisionTick, tick + 1);
            return;
        }
        if (behaviour == Behaviour.WANDER) {
            if (decide) {
                wander(tick, out);
            } else {
                send(tick, dirX, dirY, out);
            }
            return;
        }
        if (decide && dwelling) {
            pickTarget();
            dwelling = false;
        }
        approach(tick, refresh, out);
    }

    private void wander(long tick, List<? super Command> out) {
        long dwellTicks = exponentialTicks(WANDER_DWELL_SECONDS);
        if (random.nextDouble() < WANDER_PAUSE_SHARE) {
            sendIfChanged(tick, 0, 0, out);
            nextDecisionTick = tick + dwellTicks;
            return;
        }
        double heading;
        if (Math.hypot(homeX - x, homeY - y) > homeRadiusMetres) {
            heading = Math.atan2(homeY - y, homeX - x) + (2 * random.nextDouble() - 1) * HOMEWARD_SPREAD_RADIANS;
        } else {
            heading = 2 * Math.PI * random.nextDouble();
        }
        double ux = Math.cos(heading);
        double uy = Math.sin(heading);
        double marginX = Math.min(EDGE_METRES, landmarks.widthMetres() / 4);
        double marginY = Math.min(EDGE_METRES, landmarks.heightMetres() / 4);
        // Near an edge, turn away from it rather than walk into it.
        if (x < marginX && ux < 0 || x > landmarks.widthMetres() - marginX && ux > 0) {
            ux = -ux;
        }
        if (y < marginY && uy < 0 || y > landmarks.heightMetres() - marginY && uy > 0) {
            uy = -uy;
        }
        double ticksToEdge = Math.min(ticksToBound(x, ux, marginX, landmarks.widthMetres() - marginX),
            ticksToBound(y, uy, marginY, landmarks.heightMetres() - marginY));
        sendIfChanged(tick, ux, uy, out);
        nextDecisionTick = tick + Math.max(1, Math.min(dwellTicks, (long) Math.floor(ticksToEdge)));
    }

    /** @return ticks until a coordinate moving along {@code direction} (one component of a unit vector) leaves {@code [low, high]} */
    private double ticksToBound(double position, double direction, double low, double high) {
        if (direction > 0) {
            return Math.max(0, high - position) / (direction * stepMetres);
        }
        if (direction < 0) {
            return Math.max(0, position - low) / (-direction * stepMetres);
        }
        return Double.POSITIVE_INFINITY;
    }

    private void pickTarget() {
        if (behaviour == Behaviour.FLOCK) {
            double r = hotspot.radiusMetres() * Math.sqrt(random.nextDouble());
            double angle = 2 * Math.PI * random.nextDouble();
            targetX = hotspot.xMetres() + r * Math.cos(angle);
            targetY = hotspot.yMetres() + r * Math.sin(angle);
        } else {
            poi = landmarks.pickPointOfInterest(random, poi);
            targetX = landmarks.poiX(poi);
            targetY = landmarks.poiY(poi);
        }
    }

    /** Heads for the target from the reported position, or stops and dwells once there. */
    private void approach(long tick, boolean force, List<? super Command> out) {
        double dx = targetX - x;
        double dy = targetY - y;
        double distance = Math.hypot(dx, dy);
        if (distance <= arrivalMetres) {
            sendIfChanged(tick, 0, 0, out);
            dwelling = true;
            nextDecisionTick = tick + exponentialTicks(behaviour == Behaviour.FLOCK ? MILL_DWELL_SECONDS : POI_DWELL_SECONDS);
            return;
        }
        double ux = dx / distance;
        double uy = dy / distance;
        if (force) {
            send(tick, ux, uy, out);
        } else {
            sendIfChanged(tick, ux, uy, out);
        }
        nextDecisionTick = tick + Math.max(1, (long) Math.ceil(distance / stepMetres));
    }

    private void sendIfChanged(long tick, double ux, double uy, List<? super Command> out) {
        boolean stop = ux == 0 && uy == 0;
        boolean stopped = dirX == 0 && dirY == 0;
        if (stop && stopped || !stop && !stopped && ux * dirX + uy * dirY >= SAME_DIRECTION_COS) {
            return;
        }
        send(tick, ux, uy, out);
    }

    private void send(long tick, double ux, double uy, List<? super Command> out) {
        seq++;
        if (fighter != null && snapshot != null) {
            double[] claim = fighter.claim(tick, x, y, ux, uy, stepMetres * tickRateHz);
            out.add(new Command.Move(connectionId, seq, ux, uy, snapshot.tick(), claim[0], claim[1]));
        } else {
            out.add(new Command.Move(connectionId, seq, ux, uy));
        }
        dirX = ux;
        dirY = uy;
        lastSendTick = tick;
        owner.onMoveSent();
    }

    /** Reads this player's own position from the latest snapshot, as a real client would. */
    private boolean locate() {
        if (snapshot == null) {
            return false;
        }
        for (EntityState entity : snapshot.entities()) {
            if (entity.id() == entityId) {
                x = entity.x();
                y = entity.y();
                return true;
            }
        }
        return false;
    }

    private void pace(double speedMetresPerSecond, double ticksPerSecond) {
        stepMetres = speedMetresPerSecond / ticksPerSecond;
        // The last step overshoots by less than one step; anything closer than 1.5 steps has arrived.
        arrivalMetres = Math.max(0.5, 1.5 * stepMetres);
    }

    private long ticks(double seconds) {
        return Math.max(1, Math.round(seconds * tickRateHz));
    }

    /** @return an exponentially distributed number of ticks with the given mean in seconds, at least 1 */
    private long exponentialTicks(double meanSeconds) {
        double seconds = -meanSeconds * Math.log(1 - random.nextDouble());
        // 1 - nextDouble() is in (0, 1], so the log is finite; cap the tail at a simulated day.
        return Math.max(1, Math.round(Math.min(seconds, 86_400) * tickRateHz));
    }
}
