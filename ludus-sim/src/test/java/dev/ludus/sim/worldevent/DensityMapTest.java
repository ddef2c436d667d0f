package dev.ludus.sim.worldevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.sim.space.IntList;
import org.junit.jupiter.api.Test;

class DensityMapTest {
    private static final double HALF_LIFE = 60;

    @Test
    void shouldNumberCellsRowByRowAndCoverPartialEdgeCells() {
        DensityMap map = new DensityMap(1000, 600, 256, HALF_LIFE);

        assertThat(map.columns()).isEqualTo(4);
        assertThat(map.rows()).isEqualTo(3);
        assertThat(map.cellAt(0, 0)).isZero();
        assertThat(map.cellAt(1000, 600)).isEqualTo(11);
        assertThat(map.cellAt(300, 300)).isEqualTo(5);
        assertThat(map.cellAt(-5, 1e9)).as("clamped").isEqualTo(8);
        assertThat(map.centreX(3)).isEqualTo((768 + 1000) / 2.0);
        assertThat(map.centreY(5)).isEqualTo(384);
        assertThat(map.neighbour(0, -1, 0)).isEqualTo(-1);
        assertThat(map.neighbour(5, 1, 1)).isEqualTo(10);
    }

    @Test
    void shouldReadASteadyCrowdAsItsHeadCount() {
        DensityMap map = new DensityMap(1000, 1000, 250, HALF_LIFE);
        for (int second = 0; second < 3600; second++) {
            map.decay(1);
            for (int p = 0; p < 10; p++) {
                map.add(100 + p, 100);
            }
        }

        assertThat(map.density(0)).isCloseTo(10, within(1e-6));
        assertThat(map.total()).isCloseTo(10, within(1e-6));
    }

    @Test
    void shouldHalveEveryHalfLifeOnceTheCrowdLeavesWhateverTheUpdateRate() {
        for (double step : new double[] {0.05, 1, 7.5}) {
            DensityMap map = new DensityMap(1000, 1000, 250, HALF_LIFE);
            map.decay(1);
            map.add(10, 10);
            double start = map.density(0);
            for (double t = 0; t < HALF_LIFE - 1e-9; t += step) {
                map.decay(step);
            }
            assertThat(map.density(0)).as("step %s s", step).isCloseTo(start / 2, within(1e-9));
        }
    }

    @Test
    void shouldReachHalfTheCrowdOneHalfLifeAfterItArrives() {
        DensityMap map = new DensityMap(1000, 1000, 250, HALF_LIFE);
        for (int second = 0; second < HALF_LIFE; second++) {
            map.decay(1);
            for (int p = 0; p < 8; p++) {
                map.add(600, 600);
            }
        }

        assertThat(map.density(map.cellAt(600, 600))).isCloseTo(4, within(1e-9));
    }

    @Test
    void shouldPlaceTheCrowdsCentreAtItsPlayersMeanPosition() {
        DensityMap map = new DensityMap(1000, 1000, 250, HALF_LIFE);
        map.decay(1);
        map.add(10, 20);
        map.add(30, 60);
        map.add(-50, 40);

        assertThat(map.crowdX(0)).isCloseTo(40 / 3.0, within(1e-9));
        assertThat(map.crowdY(0)).isCloseTo(40, within(1e-9));
        assertThat(map.crowdX(5)).as("nobody: the cell's centre").isEqualTo(375);
    }

    @Test
    void shouldListCrowdedCellsAndEmptyCellsWithPlayersWithinReach() {
        DensityMap map = new DensityMap(2560, 2560, 256, HALF_LIFE);
        map.decay(1e6);
        for (int p = 0; p < 12; p++) {
            map.add(1300, 1300);
        }
        map.add(100, 100);
        IntList out = new IntList(4);

        assertThat(map.crowdedCells(5, out)).isEqualTo(1);
        assertThat(out.get(0)).isEqualTo(map.cellAt(1300, 1300));

        int centre = map.cellAt(1300, 1300);
        map.emptyCellsNearPlayers(0.5, 1, out);
        assertThat(out.toArray()).contains(map.neighbour(centre, 1, 1), map.neighbour(centre, -1, 0), 1, 10, 11)
            .doesNotContain(centre, 0, map.neighbour(centre, 2, 0));
        assertThat(map.playersNear(map.neighbour(centre, 1, 0), 1)).isCloseTo(12, within(1e-9));
    }

    @Test
    void shouldRejectBadArgumentsNamingThem() {
        assertThatThrownBy(() -> new DensityMap(0, 1, 1, 1)).hasMessage("widthMetres : 0.0 (expected: finite and > 0)");
        assertThatThrownBy(() -> new DensityMap(1, 1, 1, Double.NaN)).hasMessageStartingWith("halfLifeSeconds : NaN");
        assertThatThrownBy(() -> new DensityMap(1e9, 1e9, 1, 1)).hasMessageStartingWith("cellSizeMetres : 1.0");
        DensityMap map = new DensityMap(100, 100, 50, 1);
        assertThatThrownBy(() -> map.decay(-1)).hasMessageStartingWith("elapsedSeconds : -1.0");
        assertThatThrownBy(() -> map.density(4)).hasMessage("cell : 4 (expected: 0 to 3)");
        assertThatThrownBy(() -> map.crowdedCells(-1, new IntList(1))).hasMessageStartingWith("atLeastPlayers");
        assertThatThrownBy(() -> map.emptyCellsNearPlayers(0.5, 0, new IntList(1)))
            .hasMessage("reachCells : 0 (expected: 1 to 16)");
    }
}
