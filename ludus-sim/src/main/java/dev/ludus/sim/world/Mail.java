package dev.ludus.sim.world;

/**
 * An effect one entity sends another, delivered at the tick boundary (DESIGN.md §2: anything one
 * region wants to change in another arrives as mail, applied at the next tick boundary in a stable
 * order). Sent with {@link RegionTick#send}, received by {@link GameRules#onMail}.
 *
 * @param targetEntityId the entity the effect is for
 * @param senderEntityId the entity that sent it
 * @param senderRegionId the id of the region the sender ticked in ({@link dev.ludus.sim.space.RegionMap#regionId})
 * @param crossRegion    whether the target was outside the sender's region when sent
 * @param payload        what the game means by it; immutable, so the tick thread may read it
 */
public record Mail(long targetEntityId, long senderEntityId, int senderRegionId, boolean crossRegion,
                   Object payload) {
}
