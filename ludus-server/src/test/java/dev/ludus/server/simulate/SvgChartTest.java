package dev.ludus.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void shouldCutAxesAtOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.niceStep(55, 4)).isEqualTo(20);
        assertThat(SvgChart.niceStep(1200, 6)).isEqualTo(200);
        assertThat(SvgChart.niceStep(3000, 6)).isEqualTo(500);
        assertThat(SvgChart.niceStep(1, 4)).isEqualTo(0.5);
        assertThat(SvgChart.niceStep(100, 10)).isEqualTo(10);
    }

    @Test
    void shouldDrawSeriesLinesAndTheShadedBandWithoutScripts() {
        SvgChart chart = new SvgChart(
            List.of(new SvgChart.Series("mean <ms>", "#1f77b4", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3})),
            List.of(new SvgChart.Line("budget 50 ms", "#d62728", 50)), 3, "ticks", 1, "warm-up");
        String svg = chart.svg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("<script");
        assertThat(svg).contains("mean &lt;ms&gt;").contains("budget 50 ms").contains("warm-up").contains("<rect");
        // Two points drawn, the NaN skipped; the budget line is inside the axis, which ends at 60.
        assertThat(svg).containsPattern("points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+\"");
        assertThat(svg).contains(">60<").doesNotContain(">70<");
    }

    @Test
    void shouldDrawAnEmptyChartWithoutFailing() {
        String svg = new SvgChart(List.of(), List.of(), 0, "ticks", 0, "").svg();
        assertThat(svg).startsWith("<svg").doesNotContain("<rect").contains(">1.0<").doesNotContain("NaN");
    }

    @Test
    void shouldEscapeTextForHtml() {
        assertThat(SvgChart.escape("a < b & \"c\" > d")).isEqualTo("a &lt; b &amp; &quot;c&quot; &gt; d");
    }
}
