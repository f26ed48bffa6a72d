package dev.harmonica.report;

import dev.harmonica.report.stats.KaplanMeier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Kaplan–Meier curves of "turns until the first strict failure" as an inline SVG: no scripts, no external
 * resources, every label escaped. One step line per variant (the share of scenarios still without a strict failure
 * after t judged turns), a tick where scenarios were censored, and the numbers at risk under the axis.
 */
final class SurvivalChart {
    /** One curve and how to draw it. */
    record Curve(String name, String color, KaplanMeier km) {
    }

    static final String HOW_TO_READ = "How to read this: each line starts at 100% and steps down at every judged"
            + " turn where some scenarios had their first strict failure; its height at t is the estimated share of"
            + " scenarios still without a strict failure after t judged turns. Ticks mark scenarios that stopped"
            + " being observed without a failure (ended clean, or an endpoint error ended the observation): they"
            + " count as at risk until then and are not failures. A lower line fails earlier; lines that cross mean"
            + " one variant fails earlier but the other catches up. The numbers under the axis are the scenarios"
            + " still observed at that turn: where they are small, the line is uncertain.";

    private static final int LEFT = 60, TOP = 30, WIDTH = 760, PLOT_W = WIDTH - LEFT - 30, PLOT_H = 220;

    private SurvivalChart() {
    }

    static String svg(List<Curve> curves, String title) {
        int maxT = 1;
        for (Curve c : curves) maxT = Math.max(maxT, c.km().lastTime());
        int h = TOP + PLOT_H + 52 + 16 * curves.size();
        StringBuilder sb = new StringBuilder("<svg role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(h)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(h).append("\"><title>")
                .append(Text.html(title)).append("</title>");
        int[] ticks = ticks(maxT);
        axes(sb, ticks, maxT);
        for (Curve c : curves) curve(sb, c, maxT);
        atRisk(sb, curves, ticks, maxT);
        legend(sb, curves);
        return sb.append("</svg>").toString();
    }

    private static double x(int t, int maxT) {
        return LEFT + (double) t / maxT * PLOT_W;
    }

    private static double y(double s) {
        return TOP + (1 - s) * PLOT_H;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static int[] ticks(int maxT) {
        int step = Math.max(1, (int) Math.ceil(maxT / 8.0));
        List<Integer> t = new ArrayList<>();
        for (int v = 0; v <= maxT; v += step) t.add(v);
        return t.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void axes(StringBuilder sb, int[] ticks, int maxT) {
        for (int i = 0; i <= 4; i++) {
            double s = i / 4.0;
            sb.append("<path d=\"M").append(LEFT).append(' ').append(f(y(s))).append('H').append(LEFT + PLOT_W)
                    .append("\" stroke=\"#e5e7eb\"/><text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y(s) + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(Math.round(s * 100)).append("%</text>");
        }
        for (int t : ticks) {
            sb.append("<text x=\"").append(f(x(t, maxT))).append("\" y=\"").append(TOP + PLOT_H + 16)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(t).append("</text>");
        }
        sb.append("<text x=\"").append(LEFT + PLOT_W / 2).append("\" y=\"").append(TOP + PLOT_H + 32)
                .append("\" text-anchor=\"middle\" class=\"lbl\">judged turns (t)</text>")
                .append("<text x=\"").append(LEFT).append("\" y=\"16\" class=\"lbl\">share of scenarios without a"
                        + " strict failure after t judged turns</text>");
    }

    private static void curve(StringBuilder sb, Curve c, int maxT) {
        StringBuilder d = new StringBuilder("M").append(f(x(0, maxT))).append(' ').append(f(y(1)));
        StringBuilder marks = new StringBuilder();
        double s = 1;
        for (KaplanMeier.Step st : c.km().steps()) {
            double xt = x(st.time(), maxT);
            d.append('H').append(f(xt));
            if (st.events() > 0) {
                s = st.survival();
                d.append('V').append(f(y(s)));
            }
            if (st.censored() > 0) {
                marks.append("<path d=\"M").append(f(xt)).append(' ').append(f(y(s) - 4)).append('V')
                        .append(f(y(s) + 4)).append("\" stroke=\"").append(c.color()).append("\"/>");
            }
            marks.append("<circle cx=\"").append(f(xt)).append("\" cy=\"").append(f(y(s)))
                    .append("\" r=\"6\" fill=\"transparent\"><title>")
                    .append(Text.html(c.name() + " · t=" + st.time() + ": " + Text.pct(s) + " without a strict failure; "
                            + st.atRisk() + " at risk, " + st.events() + " first failure(s), " + st.censored()
                            + " censored")).append("</title></circle>");
        }
        sb.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(c.color())
                .append("\" stroke-width=\"2\"/>").append(marks);
    }

    private static void atRisk(StringBuilder sb, List<Curve> curves, int[] ticks, int maxT) {
        int y0 = TOP + PLOT_H + 46;
        sb.append("<text x=\"4\" y=\"").append(y0).append("\" class=\"tick\">at risk</text>");
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            int y = y0 + 14 + 16 * i;
            for (int t : ticks) {
                int n = t == 0 ? c.km().subjects() : c.km().atRiskAt(t);
                sb.append("<text x=\"").append(f(x(t, maxT))).append("\" y=\"").append(y)
                        .append("\" text-anchor=\"middle\" class=\"tick\" style=\"fill:").append(c.color())
                        .append("\">").append(n).append("</text>");
            }
        }
    }

    private static void legend(StringBuilder sb, List<Curve> curves) {
        int x = WIDTH - 10;
        for (int i = curves.size() - 1; i >= 0; i--) {
            String label = Charts.clipLabel(curves.get(i).name(), 24);
            x -= label.length() * 7 + 24;
            sb.append("<rect x=\"").append(x).append("\" y=\"5\" width=\"12\" height=\"10\" fill=\"")
                    .append(curves.get(i).color()).append("\"/><text x=\"").append(x + 16)
                    .append("\" y=\"14\" class=\"lbl\">").append(Text.html(label)).append("</text>");
        }
    }
}
