package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.RegionMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dyn4j.dynamics.Body;
import org.dyn4j.geometry.Geometry;
import org.dyn4j.geometry.MassType;

/**
 * The rigid bodies of one world (pushable boulders, crates, props): round, with a mass, moving on the
 * ground plane, stored as parallel arrays indexed by body number (structure of arrays). The arrays are
 * the state; each body also carries its own dyn4j {@link Body} (shape and mass), which a
 * {@link PhysicsStepper} loads from the arrays, steps and stores back, so a body's outcome depends only
 * on the arrays and never on which worker stepped it or what it stepped before.
 *
 * <p><b>Ownership.</b> Bodies are added between ticks (while the game populates the world). At the start
 * of every tick, {@link #assign} lists each body under the region that owns its cell; during the region
 * phase only the worker ticking that region reads or writes the body (its arrays and its dyn4j
 * {@code Body}), so regions step their bodies in parallel with no shared mutable state. A body that
 * leaves its region's cells during a step is simply listed under its new region at the next
 * {@link #assign}. Bodies in dormant cells are in no region and sleep.
 *
 * <p>Not thread-safe beyond that: {@link #add} and {@link #assign} on the tick thread between region
 * phases.
 */
public final class RigidBodies {
    /** Friction of a body's surface: a rough stone or wooden box on stone (Coulomb coefficient). */
    static final double FRICTION = 0.4;

    private final double widthMetres;
    private final double heightMetres;
    private double[] x = new double[16];
    private double[] y = new double[16];
    private double[] vx = new double[16];
    private double[] vy = new double[16];
    private double[] radius = new double[16];
    private double[] mass = new double[16];
    private Body[] bodies = new Body[16];
    /** The world entity that shows each body in snapshots ({@link #bind}), or -1. */
    private long[] entityId = new long[16];
    private final dev.ludus.sim.space.LongIntMap bodyByEntity = new dev.ludus.sim.space.LongIntMap(64);
    private int count;
    private final List<IntList> byRegion = new ArrayList<>();
    private int regionCount;

    /**
     * @param widthMetres  world width, {@code > 0}; bodies stay inside {@code [0, width]}
     * @param heightMetres world height, {@code > 0}
     * @throws IllegalArgumentException when a dimension is not positive and finite
     */
    public RigidBodies(double widthMetres, double heightMetres) {
        if (!(widthMetres > 0) || !(heightMetres > 0) || !Double.isFinite(widthMetres) || !Double.isFinite(heightMetres)) {
            throw new IllegalArgumentException("world : " + widthMetres + " x " + heightMetres
                + " m (expected: positive and finite)");
        }
        this.widthMetres = widthMetres;
        this.heightMetres = heightMetres;
    }

    /**
     * Adds a body at rest. Between ticks only (see the class comment).
     *
     * @param xMetres      centre x, clamped into the world
     * @param yMetres      centre y, clamped into the world
     * @param radiusMetres 0.05 to 10
     * @param massKg       0.1 to 100,000
     * @return the body's number, from 0 in order of addition
     * @throws IllegalArgumentException when a value is out of range or not finite
     */
    public int add(double xMetres, double yMetres, double radiusMetres, double massKg) {
        if (!Double.isFinite(xMetres) || !Double.isFinite(yMetres)) {
            throw new IllegalArgumentException("position : (" + xMetres + ", " + yMetres + ") (expected: finite)");
        }
        if (!(radiusMetres >= 0.05 && radiusMetres <= 10)) {
            throw new IllegalArgumentException("radiusMetres : " + radiusMetres + " (expected: 0.05 to 10)");
        }
        if (!(massKg >= 0.1 && massKg <= 100_000)) {
            throw new IllegalArgumentException("massKg : " + massKg + " (expected: 0.1 to 100000)");
        }
        if (count == x.length) {
            int capacity = count * 2;
            x = Arrays.copyOf(x, capacity);
            y = Arrays.copyOf(y, capacity);
            vx = Arrays.copyOf(vx, capacity);
            vy = Arrays.copyOf(vy, capacity);
            radius = Arrays.copyOf(radius, capacity);
            mass = Arrays.copyOf(mass, capacity);
            bodies = Arrays.copyOf(bodies, capacity);
            entityId = Arrays.copyOf(entityId, capacity);
        }
        int index = count++;
        x[index] = Math.clamp(xMetres, 0, widthMetres);
        y[index] = Math.clamp(yMetres, 0, heightMetres);
        radius[index] = radiusMetres;
        mass[index] = massKg;
        Body body = new Body(1);
        // Density from the mass; restitution 0: collisions lose energy, never make it.
        body.addFixture(Geometry.createCircle(radiusMetres), massKg / (Math.PI * radiusMetres * radiusMetres),
            FRICTION, 0);
        // Round bodies on the ground do not spin: rotation would be state no one sees.
        body.setMass(MassType.FIXED_ANGULAR_VELOCITY);
        body.setAtRestDetectionEnabled(false);
        body.setUserData(index);
        bodies[index] = body;
        entityId[index] = -1;
        return index;
    }

    /**
     * Ties a body to the world entity (of kind {@link dev.ludus.protocol.EntityKind#PROP}) that shows it
     * to clients; the simulation moves the entity to the body after every step. Between ticks only.
     *
     * @param body     a body number
     * @param entityId the entity's id, {@code >= 0}
     * @throws IllegalArgumentException when the body is already bound or the id is negative
     * @throws IndexOutOfBoundsException when there is no such body
     */
    public void bind(int body, long entityId) {
        if (this.entityId[checked(body)] >= 0 || entityId < 0) {
            throw new IllegalArgumentException("body " + body + ", entity " + entityId
                + " (expected: an unbound body and an id >= 0)");
        }
        this.entityId[body] = entityId;
        bodyByEntity.put(entityId, body);
    }

    /** @param body a body number @return the entity that shows it ({@link #bind}), or -1 */
    public long entityId(int body) {
        return entityId[checked(body)];
    }

    /**
     * The body an entity shows. Safe from any number of threads once bodies stop being bound (after
     * the world is populated).
     *
     * @param entityId an entity id
     * @return the body number, or -1 when no body is bound to it
     */
    public int bodyOf(long entityId) {
        return bodyByEntity.get(entityId);
    }

    /** @return the number of bodies */
    public int size() {
        return count;
    }

    /** @param body a body number @return centre x, metres */
    public double x(int body) {
        return x[checked(body)];
    }

    /** @param body a body number @return centre y, metres */
    public double y(int body) {
        return y[checked(body)];
    }

    /** @param body a body number @return velocity x, metres per second */
    public double vx(int body) {
        return vx[checked(body)];
    }

    /** @param body a body number @return velocity y, metres per second */
    public double vy(int body) {
        return vy[checked(body)];
    }

    /** @param body a body number @return radius, metres */
    public double radius(int body) {
        return radius[checked(body)];
    }

    /** @param body a body number @return mass, kilograms */
    public double mass(int body) {
        return mass[checked(body)];
    }

    /**
     * Sets a body's velocity (a throw, a shove): between ticks, or during the region phase by the
     * region that owns the body. The stepper clamps it to {@link PhysicsConfig#maxSpeedMetresPerSecond()}.
     *
     * @param body              a body number
     * @param vxMetresPerSecond finite
     * @param vyMetresPerSecond finite
     * @throws IllegalArgumentException when a component is not finite
     * @throws IndexOutOfBoundsException when there is no such body
     */
    public void setVelocity(int body, double vxMetresPerSecond, double vyMetresPerSecond) {
        checked(body);
        if (!Double.isFinite(vxMetresPerSecond) || !Double.isFinite(vyMetresPerSecond)) {
            throw new IllegalArgumentException("velocity : (" + vxMetresPerSecond + ", " + vyMetresPerSecond
                + ") (expected: finite)");
        }
        vx[body] = vxMetresPerSecond;
        vy[body] = vyMetresPerSecond;
    }

    /**
     * Lists every body under the region owning its cell, in increasing body number; bodies in dormant
     * cells are listed nowhere. Tick thread, after the regions are formed and before they tick.
     *
     * @param map this tick's regions
     */
    public void assign(RegionMap map) {
        regionCount = map.regionCount();
        while (byRegion.size() < regionCount) {
            byRegion.add(new IntList(16));
        }
        for (int k = 0; k < regionCount; k++) {
            byRegion.get(k).clear();
        }
        for (int i = 0; i < count; i++) {
            int ordinal = map.regionOf(x[i], y[i]);
            if (ordinal != RegionMap.DORMANT) {
                byRegion.get(ordinal).add(i);
            }
        }
    }

    /**
     * @param ordinal a region ordinal of the map last given to {@link #assign}
     * @return the bodies in that region's cells, in increasing body number; read it, do not change it
     * @throws IndexOutOfBoundsException when the ordinal is out of range
     */
    public IntList ofRegion(int ordinal) {
        java.util.Objects.checkIndex(ordinal, regionCount);
        return byRegion.get(ordinal);
    }

    /**
     * An order-sensitive hash of every body's position and velocity, in body order, folded as
     * {@code World.stateHash} folds (SplitMix64's golden-ratio multiply and shift); 0 with no bodies.
     *
     * @return the hash
     */
    public long stateHash() {
        long hash = 0;
        for (int i = 0; i < count; i++) {
            hash = fold(hash, Double.doubleToLongBits(x[i]));
            hash = fold(hash, Double.doubleToLongBits(y[i]));
            hash = fold(hash, Double.doubleToLongBits(vx[i]));
            hash = fold(hash, Double.doubleToLongBits(vy[i]));
        }
        return hash;
    }

    private static long fold(long hash, long value) {
        long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private int checked(int body) {
        return java.util.Objects.checkIndex(body, count);
    }

    // ------------------------------------------------------------------ for the stepper

    double widthMetres() {
        return widthMetres;
    }

    double heightMetres() {
        return heightMetres;
    }

    Body body(int index) {
        return bodies[index];
    }

    /** Stores a stepped body's state, clamped into the world: a component that crossed an edge stops. */
    void store(int index, double xMetres, double yMetres, double vxMetresPerSecond, double vyMetresPerSecond) {
        double nx = xMetres;
        double nvx = vxMetresPerSecond;
        if (nx < 0 || nx > widthMetres) {
            nx = Math.clamp(nx, 0, widthMetres);
            nvx = 0;
        }
        double ny = yMetres;
        double nvy = vyMetresPerSecond;
        if (ny < 0 || ny > heightMetres) {
            ny = Math.clamp(ny, 0, heightMetres);
            nvy = 0;
        }
        x[index] = nx;
        y[index] = ny;
        vx[index] = nvx;
        vy[index] = nvy;
    }
}
