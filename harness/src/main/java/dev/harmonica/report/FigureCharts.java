package dev.harmonica.report;

import java.util.List;
import java.util.Locale;

/**
 * Small hand-written inline SVG charts for the echo, margin and trend figures: deterministic output, no scripts,
 * every label and title escaped with {@link Text#html} (the only text in them that is not ours is a variant or run
 * name).
 */
final class FigureCharts {
    private FigureCharts() {
    }

    /**
     * One point of a rate chart: a label and a note (e.g. the count) under it, the rate (NaN: no point), its interval,
     * a hover text, and whether to ring it.
     */
    record Point(String label, String note, double rate, Stats.Interval ci, String title, boolean marked) {
    }

    /** One line of a rate chart. */
    record Series(String name, String color, List<Point> points) {
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static StringBuilder open(int w, int h, String label) {
        return new StringBuilder(1024).append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
                .append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"").append(Text.html(label)).append("\">");
    }

    /**
     * Rates (0..1) with 95% whiskers over categorical x positions shared by every series (labels from the first
     * series); points of one series joined by a line; marked points ringed in red.
     */
    static String rates(List<Series> series, String label, String yTitle) {
        int n = series.stream().mapToInt(s -> s.points().size()).max().orElse(0);
        int left = 56, top = 16, plotH = 150, step = Math.max(44, Math.min(110, 640 / Math.max(1, n)));
        int w = left + step * Math.max(1, n) + 20, h = top + plotH + 58 + 16 * series.size();
        double max = 0;
        for (Series s : series) for (Point p : s.points()) max = Math.max(max, p.ci() == null ? p.rate() : p.ci().high());
        max = niceMax(max);
        StringBuilder sb = open(w, h, label);
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = top + plotH - plotH * t / 4.0;
            sb.append("<path d=\"M").append(left).append(' ').append(f(y)).append("H").append(w - 10)
                    .append("\" stroke=\"#e5e7eb\"/><text x=\"").append(left - 4).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" class=\"lbl\">").append(Text.pct(v)).append("</text>");
        }
        sb.append("<text x=\"4\" y=\"10\" class=\"lbl\">").append(Text.html(yTitle)).append("</text>");
        if (!series.isEmpty()) {
            List<Point> first = series.get(0).points();
            for (int i = 0; i < first.size(); i++) {
                sb.append("<text x=\"").append(f(x(left, step, i))).append("\" y=\"").append(top + plotH + 16)
                        .append("\" text-anchor=\"middle\" class=\"lbl\">").append(Text.html(first.get(i).label()))
                        .append("</text><text x=\"").append(f(x(left, step, i))).append("\" y=\"").append(top + plotH + 30)
                        .append("\" text-anchor=\"middle\" class=\"val\">").append(Text.html(first.get(i).note()))
                        .append("</text>");
            }
        }
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            double off = series.size() == 1 ? 0 : (si - (series.size() - 1) / 2.0) * 5;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.points().size(); i++) {
                Point p = s.points().get(i);
                if (Double.isNaN(p.rate())) continue;
                double cx = x(left, step, i) + off, cy = y(top, plotH, max, p.rate());
                line.append(line.length() == 0 ? "M" : "L").append(f(cx)).append(' ').append(f(cy));
                if (p.ci() != null) {
                    sb.append("<path d=\"M").append(f(cx)).append(' ').append(f(y(top, plotH, max, p.ci().low())))
                            .append("V").append(f(y(top, plotH, max, p.ci().high()))).append("\" stroke=\"")
                            .append(s.color()).append("\" stroke-opacity=\"0.6\"/>");
                }
                if (p.marked()) {
                    sb.append("<circle cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy))
                            .append("\" r=\"8\" fill=\"none\" stroke=\"#dc2626\" stroke-width=\"2\"/>");
                }
                sb.append("<circle cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy)).append("\" r=\"3.5\" fill=\"")
                        .append(s.color()).append("\"><title>").append(Text.html(p.title())).append("</title></circle>");
            }
            if (line.length() > 0) {
                sb.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"").append(s.color())
                        .append("\" stroke-width=\"1.5\"/>");
            }
            int ly = top + plotH + 48 + 16 * si;
            sb.append("<rect x=\"").append(left).append("\" y=\"").append(ly - 9).append("\" width=\"12\" height=\"10\" fill=\"")
                    .append(s.color()).append("\"/><text x=\"").append(left + 16).append("\" y=\"").append(ly)
                    .append("\" class=\"lbl\">").append(Text.html(s.name())).append("</text>");
        }
        return sb.append("</svg>").toString();
    }

    private static double x(int left, int step, int i) {
        return left + step * (i + 0.5);
    }

    private static double y(int top, int plotH, double max, double v) {
        return top + plotH - (max == 0 ? 0 : v / max * plotH);
    }

    /**
     * A distribution line of margins (nats) on [0, max]: every margin a tick (at most 400, evenly spaced in rank), the
     * quartile box, the median, and the "by a hair" threshold dashed.
     */
    static String distribution(MarginFigures.Summary s, double max) {
        int left = 8, w = 360, plotW = w - 2 * left, h = 34;
        StringBuilder sb = open(w, h, "margins of " + s.mode() + ": median " + Text.num(s.median()) + " nats");
        double[] m = s.margins();
        sb.append("<path d=\"M").append(left).append(" 22H").append(left + plotW).append("\" stroke=\"#9ca3af\"/>");
        double thr = left + MarginFigures.BY_A_HAIR_NATS / max * plotW;
        sb.append("<path d=\"M").append(f(thr)).append(" 4V30\" stroke=\"#dc2626\" stroke-dasharray=\"3 2\"><title>")
                .append("by a hair: below ").append(Text.num(MarginFigures.BY_A_HAIR_NATS)).append(" nats</title></path>");
        if (m.length > 0) {
            double q1 = left + s.q1() / max * plotW, q3 = left + s.q3() / max * plotW, med = left + s.median() / max * plotW;
            sb.append("<rect x=\"").append(f(q1)).append("\" y=\"14\" width=\"").append(f(Math.max(1, q3 - q1)))
                    .append("\" height=\"16\" fill=\"#2563eb\" fill-opacity=\"0.18\" stroke=\"#2563eb\"/>")
                    .append("<path d=\"M").append(f(med)).append(" 12V32\" stroke=\"#111\" stroke-width=\"2\"/>");
            int shown = Math.min(m.length, 400);
            for (int i = 0; i < shown; i++) {
                double v = m[shown == m.length ? i : (int) ((long) i * (m.length - 1) / Math.max(1, shown - 1))];
                double x = left + Math.min(v, max) / max * plotW;
                sb.append("<path d=\"M").append(f(x)).append(" 16V28\" stroke=\"#111\" stroke-opacity=\"0.35\"/>");
            }
        }
        sb.append("<text x=\"").append(left).append("\" y=\"10\" class=\"lbl\">0</text><text x=\"").append(left + plotW)
                .append("\" y=\"10\" text-anchor=\"end\" class=\"lbl\">").append(Text.num(max)).append(" nats</text>");
        return sb.append("</svg>").toString();
    }

    /** 1, 2 or 5 × a power of ten at or above {@code v} (at least 1%). */
    static double niceMax(double v) {
        if (v <= 0.01) return 0.01;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double k : new double[]{1, 2, 5, 10}) if (k * p >= v - 1e-12) return Math.min(1, k * p);
        return 1;
    }
}
