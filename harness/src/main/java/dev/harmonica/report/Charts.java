package dev.harmonica.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-written inline SVG charts; deterministic output, every label escaped. */
final class Charts {
    static final String[] PALETTE = {"#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#be185d",
            "#4d7c0f"};

    private Charts() {
    }

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Strict and lenient failure rate per variant, with Wilson 95% whiskers. */
    static String headlineBars(List<VariantStats> variants) {
        int rowH = 46, left = 190, width = 760, plotW = width - left - 70;
        int h = 30 + rowH * variants.size() + 24;
        double max = 0;
        for (VariantStats v : variants) max = Math.max(max, Math.max(v.strictInterval().high(), v.lenientInterval().high()));
        max = niceMax(max);
        StringBuilder sb = svgOpen(width, h, "Strict and lenient failure rate per variant with 95% Wilson intervals");
        axisX(sb, left, plotW, 30 + rowH * variants.size(), max);
        for (int i = 0; i < variants.size(); i++) {
            VariantStats v = variants.get(i);
            int y = 30 + i * rowH;
            sb.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 20)
                    .append("\" text-anchor=\"end\" class=\"lbl\">").append(Text.html(clipLabel(v.name(), 28)))
                    .append("</text>");
            bar(sb, left, y + 4, plotW, 16, v.strictRate(), v.strictInterval(), max, color(i), 1.0,
                    v.name() + " strict: " + Text.pct(v.strictRate()) + " (" + v.strictFailures() + "/" + v.evaluable()
                            + " turns)");
            bar(sb, left, y + 22, plotW, 16, v.lenientRate(), v.lenientInterval(), max, color(i), 0.35,
                    v.name() + " lenient: " + Text.pct(v.lenientRate()) + " (" + v.lenientFailures() + "/"
                            + v.evaluable() + " turns)");
        }
        legendParsers(sb, left, 14, true);
        return sb.append("</svg>").toString();
    }

    private static void bar(StringBuilder sb, int left, int y, int plotW, int bh, double rate, Stats.Interval ci,
                            double max, String color, double opacity, String title) {
        double w = max == 0 ? 0 : rate / max * plotW;
        sb.append("<rect x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"").append(f(Math.max(w, 0.5)))
                .append("\" height=\"").append(bh).append("\" fill=\"").append(color).append("\" fill-opacity=\"")
                .append(opacity).append("\"><title>").append(Text.html(title)).append("</title></rect>");
        if (ci != null && max > 0) {
            double x1 = left + ci.low() / max * plotW, x2 = left + ci.high() / max * plotW;
            int cy = y + bh / 2;
            sb.append("<path d=\"M").append(f(x1)).append(' ').append(cy).append("H").append(f(x2)).append("M")
                    .append(f(x1)).append(' ').append(cy - 4).append("V").append(cy + 4).append("M").append(f(x2))
                    .append(' ').append(cy - 4).append("V").append(cy + 4).append("\" stroke=\"#111\" fill=\"none\"/>");
        }
        sb.append("<text x=\"").append(f(left + w + 6 + (ci == null ? 0 : Math.max(0, (ci.high() - rate) / Math.max(max, 1e-12) * plotW))))
                .append("\" y=\"").append(y + bh - 4).append("\" class=\"val\">").append(Text.pct(rate)).append("</text>");
    }

    private static void legendParsers(StringBuilder sb, int x, int y, boolean whiskers) {
        sb.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"12\" height=\"10\" fill=\"#555\"/>")
                .append("<text x=\"").append(x + 16).append("\" y=\"").append(y).append("\" class=\"lbl\">strict</text>")
                .append("<rect x=\"").append(x + 70).append("\" y=\"").append(y - 9)
                .append("\" width=\"12\" height=\"10\" fill=\"#555\" fill-opacity=\"0.35\"/>")
                .append("<text x=\"").append(x + 86).append("\" y=\"").append(y).append("\" class=\"lbl\">lenient</text>")
                ;
        if (whiskers) {
            sb.append("<text x=\"").append(x + 150).append("\" y=\"").append(y)
                    .append("\" class=\"lbl\">whiskers: 95% Wilson interval</text>");
        }
    }

    /** Failure-mode counts per variant: strict (solid) vs lenient (light). */
    static String failureModes(List<VariantStats> variants, List<String> modes) {
        List<String> shown = new ArrayList<>();
        for (String m : modes) {
            long any = 0;
            for (VariantStats v : variants) any += SummaryWriters.modeCounts(v, m)[1] + SummaryWriters.modeCounts(v, m)[2];
            if (any > 0 && shown.size() < 14) shown.add(m);
        }
        if (shown.isEmpty()) return "";
        int barH = 9, group = variants.size() * (2 * barH + 2) + 10, left = 230, width = 760, plotW = width - left - 60;
        int h = 34 + group * shown.size() + 24;
        double max = 0;
        for (VariantStats v : variants) {
            for (String m : shown) max = Math.max(max, VariantStats.rate(SummaryWriters.modeCounts(v, m)[1], v.evaluable()));
        }
        max = niceMax(max);
        StringBuilder sb = svgOpen(width, h, "Failure modes: rate of turns under strict and under lenient, per variant");
        axisX(sb, left, plotW, 34 + group * shown.size(), max);
        legendParsers(sb, left, 14, false);
        for (int mi = 0; mi < shown.size(); mi++) {
            String m = shown.get(mi);
            int y0 = 34 + mi * group;
            sb.append("<text x=\"").append(left - 8).append("\" y=\"").append(y0 + group / 2)
                    .append("\" text-anchor=\"end\" class=\"lbl\">").append(Text.html(clipLabel(m, 34))).append("</text>");
            for (int vi = 0; vi < variants.size(); vi++) {
                VariantStats v = variants.get(vi);
                long[] c = SummaryWriters.modeCounts(v, m);
                int y = y0 + vi * (2 * barH + 2);
                for (int k = 0; k < 2; k++) {
                    double r = VariantStats.rate(c[1 + k], v.evaluable());
                    double w = max == 0 ? 0 : r / max * plotW;
                    sb.append("<rect x=\"").append(left).append("\" y=\"").append(y + k * barH).append("\" width=\"")
                            .append(f(Math.max(w, 0.5))).append("\" height=\"").append(barH - 1).append("\" fill=\"")
                            .append(color(vi)).append("\" fill-opacity=\"").append(k == 0 ? "1" : "0.35")
                            .append("\"><title>").append(Text.html(v.name() + " · " + m + " · "
                                    + (k == 0 ? "strict" : "lenient") + ": " + c[1 + k] + " turns ("
                                    + Text.pct(r) + ")")).append("</title></rect>");
                }
            }
        }
        variantLegend(sb, variants, width - 10, 14);
        return sb.append("</svg>").toString();
    }

    /** Strict (solid) and lenient (dashed) failure rate by bucket, one line per variant. */
    static String byBucket(List<VariantStats> variants, boolean tokens) {
        int[] bounds = tokens ? VariantStats.TOKEN_BOUNDS : VariantStats.DEPTH_BOUNDS;
        int last = -1;
        for (VariantStats v : variants) {
            long[][] b = tokens ? v.tokens : v.depth;
            for (int i = 0; i < bounds.length; i++) if (b[i][0] > 0) last = Math.max(last, i);
        }
        if (last < 0) return "";
        int n = last + 1, left = 60, top = 30, width = 760, plotW = width - left - 30, plotH = 220;
        int h = top + plotH + 50;
        double max = 0;
        for (VariantStats v : variants) {
            long[][] b = tokens ? v.tokens : v.depth;
            for (int i = 0; i < n; i++) if (b[i][0] > 0) max = Math.max(max, VariantStats.rate(b[i][1], b[i][0]));
        }
        max = niceMax(max);
        StringBuilder sb = svgOpen(width, h, "Failure rate by " + (tokens ? "prompt tokens" : "conversation depth"));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = top + plotH - plotH * t / 4.0;
            sb.append("<path d=\"M").append(left).append(' ').append(f(y)).append("H").append(left + plotW)
                    .append("\" stroke=\"#e5e7eb\"/><text x=\"").append(left - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(Text.pct(v)).append("</text>");
        }
        double step = n == 1 ? 0 : (double) plotW / (n - 1);
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? left + plotW / 2.0 : left + i * step;
            sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(top + plotH + 18)
                    .append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(Text.html(VariantStats.bucketLabel(bounds, i, tokens))).append("</text>");
        }
        sb.append("<text x=\"").append(left + plotW / 2).append("\" y=\"").append(top + plotH + 38)
                .append("\" text-anchor=\"middle\" class=\"lbl\">")
                .append(tokens ? "prompt tokens" : "conversation depth (model calls so far in the scenario)")
                .append("</text>");
        for (int vi = 0; vi < variants.size(); vi++) {
            VariantStats v = variants.get(vi);
            long[][] b = tokens ? v.tokens : v.depth;
            for (int k = 0; k < 2; k++) {
                StringBuilder d = new StringBuilder();
                StringBuilder dots = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    if (b[i][0] == 0) continue;
                    double r = VariantStats.rate(b[i][1 + k], b[i][0]);
                    double x = n == 1 ? left + plotW / 2.0 : left + i * step;
                    double y = top + plotH - (max == 0 ? 0 : r / max * plotH);
                    d.append(d.length() == 0 ? "M" : "L").append(f(x)).append(' ').append(f(y));
                    dots.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"3.5\" fill=\"")
                            .append(color(vi)).append("\" fill-opacity=\"").append(k == 0 ? "1" : "0.45")
                            .append("\"><title>").append(Text.html(v.name() + " · " + (k == 0 ? "strict" : "lenient")
                                    + " · " + VariantStats.bucketLabel(bounds, i, tokens) + ": " + Text.pct(r) + " ("
                                    + b[i][1 + k] + "/" + b[i][0] + " turns)")).append("</title></circle>");
                }
                sb.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color(vi))
                        .append("\" stroke-width=\"2\"").append(k == 1 ? " stroke-dasharray=\"5 4\" stroke-opacity=\"0.6\"" : "")
                        .append("/>").append(dots);
            }
        }
        variantLegend(sb, variants, width - 10, 14);
        sb.append("<text x=\"").append(left).append("\" y=\"14\" class=\"lbl\">solid: strict · dashed: lenient</text>");
        return sb.append("</svg>").toString();
    }

    private static void variantLegend(StringBuilder sb, List<VariantStats> variants, int right, int y) {
        int x = right;
        for (int i = variants.size() - 1; i >= 0; i--) {
            String label = clipLabel(variants.get(i).name(), 24);
            x -= label.length() * 7 + 24;
            sb.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"12\" height=\"10\" fill=\"")
                    .append(color(i)).append("\"/><text x=\"").append(x + 16).append("\" y=\"").append(y)
                    .append("\" class=\"lbl\">").append(Text.html(label)).append("</text>");
        }
    }

    private static void axisX(StringBuilder sb, int left, int plotW, int bottom, double max) {
        for (int t = 0; t <= 4; t++) {
            double x = left + plotW * t / 4.0;
            sb.append("<path d=\"M").append(f(x)).append(" 24V").append(bottom).append("\" stroke=\"#e5e7eb\"/>")
                    .append("<text x=\"").append(f(x)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(Text.pct(max * t / 4)).append("</text>");
        }
    }

    private static StringBuilder svgOpen(int w, int h, String title) {
        return new StringBuilder("<svg role=\"img\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\"><title>").append(Text.html(title)).append("</title>");
    }

    static double niceMax(double max) {
        if (max <= 0) return 0.01;
        double[] steps = {0.004, 0.008, 0.01, 0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
        for (double s : steps) if (max <= s) return s;
        return 1.0;
    }

    static String clipLabel(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
