package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;
import java.util.ArrayList;
import java.util.List;

/** A neighbourhood for tests: one ring everywhere (or by x), and players at fixed places with fixed velocities. */
final class FixedNeighbourhood implements Neighbourhood {
    int ring;
    /** Positions west of this x are at {@link #ring}, the rest at {@link #eastRing}. */
    double ringBorderX = Double.POSITIVE_INFINITY;
    int eastRing = 3;
    final List<double[]> players = new ArrayList<>();

    FixedNeighbourhood(int ring) {
        this.ring = ring;
    }

    FixedNeighbourhood player(double x, double y, double vx, double vy) {
        players.add(new double[] {x, y, vx, vy});
        return this;
    }

    @Override
    public int ring(double xMetres, double yMetres) {
        return xMetres < ringBorderX ? ring : eastRing;
    }

    @Override
    public void players(double xMetres, double yMetres, double radiusMetres, IntList out) {
        for (int i = 0; i < players.size(); i++) {
            double[] p = players.get(i);
            if (Math.hypot(p[0] - xMetres, p[1] - yMetres) <= radiusMetres) {
                out.add(i);
            }
        }
    }

    @Override
    public double playerX(int player) {
        return players.get(player)[0];
    }

    @Override
    public double playerY(int player) {
        return players.get(player)[1];
    }

    @Override
    public double playerVx(int player) {
        return players.get(player)[2];
    }

    @Override
    public double playerVy(int player) {
        return players.get(player)[3];
    }

    /** Moves every player by its velocity, as the simulation does after physics. */
    void advance(double dt) {
        for (double[] p : players) {
            p[0] += p[2] * dt;
            p[1] += p[3] * dt;
        }
    }
}
