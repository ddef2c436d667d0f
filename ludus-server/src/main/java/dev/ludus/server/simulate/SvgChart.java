package dev.ludus.server.simulate;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: no scripts, no external resources, so a report opens offline.
 * Series share one x axis (ticks here) and one y axis from 0; horizontal reference lines mark
 * thresholds, and a shaded band marks a stretch of x (the warm-up).
 *
 * @param series    the lines to draw; NaN values are skipped
 * @param lines     horizontal reference lines, always inside the y range
 * @param xMax      right end of the x axis, {@code > 0}
 * @param xUnit     written after the x axis's end value, e.g. {@code ticks}
 * @param shadeToX  x up to which the band from 0 is shaded; 0 for none
 * @param shadeLabel written in the band
 */
record SvgChart(List<Series> series, List<Line> lines, double xMax, String xUnit, double shadeToX,
                String shadeLabel) {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 230;
    private static final int LEFT = 55;
    private static final int RIGHT = 25;
    private static final int TOP = 22;
    private static final int BOTTOM = 28;

    /**
     * One line of the chart.
     *
     * @param label  legend text
     * @param colour CSS colour
     * @param x      x of each point
     * @param y      y of each point, same length as {@code x}
     */
    record Series(String label, String colour, double[] x, double[] y) {
    }

    /**
     * A horizontal reference line, dashed.
     *
     * @param label  written at its right end
     * @param colour CSS colour
     * @param y      its height in the chart's unit
     */
    record Line(String label, String colour, double y) {
    }

    /** @return the chart as one {@code <svg>} element */
    String svg() {
        double dataMax = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    dataMax = Math.max(dataMax, v);
                }
            }
        }
        for (Line line : lines) {
            dataMax = Math.max(dataMax, line.y());
        }
        double top = dataMax > 0 ? dataMax * 1.05 : 1;
        double yStep = niceStep(top, 4);
        double yMax = yStep * Math.ceil(top / yStep);
        double right = xMax > 0 ? xMax : 1;
        StringBuilder svg = new StringBuilder(8_192);
        svg.append(fmt("<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "font-family=\"sans-serif\" font-size=\"11\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        if (shadeToX > 0) {
            double x1 = px(Math.min(shadeToX, right), right);
            svg.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eeeeee\"/>",
                LEFT, TOP, x1 - LEFT, HEIGHT - BOTTOM - TOP));
            svg.append(fmt("<text x=\"%d\" y=\"%d\" fill=\"#777\">%s</text>", LEFT + 4, TOP + 12, escape(shadeLabel)));
        }
        for (int i = 0; i * yStep <= yMax * (1 + 1e-9); i++) {
            double y = py(i * yStep, yMax);
            svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", LEFT, y, WIDTH - RIGHT, y,
                i == 0 ? "#888" : "#e4e4e4"));
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4, y + 4,
                label(i * yStep, yStep)));
        }
        double xStep = niceStep(right, 6);
        for (int i = 0; i * xStep <= right * (1 + 1e-9); i++) {
            double x = px(i * xStep, right);
            svg.append(fmt("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>", x, HEIGHT - BOTTOM, x,
                HEIGHT - BOTTOM + 4));
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, HEIGHT - BOTTOM + 16,
                label(i * xStep, xStep)));
        }
        svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LEFT - 16, HEIGHT - BOTTOM + 16,
            escape(xUnit)));
        for (Line line : lines) {
            double y = py(line.y(), yMax);
            svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6,4\"/>",
                LEFT, y, WIDTH - RIGHT, y, line.colour()));
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>", WIDTH - RIGHT - 2,
                y - 3, line.colour(), escape(line.label())));
        }
        int legendX = LEFT + 4;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isNaN(s.y()[i])) {
                    points.append(fmt("%.1f,%.1f ", px(s.x()[i], right), py(s.y()[i], yMax)));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(s.colour())
                .append("\" points=\"").append(points.toString().strip()).append("\"/>");
            svg.append(fmt("<text x=\"%d\" y=\"14\" font-size=\"12\" fill=\"%s\">%s</text>", legendX, s.colour(),
                escape(s.label())));
            legendX += 20 + 7 * s.label().length();
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A step of 1, 2 or 5 times a power of ten that cuts {@code range} into at most about {@code parts}
     * parts, so that axis labels read as round numbers.
     *
     * @param range the extent to cut, {@code > 0}
     * @param parts how many parts are wanted, {@code >= 1}
     * @return the step, {@code > 0}
     */
    static double niceStep(double range, int parts) {
        double raw = range / parts;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** A value on an axis whose labels are {@code step} apart: as many decimals as the step needs. */
    private static String label(double value, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return fmt("%." + decimals + "f", value);
    }

    private static double px(double x, double xMax) {
        return LEFT + (WIDTH - LEFT - RIGHT) * x / xMax;
    }

    private static double py(double y, double yMax) {
        return (HEIGHT - BOTTOM) - (HEIGHT - BOTTOM - TOP) * y / yMax;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** @return the text with {@code &}, {@code <}, {@code >} and {@code "} escaped for HTML */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
