package dev.ludus.sim.space;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObstaclesTest {

    @Test
    void shouldBlockSegmentsThatCrossOrTouchABoxAndNoOthers() {
        Obstacles obstacles = new Obstacles(200, 200, 32);
        obstacles.add(50, 50, 60, 60);

        assertThat(obstacles.blocked(40, 55, 70, 55)).as("straight through").isTrue();
        assertThat(obstacles.blocked(40, 40, 70, 70)).as("diagonal through").isTrue();
        assertThat(obstacles.blocked(40, 60, 50, 60)).as("ends on the corner").isTrue();
        assertThat(obstacles.blocked(55, 40, 55, 49.9)).as("stops short").isFalse();
        assertThat(obstacles.blocked(40, 61, 70, 61)).as("passes above").isFalse();
        assertThat(obstacles.blocked(45, 40, 45, 70)).as("vertical beside").isFalse();
        assertThat(obstacles.blocked(55, 40, 55, 70)).as("vertical through").isTrue();
        assertThat(obstacles.blocked(40, 45, 48, 53)).as("diagonal that misses the corner").isFalse();
        assertThat(obstacles.blocked(55, 55, 55, 55)).as("a point inside").isTrue();
        assertThat(obstacles.contains(50, 50)).isTrue();
        assertThat(obstacles.contains(49.9, 50)).isFalse();
        assertThat(obstacles.contains(55, 61)).isFalse();
    }

    @Test
    void shouldIndexBoxesSpanningManyCellsAndGrowItsLists() {
        Obstacles obstacles = new Obstacles(100, 100, 10);
        for (int i = 0; i < 40; i++) {
            obstacles.add(1 + 0.1 * i, 1, 1.05 + 0.1 * i, 2);
        }
        int wall = obstacles.add(5, 20, 95, 22);

        assertThat(obstacles.size()).isEqualTo(41);
        assertThat(obstacles.box(wall)).containsExactly(5, 20, 95, 22);
        assertThat(obstacles.blocked(90, 10, 90, 30)).isTrue();
        assertThat(obstacles.blocked(2.52, 0, 2.52, 5)).isTrue();
        assertThat(obstacles.contains(4.02, 1.5)).isTrue();
        assertThat(new Obstacles(10, 10, 5).blocked(0, 0, 10, 10)).as("no boxes").isFalse();
        assertThat(new Obstacles(10, 10, 5).contains(1, 1)).isFalse();
        assertThatThrownBy(() -> obstacles.box(41)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldClampQueriesOutsideTheWorldToItsEdgeCells() {
        Obstacles obstacles = new Obstacles(100, 100, 10);
        obstacles.add(95, 95, 120, 120);
        assertThat(obstacles.contains(110, 110)).isTrue();
        assertThat(obstacles.blocked(-5, -5, 150, 150)).isTrue();
    }

    @Test
    void shouldRefuseEmptyOrNonFiniteBoxesAndIndexes() {
        Obstacles obstacles = new Obstacles(100, 100, 10);
        assertThatThrownBy(() -> obstacles.add(5, 5, 5, 6)).hasMessage("obstacle : (5.0, 5.0) - (5.0, 6.0) (expected: finite, max > min)");
        assertThatThrownBy(() -> obstacles.add(5, 5, 6, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> obstacles.add(Double.NaN, 5, 6, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> obstacles.add(0, Double.NEGATIVE_INFINITY, 6, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> obstacles.add(0, 0, Double.POSITIVE_INFINITY, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> obstacles.add(0, 0, 6, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(10, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(10, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(Double.POSITIVE_INFINITY, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(10, Double.POSITIVE_INFINITY, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Obstacles(10, 10, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
