package io.fraudstream.trainer.report;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts (no scripts, no fonts or files from the network): the trainer's offline report and back-test
 * use the static chart methods; the benchmarks draw stacked panels sharing an x axis with {@link SvgPanels}.
 */
public final class Svg {

    /** Series colours: new model / fraud, champion / legitimate, then others. */
    static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"};

    private static final int PAD_LEFT = 52;
    private static final int PAD_BOTTOM = 36;
    private static final int PAD_TOP = 22;
    private static final int PAD_RIGHT = 12;

    private Svg() {}

    /** Series colour {@code k} (cycling): new model / fraud, champion / legitimate, then others. */
    public static String colour(int k) {
        return COLOURS[k % COLOURS.length];
    }

    /**
     * One line series.
     *
     * @param name legend name
     * @param x    x values
     * @param y    y values
     */
    record Series(String name, double[] x, double[] y) {}

    /** A line chart of {@code series} over fixed axis ranges. */
    static String lineChart(
            String title,
            String xLabel,
            String yLabel,
            List<Series> series,
            double xMin,
            double xMax,
            double yMin,
            double yMax,
            boolean diagonal,
            int width,
            int height) {
        StringBuilder s = open(width, height, title);
        axes(s, xLabel, yLabel, xMin, xMax, yMin, yMax, width, height);
        if (diagonal) {
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#bbb' stroke-dasharray='4 3'/>",
                    px(xMin, xMin, xMax, width),
                    py(yMin, yMin, yMax, height),
                    px(xMax, xMin, xMax, width),
                    py(yMax, yMin, yMax, height)));
        }
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < se.x().length; i++) {
                if (Double.isFinite(se.x()[i])
                        && Double.isFinite(se.y()[i])
                        && se.x()[i] <= xMax
                        && se.y()[i] <= yMax) {
                    pts.append(String.format(
                            Locale.ROOT,
                            "%.1f,%.1f ",
                            px(se.x()[i], xMin, xMax, width),
                            py(se.y()[i], yMin, yMax, height)));
                }
            }
            s.append("<polyline fill='none' stroke-width='1.8' stroke='")
                    .append(COLOURS[k % COLOURS.length])
                    .append("' points='")
                    .append(pts)
                    .append("'/>");
            legend(s, k, se.name(), width);
        }
        return s.append("</svg>").toString();
    }

    /** Overlaid step histograms (bins equal width over [lower, upper]). */
    static String histograms(
            String title,
            String xLabel,
            double lower,
            double upper,
            List<String> names,
            List<double[]> hists,
            int width,
            int height,
            boolean logY) {
        double yMax = 0;
        double yMinPositive = Double.MAX_VALUE;
        for (double[] h : hists) {
            for (double v : h) {
                yMax = Math.max(yMax, v);
                if (v > 0) {
                    yMinPositive = Math.min(yMinPositive, v);
                }
            }
        }
        if (yMax <= 0) {
            yMax = 1;
        }
        double yLo = logY ? Math.log10(Math.min(yMinPositive, yMax) / 2) : 0;
        double yHi = logY ? Math.log10(yMax) : yMax * 1.05;
        if (yHi <= yLo) {
            yHi = yLo + 1;
        }
        StringBuilder s = open(width, height, title);
        axes(s, xLabel, logY ? "share (log10)" : "share of class", lower, upper, yLo, yHi, width, height);
        for (int k = 0; k < hists.size(); k++) {
            double[] h = hists.get(k);
            int bins = h.length;
            StringBuilder d = new StringBuilder();
            for (int b = 0; b < bins; b++) {
                double x0 = lower + (upper - lower) * b / bins;
                double x1 = lower + (upper - lower) * (b + 1) / bins;
                double v = logY ? (h[b] > 0 ? Math.log10(h[b]) : yLo) : h[b];
                double y = py(v, yLo, yHi, height);
                d.append(
                        b == 0
                                ? String.format(
                                        Locale.ROOT,
                                        "M%.1f,%.1f ",
                                        px(x0, lower, upper, width),
                                        py(yLo, yLo, yHi, height))
                                : "");
                d.append(String.format(
                        Locale.ROOT,
                        "L%.1f,%.1f L%.1f,%.1f ",
                        px(x0, lower, upper, width),
                        y,
                        px(x1, lower, upper, width),
                        y));
            }
            d.append(String.format(
                    Locale.ROOT, "L%.1f,%.1f", px(upper, lower, upper, width), py(yLo, yLo, yHi, height)));
            String c = COLOURS[k % COLOURS.length];
            s.append("<path d='")
                    .append(d)
                    .append("' fill='")
                    .append(c)
                    .append("' fill-opacity='0.18' stroke='")
                    .append(c)
                    .append("' stroke-width='1.3'/>");
            legend(s, k, names.get(k), width);
        }
        return s.append("</svg>").toString();
    }

    /** A horizontal bar chart (values may be negative). */
    static String horizontalBars(String title, List<String> labels, double[] values, String format, int width) {
        int rowH = 16;
        int labelW = 230;
        int height = PAD_TOP + 10 + rowH * labels.size();
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        if (max == 0) {
            max = 1;
        }
        boolean negatives = java.util.Arrays.stream(values).anyMatch(v -> v < 0);
        double plotW = width - labelW - 70;
        double zero = labelW + (negatives ? plotW / 2 : 0);
        double scale = (negatives ? plotW / 2 : plotW) / max;
        StringBuilder s = open(width, height, title);
        for (int i = 0; i < labels.size(); i++) {
            double v = Double.isFinite(values[i]) ? values[i] : 0;
            double y = PAD_TOP + 6 + i * rowH;
            double x = v >= 0 ? zero : zero + v * scale;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>",
                    labelW - 6,
                    y + 11,
                    esc(labels.get(i))));
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x='%.1f' y='%.1f' width='%.1f' height='%d' fill='%s'/>",
                    x,
                    y + 2,
                    Math.abs(v) * scale,
                    rowH - 4,
                    v >= 0 ? COLOURS[0] : COLOURS[1]));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%.1f' font-size='10'>%s</text>",
                    Math.max(x + Math.abs(v) * scale, zero) + 4,
                    y + 11,
                    esc(Double.isFinite(values[i]) ? String.format(Locale.ROOT, format, values[i]) : "n/a")));
        }
        s.append(String.format(
                Locale.ROOT,
                "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#555'/>",
                zero,
                PAD_TOP,
                zero,
                height - 4));
        return s.append("</svg>").toString();
    }

    /** Vertical bars of {@code values} (one per label) with a line of {@code rates} on a second axis. */
    static String barsWithRate(
            String title,
            List<String> labels,
            double[] values,
            double[] rates,
            String valueLabel,
            String rateLabel,
            int width,
            int height) {
        double vMax = 1;
        double rMax = 1e-9;
        for (int i = 0; i < values.length; i++) {
            vMax = Math.max(vMax, values[i]);
            rMax = Math.max(rMax, rates[i]);
        }
        StringBuilder s = open(width, height, title);
        axes(s, "day", valueLabel, 0, labels.size(), 0, vMax * 1.05, width, height);
        double bw = (width - PAD_LEFT - PAD_RIGHT) / (double) Math.max(1, labels.size());
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            double x = PAD_LEFT + i * bw;
            double y = py(values[i], 0, vMax * 1.05, height);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s' fill-opacity='0.5'><title>%s: %s rows, fraud rate %.3f%%</title></rect>",
                    x + 0.5,
                    y,
                    Math.max(0.5, bw - 1),
                    height - PAD_BOTTOM - y,
                    COLOURS[1],
                    esc(labels.get(i)),
                    (long) values[i],
                    rates[i] * 100));
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + bw / 2, py(rates[i], 0, rMax * 1.1, height)));
        }
        s.append("<polyline fill='none' stroke-width='1.8' stroke='")
                .append(COLOURS[0])
                .append("' points='")
                .append(line)
                .append("'/>");
        s.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='%d' font-size='11' text-anchor='end' fill='%s'>%s (max %.3f%%)</text>",
                width - PAD_RIGHT,
                PAD_TOP - 8,
                COLOURS[0],
                esc(rateLabel),
                rMax * 100));
        if (!labels.isEmpty()) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' font-size='10'>%s</text>",
                    PAD_LEFT,
                    height - 4,
                    esc(labels.get(0))));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' font-size='10' text-anchor='end'>%s</text>",
                    width - PAD_RIGHT,
                    height - 4,
                    esc(labels.get(labels.size() - 1))));
        }
        return s.append("</svg>").toString();
    }

    /**
     * Grouped vertical bars: for each category (x), one bar per series, on a y axis from 0 to {@code yMax}; values
     * that are not finite are drawn as missing.
     */
    static String groupedBars(
            String title,
            String yLabel,
            List<String> categories,
            List<String> seriesNames,
            double[][] values,
            double yMax,
            int width,
            int height) {
        StringBuilder s = open(width, height, title);
        axes(s, null, yLabel, 0, 1, 0, yMax, width, height); // no x axis: categories
        double groupW = (width - PAD_LEFT - PAD_RIGHT) / (double) Math.max(1, categories.size());
        double barW = groupW * 0.8 / Math.max(1, seriesNames.size());
        for (int c = 0; c < categories.size(); c++) {
            double x0 = PAD_LEFT + c * groupW + groupW * 0.1;
            for (int k = 0; k < seriesNames.size(); k++) {
                double v = values[k][c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double y = py(Math.min(v, yMax), 0, yMax, height);
                s.append(String.format(
                        Locale.ROOT,
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s, %s: %.4f</title></rect>",
                        x0 + k * barW,
                        y,
                        Math.max(0.5, barW - 1),
                        height - PAD_BOTTOM - y,
                        COLOURS[k % COLOURS.length],
                        esc(categories.get(c)),
                        esc(seriesNames.get(k)),
                        v));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>",
                    PAD_LEFT + (c + 0.5) * groupW,
                    height - PAD_BOTTOM + 24,
                    esc(categories.get(c))));
        }
        for (int k = 0; k < seriesNames.size(); k++) {
            legend(s, k, seriesNames.get(k), width);
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif'>",
                width,
                height,
                width,
                height));
        s.append(String.format(
                Locale.ROOT, "<text x='%d' y='14' font-size='12' font-weight='bold'>%s</text>", PAD_LEFT, esc(title)));
        return s;
    }

    private static void axes(
            StringBuilder s,
            String xLabel,
            String yLabel,
            double xMin,
            double xMax,
            double yMin,
            double yMax,
            int width,
            int height) {
        int x0 = PAD_LEFT;
        int y0 = height - PAD_BOTTOM;
        s.append(String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>",
                x0,
                PAD_TOP,
                width - PAD_LEFT - PAD_RIGHT,
                y0 - PAD_TOP));
        for (int t = 0; t <= 4; t++) {
            double xv = xMin + (xMax - xMin) * t / 4;
            double yv = yMin + (yMax - yMin) * t / 4;
            if (xLabel != null) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>",
                        px(xv, xMin, xMax, width),
                        y0 + 13,
                        tick(xv)));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>",
                    x0 - 4,
                    py(yv, yMin, yMax, height) + 3,
                    tick(yv)));
        }
        if (xLabel != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>",
                    (x0 + width - PAD_RIGHT) / 2,
                    height - 4,
                    esc(xLabel)));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x='12' y='%d' font-size='11' text-anchor='middle' transform='rotate(-90 12 %d)'>%s</text>",
                (PAD_TOP + y0) / 2,
                (PAD_TOP + y0) / 2,
                esc(yLabel)));
    }

    private static void legend(StringBuilder s, int k, String name, int width) {
        int y = PAD_TOP + 14 + 14 * k;
        s.append(String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d' font-size='11'>%s</text>",
                width - PAD_RIGHT - 150,
                y - 9,
                COLOURS[k % COLOURS.length],
                width - PAD_RIGHT - 136,
                y,
                esc(name)));
    }

    private static double px(double x, double min, double max, int width) {
        double span = max - min == 0 ? 1 : max - min;
        return PAD_LEFT + (x - min) / span * (width - PAD_LEFT - PAD_RIGHT);
    }

    private static double py(double y, double min, double max, int height) {
        double span = max - min == 0 ? 1 : max - min;
        return height - PAD_BOTTOM - (y - min) / span * (height - PAD_BOTTOM - PAD_TOP);
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-2)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.2f", v);
    }

    /** Escapes text for XML/HTML. */
    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
