package dev.ludus.sim.physics;

import dev.ludus.sim.space.RegionMap;
import dev.ludus.sim.space.Regionizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RigidBodiesTest {
    @Test
    void shouldAddBodiesAtRestClampedIntoTheWorld() {
        RigidBodies bodies = new RigidBodies(100, 50);
        assertThat(bodies.add(-5, 60, 0.5, 100)).isZero();
        assertThat(bodies.add(10, 20, 1, 200)).isEqualTo(1);
        assertThat(bodies.size()).isEqualTo(2);
        assertThat(bodies.x(0)).isZero();
        assertThat(bodies.y(0)).isEqualTo(50);
        assertThat(bodies.radius(1)).isEqualTo(1);
        assertThat(bodies.vx(1)).isZero();
        assertThat(bodies.vy(1)).isZero();
        assertThat(bodies.mass(1)).isEqualTo(200);
        assertThat(bodies.body(1).getMass().getMass()).isCloseTo(200, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldBindEachBodyToTheEntityThatShowsItOnce() {
        RigidBodies bodies = new RigidBodies(100, 50);
        for (int i = 0; i < 20; i++) {
            bodies.add(i, i, 0.5, 10);
        }
        assertThat(bodies.entityId(3)).as("unbound").isEqualTo(-1);
        assertThat(bodies.bodyOf(42)).isEqualTo(-1);
        bodies.bind(3, 42);
        bodies.bind(19, 7);
        assertThat(bodies.entityId(3)).isEqualTo(42);
        assertThat(bodies.bodyOf(42)).isEqualTo(3);
        assertThat(bodies.bodyOf(7)).isEqualTo(19);
        assertThatThrownBy(() -> bodies.bind(3, 43)).hasMessage("body 3, entity 43 (expected: an unbound body and an id >= 0)");
        assertThatThrownBy(() -> bodies.bind(4, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bodies.bind(20, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRejectBadBodiesAndVelocities() {
        RigidBodies bodies = new RigidBodies(100, 50);
        assertThatThrownBy(() -> bodies.add(Double.NaN, 1, 1, 1)).hasMessage("position : (NaN, 1.0) (expected: finite)");
        assertThatThrownBy(() -> bodies.add(1, Double.POSITIVE_INFINITY, 1, 1)).hasMessageStartingWith("position : ");
        assertThatThrownBy(() -> bodies.add(1, 1, 0.01, 1)).hasMessage("radiusMetres : 0.01 (expected: 0.05 to 10)");
        assertThatThrownBy(() -> bodies.add(1, 1, 11, 1)).hasMessage("radiusMetres : 11.0 (expected: 0.05 to 10)");
        assertThatThrownBy(() -> bodies.add(1, 1, 1, 0)).hasMessage("massKg : 0.0 (expected: 0.1 to 100000)");
        assertThatThrownBy(() -> bodies.add(1, 1, 1, 1e6)).hasMessage("massKg : 1000000.0 (expected: 0.1 to 100000)");
        bodies.add(1, 1, 1, 1);
        assertThatThrownBy(() -> bodies.setVelocity(0, Double.NaN, 0)).hasMessage("velocity : (NaN, 0.0) (expected: finite)");
        assertThatThrownBy(() -> bodies.setVelocity(0, 0, Double.NEGATIVE_INFINITY)).hasMessageStartingWith("velocity : ");
        assertThatThrownBy(() -> bodies.setVelocity(1, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> bodies.x(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RigidBodies(0, 1)).hasMessage("world : 0.0 x 1.0 m (expected: positive and finite)");
        assertThatThrownBy(() -> new RigidBodies(1, Double.NaN)).hasMessageStartingWith("world : ");
        assertThatThrownBy(() -> new RigidBodies(Double.POSITIVE_INFINITY, 1)).hasMessageStartingWith("world : ");
        assertThatThrownBy(() -> new RigidBodies(1, Double.POSITIVE_INFINITY)).hasMessageStartingWith("world : ");
    }

    @Test
    void shouldGrowPastItsInitialCapacity() {
        RigidBodies bodies = new RigidBodies(1000, 1000);
        for (int i = 0; i < 100; i++) {
            bodies.add(i * 10, i, 0.5, 10);
        }
        assertThat(bodies.size()).isEqualTo(100);
        assertThat(bodies.x(99)).isEqualTo(990);
    }

    @Test
    void shouldListEachBodyUnderTheRegionOwningItsCellAndNoneInDormantCells() {
        RigidBodies bodies = new RigidBodies(1000, 1000);
        bodies.add(100, 100, 0.5, 10);   // near player A
        bodies.add(900, 900, 0.5, 10);   // near player B
        bodies.add(500, 500, 0.5, 10);   // dormant
        bodies.add(110, 100, 0.5, 10);   // near player A
        RegionMap map = new Regionizer(1000, 1000, 25, 50, 1).reform(new double[] {100, 900}, new double[] {100, 900}, 2);
        bodies.assign(map);
        int a = map.regionOf(100, 100);
        int b = map.regionOf(900, 900);
        assertThat(bodies.ofRegion(a).toArray()).containsExactly(0, 3);
        assertThat(bodies.ofRegion(b).toArray()).containsExactly(1);
        RegionMap one = new Regionizer(1000, 1000, 25, 50, 1).reform(new double[] {900}, new double[] {900}, 1);
        bodies.assign(one);
        assertThat(bodies.ofRegion(0).toArray()).containsExactly(1);
        assertThatThrownBy(() -> bodies.ofRegion(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldHashStateInOrderAndStopAComponentThatCrossesAnEdge() {
        RigidBodies bodies = new RigidBodies(100, 100);
        assertThat(bodies.stateHash()).isZero();
        bodies.add(50, 50, 0.5, 10);
        long before = bodies.stateHash();
        bodies.setVelocity(0, 3, -4);
        assertThat(bodies.stateHash()).isNotEqualTo(before);
        bodies.store(0, 120, -3, 3, -4);
        assertThat(bodies.x(0)).isEqualTo(100);
        assertThat(bodies.y(0)).isZero();
        assertThat(bodies.vx(0)).isZero();
        assertThat(bodies.vy(0)).isZero();
        bodies.store(0, -1, 101, 3, -4);
        assertThat(bodies.x(0)).isZero();
        assertThat(bodies.y(0)).isEqualTo(100);
        bodies.store(0, 10, 20, 3, -4);
        assertThat(bodies.vx(0)).isEqualTo(3);
        assertThat(bodies.vy(0)).isEqualTo(-4);
        assertThat(bodies.widthMetres()).isEqualTo(100);
        assertThat(bodies.heightMetres()).isEqualTo(100);
    }
}
