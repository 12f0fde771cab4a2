package io.fraudstream.trainer.report;

import java.util.Locale;

/** A document of stacked panels sharing the x axis: lines, dashed levels, a legend right of each panel. */
public final class SvgPanels {
    private static final int PANEL_HEIGHT = 300;
    private static final int LEFT = 70;
    /** Room right of the plot for the legend. */
    private static final int RIGHT = 300;

    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private final int width;
    private final StringBuilder svg = new StringBuilder();
    private int top;
    private double xMax;
    private double yMax;
    private boolean logY;
    private int legendRows;

    /** A document {@code width} pixels wide with room for {@code panels} panels. */
    public SvgPanels(int width, int panels) {
        this.width = width;
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                        + "font-family='sans-serif' font-size='11'><rect width='100%%' height='100%%' fill='white'/>%n",
                width,
                panels * PANEL_HEIGHT));
    }

    /** Starts panel {@code index}: title, axes and ticks over [0, xMax] x [0, yMax] (y from 1, log10, if {@code logY}). */
    public void panel(int index, String title, String yLabel, double xMax, double yMax, boolean logY) {
        this.top = index * PANEL_HEIGHT;
        this.xMax = xMax;
        this.yMax = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(10, yMax)))) : yMax;
        this.logY = logY;
        this.legendRows = 0;
        int x0 = LEFT;
        int y0 = top + PANEL_HEIGHT - BOTTOM;
        svg.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='%d' font-size='13' font-weight='bold'>%s</text>%n",
                LEFT,
                top + 18,
                Svg.esc(title)));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>"
                        + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n",
                x0,
                y0,
                width - RIGHT,
                y0,
                x0,
                y0,
                x0,
                top + TOP));
        for (double v : ticks(xMax)) {
            svg.append(String.format(
                    Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%,.0f</text>%n", px(v), y0 + 15, v));
        }
        for (double v : logY ? powersOfTen(this.yMax) : ticks(yMax)) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eeeeee'/>"
                            + "<text x='%d' y='%.1f' text-anchor='end'>%,.0f</text>%n",
                    x0 + 1,
                    py(v),
                    width - RIGHT,
                    py(v),
                    x0 - 5,
                    py(v) + 4,
                    v));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text transform='translate(14,%d) rotate(-90)' text-anchor='middle'>%s</text>%n",
                top + (TOP + PANEL_HEIGHT - BOTTOM) / 2,
                Svg.esc(yLabel)));
    }

    /** A polyline with dots (points with a non-finite y are left out). */
    public void line(double[] x, double[] y, String colour, boolean dashed, String name) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                double cy = py(Math.min(y[i], yMax));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x[i]), cy));
                if (!dashed) {
                    svg.append(String.format(
                            Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", px(x[i]), cy, colour));
                }
            }
        }
        svg.append(String.format(
                Locale.ROOT,
                "<polyline fill='none' stroke='%s' stroke-width='1.8'%s points='%s'/>%n",
                colour,
                dashed ? " stroke-dasharray='5 4'" : "",
                points.toString().trim()));
        legend(colour, dashed, name);
    }

    /** A dashed horizontal line at {@code y}; drawn at the top, marked off scale, if above the axis. */
    public void level(double y, String colour, String name) {
        if (!Double.isFinite(y)) {
            return;
        }
        boolean offScale = y > yMax;
        double cy = py(Math.min(y, yMax));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='%s' stroke-width='1.5' "
                        + "stroke-dasharray='8 4'/>%n",
                LEFT,
                cy,
                width - RIGHT,
                cy,
                colour));
        legend(colour, true, offScale ? name + " (off scale, above)" : name);
    }

    private void legend(String colour, boolean dashed, String name) {
        int y = top + TOP + 8 + 15 * legendRows++;
        int x = width - RIGHT + 16;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='2'%s/>"
                        + "<text x='%d' y='%d'>%s</text>%n",
                x,
                y,
                x + 22,
                y,
                colour,
                dashed ? " stroke-dasharray='5 3'" : "",
                x + 28,
                y + 4,
                Svg.esc(name)));
    }

    /** Closes the document, labelling the shared x axis under the last panel. */
    public String finish(String xLabel) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n</svg>%n",
                (LEFT + width - RIGHT) / 2,
                top + PANEL_HEIGHT - 6,
                Svg.esc(xLabel)));
        return svg.toString();
    }

    private double px(double x) {
        return LEFT + x / xMax * (width - LEFT - RIGHT);
    }

    private double py(double y) {
        int y0 = top + PANEL_HEIGHT - BOTTOM;
        double share = logY ? Math.log10(Math.max(1, y)) / Math.log10(yMax) : y / yMax;
        return y0 - share * (y0 - top - TOP);
    }

    private static double[] powersOfTen(double max) {
        int n = (int) Math.round(Math.log10(max));
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = Math.pow(10, i);
        }
        return t;
    }

    /** The smallest multiple of the tick step (1, 2 or 5 times a power of ten, about a fifth of {@code v}) at or above {@code v}. */
    public static double niceCeiling(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return 1;
        }
        double step = step(v);
        return Math.ceil(v / step) * step;
    }

    private static double step(double max) {
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }

    private static double[] ticks(double max) {
        double step = step(max);
        int n = (int) Math.floor(max / step + 1e-9);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = i * step;
        }
        return t;
    }
}
