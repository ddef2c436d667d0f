package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.Obstacles;
import java.util.Arrays;
import org.dyn4j.dynamics.Body;
import org.dyn4j.dynamics.ContinuousDetectionMode;
import org.dyn4j.dynamics.Settings;
import org.dyn4j.geometry.Geometry;
import org.dyn4j.geometry.MassType;
import org.dyn4j.geometry.Vector2;
import org.dyn4j.world.World;

/**
 * Steps one region's rigid bodies with level of detail (see {@link PhysicsConfig}): near bodies (ring 0
 * or 1) every tick at the level's near precision with continuous collision detection, mid bodies (ring
 * 2) every {@link PhysicsConfig.Level#midIntervalTicks()} ticks over that much time at the mid
 * precision, far bodies (ring 3) not at all.
 *
 * <p><b>One dyn4j world per pass, reused.</b> A step is a near pass then a mid pass, each split into
 * groups of bodies that may touch during the step (closer than their radii plus twice the maximum travel;
 * sweep and prune, union-find), one dyn4j step per group. A group's step loads into this stepper's dyn4j
 * world, in increasing body number: the group's bodies (dynamic); the region's other bodies within reach
 * (static for this step: a near body pushes against a mid one as against a wall until the mid one's own
 * pass); the obstacles within reach (static boxes); the players within reach (kinematic circles of
 * radius {@value #PLAYER_RADIUS_METRES} m moving at their velocity, so they shove bodies and are not
 * stopped by them). It runs one dyn4j step, stores the dynamic bodies' positions and velocities back
 * into {@link RigidBodies} and empties the world. Nothing carries over from one step to the next (warm
 * starting and at-rest detection are off, the world is emptied), and dyn4j is single-threaded and keeps
 * insertion order in its maps ({@link OrderedWorld} fixes the one place it does not), so the outcome
 * depends only on the bodies' state: the same for any worker and any history. Splitting into groups
 * keeps a merged region of thousands of bodies from becoming one dyn4j world whose cost grows faster
 * than its bodies.
 *
 * <p><b>No tunnelling, no explosion.</b> Velocities are clamped to
 * {@link PhysicsConfig#maxSpeedMetresPerSecond()} before and after every pass, dyn4j's maximum
 * translation per step is set to that speed times the step, near bodies are always bullets (dyn4j's
 * conservative-advancement CCD against everything), mid bodies are bullets when they would move more
 * than their radius in one step, and contacts have no restitution: a collision can only take energy
 * away; an impact found by CCD stops the approach ({@link OrderedWorld}). dyn4j bounds position
 * correction per step ({@code Settings.maximumLinearCorrection}, 0.2 m), so an overlap is resolved over
 * a few steps rather than by a kick. Behind all that, a body's centre never crosses an obstacle box
 * ({@code storeUnblocked}).
 *
 * <p>Not thread-safe: one per worker; a worker steps one region at a time.
 */
public final class PhysicsStepper {
    /** A player's body radius, metres: half a person's shoulder width. */
    public static final double PLAYER_RADIUS_METRES = 0.4;
    /**
     * Work units (about nanoseconds of one core, see {@code TickPlanner}) of one body stepped, beside
     * its solver iterations: loading, broadphase, narrowphase, CCD and storing back. From the figures
     * of docs/benchmarks.md §13 (about 3 µs per body-step at level 0 with its 11 iterations).
     */
    public static final long BODY_STEP_UNITS = 1_500;
    /** Work units of one solver iteration (velocity or position) for one body. */
    public static final long ITERATION_UNITS = 150;

    private final PhysicsConfig config;
    private final Obstacles obstacles;
    private final OrderedWorld space = new OrderedWorld();
    private Body[] rocks = new Body[0];
    private long[] rockStamp = new long[0];
    private long[] playerStamp = new long[64];
    private long[] bodyStamp = new long[64];
    private Body[] playerBodies = new Body[0];
    private int playersUsed;
    private long pass;
    private final IntList near = new IntList(32);
    private final IntList mid = new IntList(32);
    private final IntList found = new IntList(32);
    private final Vector2 scratch = new Vector2();
    /** Sort keys pack a position into their low {@value #POSITION_BITS} bits. */
    private static final int POSITION_BITS = 24;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;
    /** Union-find over a pass's dynamic bodies, and the groups it yields. */
    private int[] parent = new int[0];
    private long[] sortKeys = new long[0];
    private int[] groupOf = new int[0];
    private int[] groupMembers = new int[0];
    private int[] groupStart = new int[1];
    private int groupCount;
    /** The region being stepped, its bodies sorted by x. */
    private IntList staticRegion;
    private long[] regionKeys = new long[0];
    private int regionSize;

    private int nearStepped;
    private int midStepped;
    private long nearUnits;
    private long midUnits;

    /**
     * @param config    precision levels and limits
     * @param obstacles the world's static obstacles, not changed after the first step
     */
    public PhysicsStepper(PhysicsConfig config, Obstacles obstacles) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.obstacles = java.util.Objects.requireNonNull(obstacles, "obstacles");
        space.setGravity(World.ZERO_GRAVITY);
        Settings settings = space.getSettings();
        settings.setContinuousDetectionMode(ContinuousDetectionMode.BULLETS_ONLY);
        settings.setAtRestDetectionEnabled(false);
        settings.setWarmStartingEnabled(false);
    }

    /**
     * Steps a region's bodies for one tick. Afterwards {@link #bodiesStepped()} and the like tell what it
     * did.
     *
     * @param bodies        the world's bodies
     * @param region        the bodies this region owns ({@link RigidBodies#ofRegion}), increasing
     * @param neighbourhood players and their rings around the region
     * @param tick          the tick number, {@code >= 0}: mid bodies step when it is a multiple of the
     *                      level's mid interval
     * @param dtSeconds     simulated seconds of this tick (dilation included), {@code > 0}
     * @param level         the precision level, 0 (full) to {@link PhysicsConfig#MAX_LEVEL}
     * @param levelOfDetail false steps every body of the region every tick at level 0's near precision
     *                      whatever its ring (the comparison run with throttling off)
     * @param midGranted    whether the scheduler granted the region's AMBIENT work this tick (mid bodies
     *                      wait otherwise)
     * @throws IndexOutOfBoundsException when the level is out of range
     */
    public void step(RigidBodies bodies, IntList region, Neighbourhood neighbourhood, long tick, double dtSeconds,
                     int level, boolean levelOfDetail, boolean midGranted) {
        PhysicsConfig.Level precision = config.level(levelOfDetail ? level : 0);
        nearStepped = 0;
        midStepped = 0;
        nearUnits = 0;
        midUnits = 0;
        near.clear();
        mid.clear();
        if (region.size() == 0 || !(dtSeconds > 0)) {
            return;
        }
        for (int i = 0; i < region.size(); i++) {
            int body = region.get(i);
            int ring = levelOfDetail ? neighbourhood.ring(bodies.x(body), bodies.y(body)) : 0;
            if (ring <= 1) {
                near.add(body);
            } else if (ring == 2) {
                mid.add(body);
            }
        }
        staticRegion = region;
        sortRegion(bodies, region);
        if (near.size() > 0) {
            passes(bodies, near, neighbourhood, dtSeconds, precision.nearVelocityIterations(),
                precision.nearPositionIterations(), true);
            nearStepped = near.size();
            nearUnits = units(nearStepped, precision.nearVelocityIterations(), precision.nearPositionIterations());
        }
        int interval = precision.midIntervalTicks();
        if (mid.size() > 0 && midGranted && Math.floorMod(tick, interval) == 0) {
            passes(bodies, mid, neighbourhood, dtSeconds * interval, precision.midVelocityIterations(),
                precision.midPositionIterations(), false);
            midStepped = mid.size();
            midUnits = units(midStepped, precision.midVelocityIterations(), precision.midPositionIterations());
        }
    }

    /**
     * @return the bodies the last {@link #step} stepped as near (every tick, full precision), in the
     *         order of the region's list it was given (a subsequence of it); the stepper's own list,
     *         valid until the next step
     */
    public IntList near() {
        return near;
    }

    /** @return bodies stepped by the last {@link #step}, near and mid */
    public int bodiesStepped() {
        return nearStepped + midStepped;
    }

    /** @return near bodies (ring 0 or 1) stepped by the last {@link #step} */
    public int nearStepped() {
        return nearStepped;
    }

    /** @return mid bodies (ring 2) stepped by the last {@link #step} */
    public int midStepped() {
        return midStepped;
    }

    /** @return work units of the last step's near pass (the region's INTERACTIVE physics) */
    public long nearUnits() {
        return nearUnits;
    }

    /** @return work units of the last step's mid pass (the region's AMBIENT physics) */
    public long midUnits() {
        return midUnits;
    }

    /**
     * The cost model's work units of stepping bodies: {@link #BODY_STEP_UNITS} plus
     * {@link #ITERATION_UNITS} per solver iteration, per body.
     *
     * @param bodies              bodies stepped, {@code >= 0}
     * @param velocityIterations  velocity iterations
     * @param positionIterations  position iterations
     * @return the units
     */
    public static long units(int bodies, int velocityIterations, int positionIterations) {
        return bodies * (BODY_STEP_UNITS + ITERATION_UNITS * (velocityIterations + positionIterations));
    }

    /**
     * Steps {@code dynamic} (bodies of one ring class) over {@code dt}: split into groups that cannot
     * touch one another during the step (union-find over pairs closer than their radii plus twice the
     * maximum travel, found by sweep and prune along x), one dyn4j pass per group, groups in order of
     * their lowest body number. A region's cost then grows with its bodies, not with the square or the
     * logarithm of a merged region's size, and the split does not change an outcome: bodies that could
     * meet are always in the same pass.
     */
    private void passes(RigidBodies bodies, IntList dynamic, Neighbourhood neighbourhood, double dt,
                        int velocityIterations, int positionIterations, boolean bullets) {
        double maxSpeed = config.maxSpeedMetresPerSecond();
        Settings settings = space.getSettings();
        settings.setVelocityConstraintSolverIterations(velocityIterations);
        settings.setPositionConstraintSolverIterations(positionIterations);
        settings.setMaximumTranslation(maxSpeed * dt);
        double travel = 2 * maxSpeed * dt;
        group(bodies, dynamic, travel);
        for (int g = 0; g < groupCount; g++) {
            pass++;
            int from = groupStart[g];
            int to = groupStart[g + 1];
            try {
                load(bodies, dynamic, from, to, neighbourhood, dt, bullets);
                // dyn4j finds contacts at the start of a step only when told to (else it reuses the last step's).
                space.setUpdateRequired(true);
                space.step(1, dt);
            } finally {
                // Bodies still in a world cannot join another: empty it even when loading or dyn4j failed.
                space.removeAllBodies(false);
                playersUsed = 0;
            }
            for (int m = from; m < to; m++) {
                int index = dynamic.get(groupMembers[m]);
                Body body = bodies.body(index);
                Vector2 velocity = clamp(body.getLinearVelocity(scratch));
                storeUnblocked(bodies, index, body.getTransform().getTranslationX(),
                    body.getTransform().getTranslationY(), velocity.x, velocity.y);
            }
        }
    }

    /**
     * Fills {@link #groupMembers} (positions in {@code dynamic}) and {@link #groupStart}: the groups of
     * bodies that may touch during the step, each in increasing position, groups by lowest position.
     */
    private void group(RigidBodies bodies, IntList dynamic, double travel) {
        int n = dynamic.size();
        if (parent.length < n) {
            int capacity = Math.max(n, parent.length * 2);
            parent = new int[capacity];
            sortKeys = new long[capacity];
            groupMembers = new int[capacity];
            groupOf = new int[capacity];
            groupStart = new int[capacity + 1];
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            int index = dynamic.get(i);
            sortKeys[i] = key(bodies.x(index), i);
            largest = Math.max(largest, bodies.radius(index));
        }
        Arrays.sort(sortKeys, 0, n);
        double reach = 2 * largest + travel;
        for (int a = 0; a < n; a++) {
            int i = (int) (sortKeys[a] & POSITION_MASK);
            int bi = dynamic.get(i);
            double xi = bodies.x(bi);
            for (int b = a + 1; b < n; b++) {
                int j = (int) (sortKeys[b] & POSITION_MASK);
                int bj = dynamic.get(j);
                double dx = bodies.x(bj) - xi;
                if (dx > reach) {
                    break;
                }
                double link = bodies.radius(bi) + bodies.radius(bj) + travel;
                double dy = bodies.y(bj) - bodies.y(bi);
                if (dx * dx + dy * dy <= link * link) {
                    union(i, j);
                }
            }
        }
        // Number the groups by their lowest position, then list members by group (a counting sort).
        groupCount = 0;
        for (int i = 0; i < n; i++) {
            int root = find(i);
            groupOf[i] = root == i ? groupCount++ : groupOf[root];
        }
        Arrays.fill(groupStart, 0, groupCount + 1, 0);
        for (int i = 0; i < n; i++) {
            groupStart[groupOf[i] + 1]++;
        }
        for (int g = 0; g < groupCount; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        for (int i = 0; i < n; i++) {
            groupMembers[groupStart[groupOf[i]]++] = i;
        }
        for (int g = groupCount; g > 0; g--) {
            groupStart[g] = groupStart[g - 1];
        }
        groupStart[0] = 0;
    }

    private int find(int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    /** Joins two sets under the lower position, so that a group's root is its lowest position. */
    private void union(int i, int j) {
        int a = find(i);
        int b = find(j);
        if (a < b) {
            parent[b] = a;
        } else if (b < a) {
            parent[a] = b;
        }
    }

    /** A sort key: x in 1/256 m steps above, the position below; x is inside the world, so non-negative. */
    private static long key(double xMetres, int position) {
        return ((long) (xMetres * 256) << POSITION_BITS) | position;
    }

    /** Sorts the region's bodies by x once per step, for finding the static bodies near a group. */
    private void sortRegion(RigidBodies bodies, IntList region) {
        int n = region.size();
        if (regionKeys.length < n) {
            regionKeys = new long[Math.max(n, regionKeys.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            regionKeys[i] = key(bodies.x(region.get(i)), i);
        }
        Arrays.sort(regionKeys, 0, n);
        regionSize = n;
    }

    /**
     * Stores a stepped body, never letting its centre cross an obstacle: when the straight path from where
     * it was to where dyn4j put it touches a box (the exact slab test of {@link Obstacles#blocked}), the
     * body slides as a walking entity does ({@code World.advance}): it keeps the component of the move
     * that is clear and loses that velocity component across the box, or stays where it was. A guard
     * behind dyn4j's CCD, which gives up on a body already touching a thin wall at the start of a step
     * (time of impact 0) and whose position correction can push a body through a wall thinner than it.
     */
    void storeUnblocked(RigidBodies bodies, int index, double x1, double y1, double vx, double vy) {
        double x0 = bodies.x(index);
        double y0 = bodies.y(index);
        if (!obstacles.blocked(x0, y0, x1, y1)) {
            bodies.store(index, x1, y1, vx, vy);
        } else if (!obstacles.blocked(x0, y0, x1, y0)) {
            bodies.store(index, x1, y0, vx, 0);
        } else if (!obstacles.blocked(x0, y0, x0, y1)) {
            bodies.store(index, x0, y1, 0, vy);
        } else {
            bodies.store(index, x0, y0, 0, 0);
        }
    }

    /**
     * Loads one group's pass into the dyn4j world: its bodies (dynamic), the region's other bodies within
     * reach (static), the obstacles and the players within reach.
     */
    private void load(RigidBodies bodies, IntList dynamic, int from, int to, Neighbourhood neighbourhood, double dt,
                      boolean bullets) {
        double maxSpeed = config.maxSpeedMetresPerSecond();
        if (bodyStamp.length < bodies.size()) {
            bodyStamp = Arrays.copyOf(bodyStamp, Math.max(bodies.size(), bodyStamp.length * 2));
        }
        // What a dynamic body can reach during the step: its own travel, a player's, and a radius each.
        double travel = 2 * maxSpeed * dt;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double largest = 0;
        for (int m = from; m < to; m++) {
            int index = dynamic.get(groupMembers[m]);
            bodyStamp[index] = pass;
            double x = bodies.x(index);
            double y = bodies.y(index);
            double r = bodies.radius(index);
            Vector2 velocity = clamp(scratch.set(bodies.vx(index), bodies.vy(index)));
            Body body = bodies.body(index);
            load(body, x, y, velocity.x, velocity.y, MassType.FIXED_ANGULAR_VELOCITY);
            body.setBullet(bullets || velocity.getMagnitude() * dt > r);
            body.setLinearDamping(config.linearDampingPerSecond());
            space.addBody(body);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
            largest = Math.max(largest, r);
            double reach = r + travel;
            addObstacles(x - reach, y - reach, x + reach, y + reach);
            addPlayers(neighbourhood, x, y, reach + PLAYER_RADIUS_METRES);
        }
        // Static: the region's other bodies whose centres lie within reach of the group's box (a body is
        // at most 10 m in radius).
        double margin = largest + travel + 10;
        int first = Arrays.binarySearch(regionKeys, 0, regionSize, key(Math.max(0, minX - margin), 0));
        for (int k = first >= 0 ? first : -first - 1; k < regionSize; k++) {
            int index = staticRegion.get((int) (regionKeys[k] & POSITION_MASK));
            double x = bodies.x(index);
            if (x > maxX + margin) {
                break;
            }
            double y = bodies.y(index);
            if (bodyStamp[index] == pass || y < minY - margin || y > maxY + margin || x < minX - margin) {
                continue;
            }
            Body body = bodies.body(index);
            load(body, x, y, 0, 0, MassType.INFINITE);
            body.setBullet(false);
            space.addBody(body);
        }
    }

    /** Scales {@code velocity} down, in place, to at most the maximum speed; returns it. */
    private Vector2 clamp(Vector2 velocity) {
        double speed = Math.hypot(velocity.x, velocity.y);
        double max = config.maxSpeedMetresPerSecond();
        if (speed > max) {
            velocity.x *= max / speed;
            velocity.y *= max / speed;
        }
        return velocity;
    }

    private static void load(Body body, double x, double y, double vx, double vy, MassType type) {
        body.setMassType(type);
        body.getTransform().identity();
        body.getTransform().translate(x, y);
        body.setLinearVelocity(vx, vy);
        body.setAngularVelocity(0);
        body.clearAccumulatedForce();
        body.clearAccumulatedTorque();
    }

    private void addObstacles(double minX, double minY, double maxX, double maxY) {
        found.clear();
        obstacles.candidates(minX, minY, maxX, maxY, found);
        for (int i = 0; i < found.size(); i++) {
            int box = found.get(i);
            if (box >= rockStamp.length) {
                int size = Math.max(obstacles.size(), box + 1);
                rockStamp = Arrays.copyOf(rockStamp, size);
                rocks = Arrays.copyOf(rocks, size);
            }
            if (rockStamp[box] == pass) {
                continue;
            }
            rockStamp[box] = pass;
            Body rock = rocks[box];
            if (rock == null) {
                double x0 = obstacles.edge(box, 0);
                double y0 = obstacles.edge(box, 1);
                double x1 = obstacles.edge(box, 2);
                double y1 = obstacles.edge(box, 3);
                rock = new Body(1);
                rock.addFixture(Geometry.createRectangle(x1 - x0, y1 - y0), 1, RigidBodies.FRICTION, 0);
                rock.setMass(MassType.INFINITE);
                rock.setAtRestDetectionEnabled(false);
                rock.translate((x0 + x1) / 2, (y0 + y1) / 2);
                rocks[box] = rock;
            }
            space.addBody(rock);
        }
    }

    private void addPlayers(Neighbourhood neighbourhood, double x, double y, double radius) {
        found.clear();
        neighbourhood.players(x, y, radius, found);
        for (int i = 0; i < found.size(); i++) {
            int player = found.get(i);
            if (player >= playerStamp.length) {
                playerStamp = Arrays.copyOf(playerStamp, Math.max(player + 1, playerStamp.length * 2));
            }
            if (playerStamp[player] == pass) {
                continue;
            }
            playerStamp[player] = pass;
            if (playersUsed == playerBodies.length) {
                playerBodies = Arrays.copyOf(playerBodies, Math.max(8, playersUsed * 2));
            }
            Body body = playerBodies[playersUsed];
            if (body == null) {
                body = new Body(1);
                body.addFixture(Geometry.createCircle(PLAYER_RADIUS_METRES), 1, RigidBodies.FRICTION, 0);
                body.setMass(MassType.INFINITE);
                body.setAtRestDetectionEnabled(false);
                playerBodies[playersUsed] = body;
            }
            playersUsed++;
            Vector2 velocity = clamp(scratch.set(neighbourhood.playerVx(player), neighbourhood.playerVy(player)));
            load(body, neighbourhood.playerX(player), neighbourhood.playerY(player), velocity.x, velocity.y,
                MassType.INFINITE);
            space.addBody(body);
        }
    }
}
