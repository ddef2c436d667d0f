package dev.ludus.sim.world;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.physics.Neighbourhood;
import dev.ludus.sim.space.IntList;

/**
 * The world around a region's rigid bodies, for its {@link dev.ludus.sim.physics.PhysicsStepper}: rings
 * from this tick's {@link PlayerRings}, players from the world's grid (handles are their slots). Read
 * during the region phase, before movement is integrated, so players stand where the tick found them
 * and move at the velocity their input gave them. One per worker; not thread-safe.
 */
final class RegionNeighbourhood implements Neighbourhood {
    private final World world;
    private final IntList nearby = new IntList(32);
    private PlayerRings rings;

    RegionNeighbourhood(World world) {
        this.world = world;
    }

    /** Points at this tick's rings. */
    RegionNeighbourhood rings(PlayerRings rings) {
        this.rings = rings;
        return this;
    }

    @Override
    public int ring(double xMetres, double yMetres) {
        return rings.ring(world.cellAt(xMetres, yMetres));
    }

    @Override
    public void players(double xMetres, double yMetres, double radiusMetres, IntList out) {
        nearby.clear();
        world.query(xMetres, yMetres, radiusMetres, nearby);
        for (int i = 0; i < nearby.size(); i++) {
            int slot = nearby.get(i);
            if (world.kind(slot) == EntityKind.PLAYER) {
                out.add(slot);
            }
        }
    }

    @Override
    public double playerX(int player) {
        return world.x(player);
    }

    @Override
    public double playerY(int player) {
        return world.y(player);
    }

    @Override
    public double playerVx(int player) {
        return world.vx(player);
    }

    @Override
    public double playerVy(int player) {
        return world.vy(player);
    }
}
