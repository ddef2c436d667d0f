package dev.ludus.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The packed copy's own contract; GridPropertiesTest checks every query against the oracle. */
class PackedGridTest {

    @Test
    void shouldAnswerFromThePositionsAtTheLastRebuildOnly() {
        Grid grid = new Grid(100, 100, 10, 4);
        grid.insert(3, 15, 15);
        PackedGrid packed = new PackedGrid(grid);
        packed.rebuild(grid);
        grid.move(3, 85, 85);
        grid.insert(1, 16, 16);
        IntList out = new IntList(4);

        assertThat(packed.query(15, 15, 2, out)).isEqualTo(1);
        assertThat(out.get(0)).as("where slot 3 stood at the rebuild").isEqualTo(3);

        packed.rebuild(grid);
        out.clear();
        assertThat(packed.query(15, 15, 2, out)).isEqualTo(1);
        assertThat(out.get(0)).isEqualTo(1);
        assertThat(packed.size()).isEqualTo(2);
    }

    @Test
    void shouldListSlotsByCellThenBySlot() {
        Grid grid = new Grid(100, 100, 10, 8);
        grid.insert(7, 55, 5);    // cell (row 0, column 5)
        grid.insert(2, 5, 5);     // cell (0, 0)
        grid.insert(5, 6, 6);     // cell (0, 0)
        grid.insert(0, 5, 55);    // cell (5, 0)
        PackedGrid packed = new PackedGrid(grid);
        packed.rebuild(grid);
        IntList out = new IntList(8);

        packed.query(50, 50, 100, out);

        assertThat(out.toArray()).containsExactly(2, 5, 7, 0);
    }

    @Test
    void shouldRefuseAnotherGridAndBadQueries() {
        Grid grid = new Grid(100, 100, 10, 0);
        PackedGrid packed = new PackedGrid(grid);
        Grid other = new Grid(100, 100, 10, 0);

        assertThatThrownBy(() -> packed.rebuild(other)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("grid : another grid's cells");
        assertThatThrownBy(() -> packed.query(0, 0, -1, new IntList(0))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("query : (0.0, 0.0, r=-1.0) (expected: finite centre, finite radius >= 0)");
        assertThatThrownBy(() -> packed.query(Double.NaN, 0, 1, new IntList(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackedGrid(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldInterleaveColumnAndRowBitsInTheMortonCode() {
        assertThat(Grid.morton(0, 0)).isZero();
        assertThat(Grid.morton(1, 0)).isEqualTo(1);
        assertThat(Grid.morton(0, 1)).isEqualTo(2);
        assertThat(Grid.morton(3, 5)).isEqualTo(0b100111);   // column 011, row 101 -> r2 c2 r1 c1 r0 c0 = 1 0 0 1 1 1
        assertThat(Grid.morton(Integer.MAX_VALUE, 0)).isEqualTo(0x1555555555555555L);
        Grid grid = new Grid(100, 60, 10, 0);   // 10 columns
        assertThat(grid.mortonCode(3 * 10 + 2)).isEqualTo(Grid.morton(2, 3));
        assertThatThrownBy(() -> grid.mortonCode(60)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
