/**
 * Rigid-body physics with level of detail (issue 4, DESIGN.md §4 step 5 and §5), on dyn4j: the
 * bodies' state ({@link dev.ludus.sim.physics.RigidBodies}), the precision levels
 * ({@link dev.ludus.sim.physics.PhysicsConfig}) and the per-worker stepper that steps one region's bodies
 * ({@link dev.ludus.sim.physics.PhysicsStepper}). Bodies near players step every tick with continuous
 * collision detection, bodies two cells away step less often and more coarsely, bodies with no player
 * near sleep; the scheduler lowers precision as load rises. No clock, no I/O, deterministic.
 */
package dev.ludus.sim.physics;
