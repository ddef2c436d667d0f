package dev.ludus.sim.physics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dyn4j.collision.CollisionPair;
import org.dyn4j.collision.continuous.TimeOfImpact;
import org.dyn4j.dynamics.Body;
import org.dyn4j.dynamics.BodyFixture;
import org.dyn4j.dynamics.ContinuousDetectionMode;
import org.dyn4j.geometry.Transform;
import org.dyn4j.geometry.Vector2;
import org.dyn4j.world.World;
import org.dyn4j.world.listener.TimeOfImpactListener;

/**
 * A dyn4j world whose outcome depends only on what is in it and in what order it was added, and whose
 * continuous collision detection never lets a bullet into what it hits.
 *
 * <p><b>Order.</b> dyn4j 6.0.0 keeps its broadphase, contact and constraint-graph maps in insertion
 * order, with two exceptions this class removes: its time-of-impact pass groups the
 * continuous-collision pairs in a {@code HashMap} keyed by body, whose iteration order follows identity
 * hash codes (different from run to run), and it keeps continuous-collision pairs from earlier steps
 * after their bodies are removed, so a re-added body's pairs come back in an earlier step's order.
 * {@link #solveTOI(ContinuousDetectionMode)} groups them in a {@code LinkedHashMap}; {@link #clear}
 * forgets the pairs.
 *
 * <p><b>Impact.</b> The time-of-impact pass is dyn4j's own ({@code AbstractPhysicsWorld.solveTOI},
 * BSD-3-Clause, William Bittle) without listeners and collision filters, which Ludus does not use, and
 * with two changes. dyn4j gives up on a body whose impact comes at time 0 (it already touched at the
 * start of the step, yet the narrowphase did not report the touch, which happens when a previous impact
 * left it exactly touching): here it is put back where it started the step. And dyn4j moves a bullet back
 * to the moment of impact but keeps its velocity, so it is still closing at the next step: here a
 * perfectly inelastic impulse along the contact normal removes the approaching velocity, momentum
 * conserved, as the discrete solver does with restitution 0; kinetic energy can only fall.
 */
final class OrderedWorld extends World<Body> {
    @Override
    protected void clear() {
        super.clear();
        ccdCollisionData.clear();
    }

    @Override
    protected boolean solveTOI(ContinuousDetectionMode mode) {
        boolean bulletsOnly = mode == ContinuousDetectionMode.BULLETS_ONLY;
        Iterator<CollisionPair<Body>> pairs = ccdBroadphase.detectIterator();
        while (pairs.hasNext()) {
            // The broadphase reuses its pair object: keep a copy.
            ccdCollisionData.add(pairs.next().copy());
        }
        Map<Body, List<Body>> pairMapping = new LinkedHashMap<>();
        Iterator<CollisionPair<Body>> iterator = ccdCollisionData.iterator();
        while (iterator.hasNext()) {
            // dyn4j drops kept pairs whose bodies left or no longer overlap; the world is emptied after every
            // step here, so every pair is this step's and overlaps.
            CollisionPair<Body> pair = iterator.next();
            Body body1 = pair.getFirst();
            Body body2 = pair.getSecond();
            if (skip(body1, body2, bulletsOnly)) {
                continue;
            }
            if (body1.isDynamic()) {
                pairMapping.computeIfAbsent(body1, b -> new ArrayList<>()).add(body2);
            } else if (body2.isDynamic()) {
                pairMapping.computeIfAbsent(body2, b -> new ArrayList<>()).add(body1);
            }
        }
        boolean solved = false;
        for (Map.Entry<Body, List<Body>> entry : pairMapping.entrySet()) {
            solved |= solveTOI(entry.getKey(), entry.getValue(), timeOfImpactListeners);
        }
        return solved;
    }

    /**
     * dyn4j's reasons to leave a pair to the discrete solver, less those that cannot arise here (Ludus'
     * bodies are always enabled, never at rest, and joined to nothing).
     */
    private boolean skip(Body body1, Body body2, boolean bulletsOnly) {
        if (!body1.isBullet() && !body2.isBullet() && (bulletsOnly || body1.isDynamic() && body2.isDynamic())) {
            return true;
        }
        return body1.getMass().isInfinite() && body2.getMass().isInfinite() || isInContact(body1, body2);
    }

    /** The earliest impact of {@code body1} with any of {@code others} this step, resolved; see the class comment. */
    @Override
    protected boolean solveTOI(Body body1, List<Body> others, List<TimeOfImpactListener<Body>> listeners) {
        double dt = timeStep.getDeltaTime();
        double t2 = 1.0;
        TimeOfImpact minToi = null;
        Body minBody = null;
        Vector2 v1 = body1.getLinearVelocity().product(dt);
        double av1 = body1.getAngularVelocity() * dt;
        Transform tx1 = body1.getPreviousTransform();
        for (Body body2 : others) {
            Vector2 v2 = body2.getLinearVelocity().product(dt);
            double av2 = body2.getAngularVelocity() * dt;
            Transform tx2 = body2.getPreviousTransform();
            for (BodyFixture fixture2 : body2.getFixtures()) {
                for (BodyFixture fixture1 : body1.getFixtures()) {
                    TimeOfImpact toi = new TimeOfImpact();
                    if (timeOfImpactDetector.getTimeOfImpact(fixture1.getShape(), tx1, v1, av1, fixture2.getShape(), tx2,
                            v2, av2, 0.0, t2, toi) && (toi.getTime() < t2 || minToi == null)) {
                        t2 = toi.getTime();
                        minToi = toi;
                        minBody = body2;
                    }
                }
            }
        }
        if (minToi == null) {
            return false;
        }
        double t = minToi.getTime();
        body1.getPreviousTransform().lerp(body1.getTransform(), t, body1.getTransform());
        if (minBody.isDynamic()) {
            minBody.getPreviousTransform().lerp(minBody.getTransform(), t, minBody.getTransform());
        }
        if (minToi.getSeparation().getDistance() > 0.0) {
            timeOfImpactSolver.solve(body1, minBody, minToi, settings);
        }
        stopApproach(body1, minBody, minToi.getSeparation().getNormal());
        return true;
    }

    /** A perfectly inelastic impulse along {@code n} (from body 1 to body 2): no closing speed is left. */
    static void stopApproach(Body body1, Body body2, Vector2 n) {
        Vector2 v1 = body1.getLinearVelocity();
        Vector2 v2 = body2.getLinearVelocity();
        double closing = (v1.x - v2.x) * n.x + (v1.y - v2.y) * n.y;
        double inverse1 = body1.getMass().getInverseMass();
        double inverse2 = body2.getMass().getInverseMass();
        if (closing <= 0 || inverse1 + inverse2 == 0) {
            return;
        }
        double impulse = closing / (inverse1 + inverse2);
        body1.setLinearVelocity(v1.x - impulse * inverse1 * n.x, v1.y - impulse * inverse1 * n.y);
        body2.setLinearVelocity(v2.x + impulse * inverse2 * n.x, v2.y + impulse * inverse2 * n.y);
    }
}
