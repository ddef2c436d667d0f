package dev.ludus.sim.world;

/**
 * What one tick of a {@link Simulation} did and where its time went; reported to
 * {@link SimulationListener#onTickProfile} after each tick. Times are nanoseconds of the clock the
 * simulation was given (0 when it has none).
 *
 * @param tick               the tick's number, from 0
 * @param regions            regions ticked
 * @param activeCells        grid cells inside regions; every other cell is dormant and its NPCs sleep
 * @param awakeEntities      entities in active cells, ticked by their region
 * @param commands           commands drained from the inbox
 * @param mail               mail delivered at the boundary
 * @param crossRegionMail    of which sent to an entity outside the sender's region
 * @param handovers          entities whose move left their region's cells, applied at the boundary
 * @param boundaryNanos      commands, joins and leaves, and re-forming the regions
 * @param regionNanos        the parallel region phase, from first start to last finish
 * @param mergeNanos         handovers and mail
 * @param replicationNanos   building and handing over snapshots (parallel)
 */
public record TickProfile(long tick, int regions, int activeCells, int awakeEntities, int commands, int mail,
                          int crossRegionMail, int handovers, long boundaryNanos, long regionNanos,
                          long mergeNanos, long replicationNanos) {
}
