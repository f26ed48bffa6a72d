package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code --fail-if} rule for nightly gates. Grammar (whitespace is not allowed):
 *
 * <pre>
 *   rule      = metric ":" condition { "," condition }
 *   metric    = "strict-rate-increase" | "lenient-rate-increase" | "non-strict-rate-increase"
 *             | "bfcl-accuracy-drop" | "swe-agreement-drop" | "new-signature"
 *   condition = "p&lt;" number      the comparison's test gives p below number (0 &lt; number &lt;= 1)
 *             | "&gt;" number       B is worse by more than number percentage points
 *             | "&gt;=" integer     (new-signature only) B hit the new signature at least integer times
 * </pre>
 *
 * A rule triggers on a comparison when B is worse than A in the point estimate and every condition holds. Every rule
 * needs at least one condition with its comparison operator: a bare metric is rejected rather than given a silent
 * default, because an unquoted rule on a shell command line loses exactly that part ({@code p<0.05} becomes a
 * redirection) and the gate would then test something the job never asked for. The p of a rate rule is the p of
 * the headline (the sign-flip test of the per-scenario differences; McNemar exact for BFCL accuracy) and its points
 * are the headline difference (docs/statistics.md). Examples: {@code 'strict-rate-increase:p<0.05'},
 * {@code 'bfcl-accuracy-drop:>2'}, {@code 'lenient-rate-increase:p<0.01,>0.5'}, {@code 'new-signature:>=5'}.
 */
public record GateRule(String text, String metric, Double pBelow, Double pointsAbove, Long atLeast) {

    public static final List<String> METRICS = List.of("strict-rate-increase", "lenient-rate-increase",
            "non-strict-rate-increase", "bfcl-accuracy-drop", "swe-agreement-drop", "new-signature");

    /** Parses a rule; throws {@link BadInputException} naming the rule and the fix. */
    public static GateRule parse(String text) {
        if (text == null || text.isBlank()) throw bad(text, "empty rule");
        String t = text.trim();
        int colon = t.indexOf(':');
        String metric = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (!METRICS.contains(metric)) {
            throw bad(text, "unknown rule '" + metric + "'; known rules: " + String.join(", ", METRICS));
        }
        if (colon < 0) {
            throw bad(text, "no condition: a rule needs a comparison operator, e.g. " + metric
                    + (metric.equals("new-signature") ? ":>=1" : metric.equals("swe-agreement-drop") ? ":>0" : ":p<0.05")
                    + " (quoted on a shell command line, or the shell takes < and > as redirections)");
        }
        String conds = t.substring(colon + 1);
        if (conds.isEmpty()) throw bad(text, "':' must be followed by a condition such as p<0.05 or >2");
        Double p = null, pts = null;
        Long n = null;
        for (String c : conds.split(",", -1)) {
            if (c.startsWith("p<")) {
                p = pBelow(text, metric, c);
            } else if (c.startsWith(">=")) {
                n = atLeast(text, metric, c);
            } else if (c.startsWith(">")) {
                if (metric.equals("new-signature")) {
                    throw bad(text, "new-signature takes >=N (minimum count), not '" + c + "'");
                }
                pts = number(text, c.substring(1));
                if (pts < 0) throw bad(text, "the points threshold in '" + c + "' must not be negative");
            } else {
                throw bad(text, "unknown condition '" + c + "'; use p<X (significance), >X (percentage points)"
                        + " or, for new-signature, >=N");
            }
        }
        return new GateRule(t, metric, p, pts, n);
    }

    private static double pBelow(String text, String metric, String c) {
        if (metric.equals("new-signature") || metric.equals("swe-agreement-drop")) {
            throw bad(text, metric + " has no statistical test; use " + (metric.equals("new-signature")
                    ? ">=N (minimum count)" : ">X (points)"));
        }
        double p = number(text, c.substring(2));
        if (!(p > 0 && p <= 1)) throw bad(text, "the significance level in '" + c + "' must be in (0, 1]");
        return p;
    }

    private static long atLeast(String text, String metric, String c) {
        if (!metric.equals("new-signature")) {
            throw bad(text, "'>=' is for new-signature counts; use >X (points) or p<X for " + metric);
        }
        long n;
        try {
            n = Long.parseLong(c.substring(2));
        } catch (NumberFormatException e) {
            throw bad(text, "'" + c + "' needs a whole number, e.g. >=3");
        }
        if (n < 1) throw bad(text, "'" + c + "' must be at least 1");
        return n;
    }

    public static List<GateRule> parseAll(List<String> texts) {
        List<GateRule> out = new ArrayList<>();
        if (texts != null) for (String s : texts) out.add(parse(s));
        return out;
    }

    private static double number(String rule, String s) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw bad(rule, "'" + s + "' is not a number");
        }
    }

    private static BadInputException bad(String rule, String why) {
        return new BadInputException("--fail-if '" + rule + "': " + why
                + " (grammar: METRIC:COND[,COND...] with COND p<X, >X or >=N, e.g. 'strict-rate-increase:p<0.05',"
                + " 'bfcl-accuracy-drop:>2', 'new-signature:>=1'; see harmonica compare --help)");
    }

    /** The reason this rule triggers on {@code c}, or null when it does not. */
    public String evaluate(Comparison c) {
        String label = c.sameRun() ? c.variantB() + " vs " + c.variantA()
                : c.variantB() + " (" + c.runB() + ") vs " + c.variantA() + " (" + c.runA() + ")";
        switch (metric) {
            case "new-signature" -> {
                List<String> hits = new ArrayList<>();
                long total = 0;
                for (Map.Entry<String, Long> e : c.newSignatures()) {
                    if (e.getValue() >= atLeast) {
                        total++;
                        if (hits.size() < 3) hits.add(e.getValue() + "x " + TurnRow.clip(e.getKey(), 120));
                    }
                }
                if (total == 0) return null;
                return text + " triggered: " + label + ": " + total + " new error signature(s), e.g. "
                        + String.join(" | ", hits);
            }
            case "swe-agreement-drop" -> {
                Comparison.Swe s = c.swe();
                if (s == null) return null;
                double drop = -s.difference() * 100;
                if (drop <= 0 || (pointsAbove != null && !(drop > pointsAbove))) return null;
                return String.format(Locale.ROOT, "%s triggered: %s: SWE action agreement %.1f%% → %.1f%% (−%.1f pts, "
                        + "n=%d paired scenarios)", text, label, s.meanA() * 100, s.meanB() * 100, drop, s.n());
            }
            default -> {
                Comparison.Metric m = switch (metric) {
                    case "strict-rate-increase" -> c.strict();
                    case "lenient-rate-increase" -> c.lenient();
                    case "non-strict-rate-increase" -> c.nonStrict();
                    default -> c.bfcl();
                };
                if (m == null || !m.hasData() || !m.worse()) return null;
                if (pBelow != null && !(m.p() < pBelow)) return null;
                if (pointsAbove != null && !(m.pointsWorse() > pointsAbove)) return null;
                return text + " triggered: " + label + ": " + m.describe();
            }
        }
    }
}
