/**
 * The scheduler's task model (issue 4, DESIGN.md §5): work classes, priorities from session
 * factors, dependencies between kinds of work, a per-tick budget and learned costs, with O(1)
 * scheduling decisions. Entry point: {@link dev.ludus.sim.schedule.Scheduler#create}. Owned by one
 * tick thread; reads no clock.
 */
package dev.ludus.sim.schedule;
