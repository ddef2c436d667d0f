package dev.ludus.sim.anticheat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DetectionMetricsTest {
    @Test
    void shouldCountPairsForTheAucWithTiesAsHalves() {
        boolean[] labels = {true, false, true, false};
        assertThat(DetectionMetrics.auc(new double[] {0.9, 0.1, 0.8, 0.2}, labels)).isEqualTo(1.0);
        assertThat(DetectionMetrics.auc(new double[] {0.1, 0.9, 0.2, 0.8}, labels)).isEqualTo(0.0);
        // pairs (p, n): (0.9, 0.5) win, (0.9, 0.5) win, (0.5, 0.5) tie, (0.5, 0.5) tie -> (2 + 1) / 4
        assertThat(DetectionMetrics.auc(new double[] {0.9, 0.5, 0.5, 0.5}, labels)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void shouldRejectMismatchedOrOneClassInput() {
        assertThatThrownBy(() -> DetectionMetrics.auc(new double[] {1}, new boolean[] {true, false}))
            .hasMessage("scores, labels : 1, 2 (expected: equal lengths)");
        assertThatThrownBy(() -> DetectionMetrics.auc(new double[] {1, 2}, new boolean[] {true, true}))
            .hasMessage("positives, negatives : 2, 0 (expected: both > 0)");
        assertThatThrownBy(() -> DetectionMetrics.auc(new double[] {1, 2}, new boolean[] {false, false}))
            .hasMessage("positives, negatives : 0, 2 (expected: both > 0)");
    }

    @Test
    void shouldGivePrecisionAndRecallAtAThresholdAndPickTheBestF1() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] labels = {true, true, false, true, false, false};
        DetectionMetrics.PrecisionRecall pr = DetectionMetrics.at(scores, labels, 0.7);
        assertThat(pr.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(pr.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(pr.threshold()).isEqualTo(0.7);
        // 0.8: P 1, R 2/3, F1 0.8; 0.6: P 3/4, R 1, F1 6/7 (best)
        assertThat(DetectionMetrics.bestF1Threshold(scores, labels)).isEqualTo(0.6);
        assertThat(DetectionMetrics.bestF1Threshold(new double[] {0.3, 0.3}, new boolean[] {false, true}))
            .as("equal F1: the lowest threshold").isEqualTo(0.3);
        assertThat(DetectionMetrics.bestF1Threshold(new double[] {0.9, 0.1}, new boolean[] {false, true}))
            .as("no true positive above the top score").isEqualTo(0.1);
        assertThat(DetectionMetrics.at(new double[] {0.2}, new boolean[] {false}, 0.9).precision()).isNaN();
    }
}
