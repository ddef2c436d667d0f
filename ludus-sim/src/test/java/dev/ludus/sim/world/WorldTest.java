package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.space.IntList;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorldTest {
    private static final WorldConfig CONFIG = new WorldConfig(100, 50, 10, 20, 20, 8, 50, 25, 0, 5, 1);

    private final World world = new World(CONFIG);

    @Test
    void shouldSpawnEntitiesAtRestWithIdsCountingUpFromOne() {
        int a = world.spawn(EntityKind.PLAYER, 10, 20);
        int b = world.spawn(EntityKind.NPC, 30, 40);

        assertThat(world.id(a)).isEqualTo(1);
        assertThat(world.id(b)).isEqualTo(2);
        assertThat(world.kind(a)).isEqualTo(EntityKind.PLAYER);
        assertThat(world.kind(b)).isEqualTo(EntityKind.NPC);
        assertThat(world.x(b)).isEqualTo(30);
        assertThat(world.y(b)).isEqualTo(40);
        assertThat(world.vx(a)).isZero();
        assertThat(world.vy(a)).isZero();
        assertThat(world.entityCount()).isEqualTo(2);
        assertThat(world.isLive(a)).isTrue();
        assertThat(world.config()).isSameAs(CONFIG);
    }

    @ParameterizedTest
    @CsvSource({"-5,10,0,10", "105,10,100,10", "10,-1,10,0", "10,51,10,50", "-1e300,1e300,0,50"})
    void shouldClampASpawnOutsideTheWorldOntoItsEdge(double x, double y, double expectedX, double expectedY) {
        int slot = world.spawn(EntityKind.NPC, x, y);

        assertThat(world.x(slot)).isEqualTo(expectedX);
        assertThat(world.y(slot)).isEqualTo(expectedY);
    }

    @ParameterizedTest
    @CsvSource({"NaN,1", "1,NaN", "Infinity,1", "1,-Infinity"})
    void shouldRejectANonFiniteSpawnPosition(double x, double y) {
        assertThatThrownBy(() -> world.spawn(EntityKind.NPC, x, y))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("position : ");
        assertThat(world.entityCount()).isZero();
    }

    @Test
    void shouldReuseTheSlotOfADespawnedEntityUnderAFreshId() {
        int first = world.spawn(EntityKind.NPC, 1, 1);
        long firstId = world.id(first);
        world.setVelocity(first, 3, 4);

        world.despawn(first);
        int second = world.spawn(EntityKind.PLAYER, 2, 2);

        assertThat(second).isEqualTo(first);
        assertThat(world.id(second)).isNotEqualTo(firstId).isEqualTo(2);
        assertThat(world.kind(second)).isEqualTo(EntityKind.PLAYER);
        assertThat(world.vx(second)).as("a reused slot starts at rest").isZero();
        assertThat(world.slotOf(firstId)).isEqualTo(-1);
        assertThat(world.slotOf(2)).isEqualTo(second);
    }

    @Test
    void shouldKeepIdsUniqueAndSlotsDenseOverManySpawnsAndDespawns() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            ids.add(world.id(world.spawn(EntityKind.NPC, i % 100, i % 50)));
        }
        for (int slot = 0; slot < 3000; slot += 2) {
            world.despawn(slot);
        }
        for (int i = 0; i < 1500; i++) {
            int slot = world.spawn(EntityKind.NPC, 0, 0);
            assertThat(slot).isLessThan(3000);
            assertThat(ids.add(world.id(slot))).as("id %s is new", world.id(slot)).isTrue();
        }

        assertThat(world.entityCount()).isEqualTo(3000);
        assertThat(world.slotLimit()).isEqualTo(3000);
        assertThat(ids).hasSize(4500);
    }

    @Test
    void shouldFindTheSlotOfALiveIdAndMinusOneOtherwise() {
        int slot = world.spawn(EntityKind.NPC, 1, 1);

        assertThat(world.slotOf(world.id(slot))).isEqualTo(slot);
        assertThat(world.slotOf(0)).isEqualTo(-1);
        assertThat(world.slotOf(99)).isEqualTo(-1);
    }

    @Test
    void shouldRejectOperationsOnASlotWithNoEntity() {
        int slot = world.spawn(EntityKind.NPC, 1, 1);
        world.despawn(slot);

        assertThatThrownBy(() -> world.despawn(slot)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("slot : 0 (expected: a live entity)");
        assertThatThrownBy(() -> world.setVelocity(slot, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.id(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.kind(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.x(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.y(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.vx(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.vy(slot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> world.despawn(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(world.isLive(slot)).isFalse();
        assertThat(world.entityCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"NaN,0", "0,NaN", "Infinity,0", "0,-Infinity"})
    void shouldRejectANonFiniteVelocity(double vx, double vy) {
        int slot = world.spawn(EntityKind.NPC, 1, 1);
        world.setVelocity(slot, 2, 3);

        assertThatThrownBy(() -> world.setVelocity(slot, vx, vy))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("velocity : ");
        assertThat(world.vx(slot)).isEqualTo(2);
        assertThat(world.vy(slot)).isEqualTo(3);
    }

    @Test
    void shouldIntegrateVelocityOverTheStep() {
        int slot = world.spawn(EntityKind.NPC, 50, 25);
        world.setVelocity(slot, 4, -2);

        world.step(0.5);
        world.step(0.5);

        assertThat(world.x(slot)).isEqualTo(54);
        assertThat(world.y(slot)).isEqualTo(23);
        assertThat(world.vx(slot)).isEqualTo(4);
        assertThat(world.vy(slot)).isEqualTo(-2);
    }

    @Test
    void shouldLeaveEntitiesAtRestWhereTheyAre() {
        int slot = world.spawn(EntityKind.NPC, 50, 25);

        world.step(1);

        assertThat(world.x(slot)).isEqualTo(50);
        assertThat(world.y(slot)).isEqualTo(25);
    }

    @ParameterizedTest(name = "from ({0},{1}) at ({2},{3}) m/s")
    @CsvSource({
        // x, y, vx, vy, expected x, expected y, expected vx, expected vy
        "98,25,5,1,100,26,0,1",      // east edge: stops moving east, keeps moving north
        "2,25,-5,-1,0,24,0,-1",      // west edge
        "50,48,1,5,51,50,1,0",       // north edge
        "50,2,-1,-5,49,0,-1,0",      // south edge
        "98,48,5,5,100,50,0,0",      // north-east corner: both components stop
        "100,25,5,0,100,25,0,0"})    // already on the edge, pushing outward
    void shouldClampAtTheWorldEdgeAndZeroTheVelocityAcrossIt(double x, double y, double vx, double vy,
                                                             double ex, double ey, double evx, double evy) {
        int slot = world.spawn(EntityKind.NPC, x, y);
        world.setVelocity(slot, vx, vy);

        world.step(1);

        assertThat(world.x(slot)).isEqualTo(ex);
        assertThat(world.y(slot)).isEqualTo(ey);
        assertThat(world.vx(slot)).isEqualTo(evx);
        assertThat(world.vy(slot)).isEqualTo(evy);
    }

    @Test
    void shouldStepTheGridSoQueriesSeeNewPositions() {
        int slot = world.spawn(EntityKind.NPC, 5, 5);
        world.setVelocity(slot, 80, 0);

        world.step(1);

        IntList out = new IntList(4);
        assertThat(world.query(5, 5, 10, out)).isZero();
        assertThat(world.query(85, 5, 0, out)).isEqualTo(1);
        assertThat(out.get(0)).isEqualTo(slot);
    }

    @Test
    void shouldHashEqualWorldsWithEqualHistoriesEqually() {
        World other = new World(CONFIG);
        for (World w : new World[] {world, other}) {
            int a = w.spawn(EntityKind.PLAYER, 10, 10);
            int b = w.spawn(EntityKind.NPC, 20, 20);
            w.setVelocity(a, 1.5, -0.5);
            w.step(0.05);
            w.despawn(b);
            w.spawn(EntityKind.NPC, 30, 30);
        }

        assertThat(world.stateHash()).isEqualTo(other.stateHash());
        assertThat(new World(CONFIG).stateHash()).isEqualTo(new World(CONFIG).stateHash());
    }

    @Test
    void shouldHashDifferentlyWhenAnyPartOfTheStateDiffers() {
        int slot = world.spawn(EntityKind.NPC, 10, 10);
        long base = world.stateHash();

        World differentKind = new World(CONFIG);
        differentKind.spawn(EntityKind.PLAYER, 10, 10);
        World differentX = new World(CONFIG);
        differentX.spawn(EntityKind.NPC, 10.000_000_1, 10);
        World differentY = new World(CONFIG);
        differentY.spawn(EntityKind.NPC, 10, 11);
        World differentVelocity = new World(CONFIG);
        differentVelocity.setVelocity(differentVelocity.spawn(EntityKind.NPC, 10, 10), 0, 1e-9);
        World differentId = new World(CONFIG);
        differentId.despawn(differentId.spawn(EntityKind.NPC, 10, 10));
        differentId.spawn(EntityKind.NPC, 10, 10);
        World empty = new World(CONFIG);

        assertThat(Set.of(base, differentKind.stateHash(), differentX.stateHash(), differentY.stateHash(),
            differentVelocity.stateHash(), differentId.stateHash(), empty.stateHash())).hasSize(7);

        world.setVelocity(slot, 1, 0);
        assertThat(world.stateHash()).isNotEqualTo(base);
        world.setVelocity(slot, 0, 0);
        assertThat(world.stateHash()).isEqualTo(base);
    }
}
