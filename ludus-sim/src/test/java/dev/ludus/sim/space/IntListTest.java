package dev.ludus.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntListTest {

    @Test
    void shouldKeepValuesInInsertionOrderWhileGrowingPastItsCapacity() {
        IntList list = new IntList(0);

        for (int i = 0; i < 1000; i++) {
            list.add(i * 3);
        }

        assertThat(list.size()).isEqualTo(1000);
        assertThat(list.get(0)).isZero();
        assertThat(list.get(999)).isEqualTo(2997);
        assertThat(list.toArray()).hasSize(1000).startsWith(0, 3, 6).endsWith(2994, 2997);
    }

    @Test
    void shouldEmptyOnClearAndBeReusable() {
        IntList list = new IntList(2);
        list.add(7);
        list.add(8);
        list.add(9);

        list.clear();
        list.add(42);

        assertThat(list.size()).isEqualTo(1);
        assertThat(list.toArray()).containsExactly(42);
    }

    @Test
    void shouldRejectIndicesOutsideTheListEvenWithinItsCapacity() {
        IntList list = new IntList(16);
        list.add(1);

        assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        list.clear();
        assertThatThrownBy(() -> list.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldReturnACopyFromToArray() {
        IntList list = new IntList(4);
        list.add(5);

        int[] copy = list.toArray();
        copy[0] = 99;

        assertThat(list.get(0)).isEqualTo(5);
    }

    @Test
    void shouldRejectANegativeInitialCapacity() {
        assertThatThrownBy(() -> new IntList(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("initialCapacity : -1 (expected: >= 0)");
    }

    @Test
    void shouldAppendAnotherListInOrderGrowingAsNeeded() {
        IntList list = new IntList(1);
        list.add(9);
        IntList other = new IntList(0);
        for (int i = 0; i < 20; i++) {
            other.add(i);
        }

        list.addAll(other);
        list.addAll(new IntList(0));

        assertThat(list.size()).isEqualTo(21);
        assertThat(list.get(0)).isEqualTo(9);
        assertThat(list.get(20)).isEqualTo(19);
        assertThat(other.size()).as("the other list is left alone").isEqualTo(20);
    }
}
