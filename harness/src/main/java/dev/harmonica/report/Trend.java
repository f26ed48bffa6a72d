package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code harmonica trend RUN_DIR…}: runs over time, per variant. Runs are ordered by their start time (run.json's
 * {@code created}) and grouped by model, simulated or not, and scenario set (a digest of the scenario ids): runs of
 * different groups are never compared or pooled. Within a group, every run after the first is tested against the
 * pooled earlier runs of the same variant ({@link ClusteredChange}, α = 0.05) on the strict failure rate of judged
 * turns and on BFCL accuracy of scored entries; a significant rise in failure rate is a regression.
 */
public final class Trend {
    private Trend() {
    }

    /** What a change test said about a run. */
    public enum Flag {
        FIRST("first run of the group"), NONE("no significant change"), REGRESSION("significant regression"),
        IMPROVEMENT("significant improvement"), UNTESTED("not tested");

        private final String label;

        Flag(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One variant in one run, with its tests against the pooled earlier runs of the group. */
    public record Cell(TrendRun run, TrendPoint point, int previousRuns, ClusteredChange.Result failure,
                       Flag failureFlag, ClusteredChange.Result bfcl, Flag bfclFlag) {
    }

    /** One variant's cells, aligned with its group's runs (null where the run lacks the variant). */
    public record Series(String variant, List<Cell> cells) {
    }

    /** Runs that may be compared: one model, simulated or not, one scenario set. */
    public record Group(int number, String model, boolean simulated, String scenarioDigest, int scenarios,
                       List<TrendRun> runs, List<Series> series, List<String> differences) {
        public String title() {
            return "group " + number + ": model " + model + " · scenario set " + scenarioDigest + " (" + scenarios
                    + " scenarios) · " + (simulated ? "simulated model" : "real endpoint");
        }
    }

    /**
     * Every group, earliest first; the latest run of all, and one line per variant of it whose failure rate rose
     * significantly.
     */
    public record Model(List<Group> groups, TrendRun latest, List<String> latestRegressions) {
        public boolean anySimulated() {
            return groups.stream().anyMatch(Group::simulated);
        }

        public boolean latestRegressed() {
            return !latestRegressions.isEmpty();
        }
    }

    /** What {@link #write} produced. */
    public record Result(Model model, Path html, Path csv) {
    }

    /** Reads the runs, builds the model and writes {@code trend.html} and {@code trend.csv} into {@code out}. */
    public static Result write(List<Path> runDirs, Path out) {
        List<TrendRun> runs = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path d : runDirs) if (seen.add(d.toAbsolutePath().normalize())) runs.add(TrendRun.read(d));
        if (runs.isEmpty()) throw new BadInputException("trend: no run directories given");
        Model m = build(runs);
        try {
            Files.createDirectories(out);
            Path csv = Reports.write(out, "trend.csv", f -> TrendCsv.write(m, f));
            Path html = Reports.write(out, "trend.html", f -> TrendHtml.write(m, f));
            return new Result(m, html, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trend into " + out + ": " + e.getMessage(), e);
        }
    }

    static final Comparator<TrendRun> BY_START = Comparator.comparing(TrendRun::started)
            .thenComparing(TrendRun::runId).thenComparing(r -> r.dir().toString());

    /** Groups and tests the runs (any order). */
    public static Model build(List<TrendRun> runs) {
        List<TrendRun> sorted = new ArrayList<>(runs);
        sorted.sort(BY_START);
        Map<String, List<TrendRun>> byKey = new LinkedHashMap<>();
        for (TrendRun r : sorted) byKey.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
        List<Group> groups = new ArrayList<>();
        TrendRun first = null;
        for (List<TrendRun> g : byKey.values()) {
            TrendRun r0 = g.get(0);
            if (first == null) first = r0;
            groups.add(new Group(groups.size() + 1, r0.model(), r0.simulated(), r0.scenarioDigest(), r0.scenarios(),
                    List.copyOf(g), series(g), differences(first, r0)));
        }
        TrendRun latest = sorted.get(sorted.size() - 1);
        List<String> regressions = new ArrayList<>();
        for (Group g : groups) {
            for (Series s : g.series()) {
                Cell c = s.cells().get(s.cells().size() - 1);
                if (c != null && c.run() == latest && c.failureFlag() == Flag.REGRESSION) {
                    regressions.add(s.variant() + ": strict failure rate " + Text.pct(c.failure().before()) + " → "
                            + Text.pct(c.failure().after()) + " (" + signedPts(c.failure().difference()) + ", "
                            + p(c.failure().p()) + ", " + ClusteredChange.TEST + ", " + c.failure().scenarios()
                            + " scenarios; " + c.previousRuns() + " earlier run(s) pooled)");
                }
            }
        }
        return new Model(List.copyOf(groups), latest, List.copyOf(regressions));
    }

    private static String key(TrendRun r) {
        return r.model() + '\u0000' + r.simulated() + '\u0000' + r.scenarioDigest();
    }

    /** Why a group is not the first one: the keys it differs in. */
    private static List<String> differences(TrendRun first, TrendRun r) {
        List<String> out = new ArrayList<>();
        if (first == r) return out;
        if (!first.model().equals(r.model())) out.add("model " + r.model() + " (not " + first.model() + ")");
        if (first.simulated() != r.simulated()) {
            out.add(r.simulated() ? "simulated model (group 1: a real endpoint)" : "real endpoint (group 1: the simulator)");
        }
        if (!first.scenarioDigest().equals(r.scenarioDigest())) {
            out.add("scenario set " + r.scenarioDigest() + " with " + r.scenarios() + " scenarios (group 1: "
                    + first.scenarioDigest() + " with " + first.scenarios() + ")");
        }
        return out;
    }

    private static List<Series> series(List<TrendRun> runs) {
        Set<String> variants = new LinkedHashSet<>();
        for (TrendRun r : runs) for (TrendPoint p : r.points()) variants.add(p.variant());
        List<Series> out = new ArrayList<>();
        for (String v : variants) {
            List<Cell> cells = new ArrayList<>();
            Map<String, long[]> failBefore = new TreeMap<>(), bfclBefore = new TreeMap<>();
            int previous = 0;
            for (TrendRun r : runs) {
                TrendPoint p = r.point(v);
                if (p == null) {
                    cells.add(null);
                    continue;
                }
                cells.add(cell(r, p, previous, failBefore, bfclBefore));
                if (p.judged() > 0) previous++;
                add(failBefore, p.failureClusters());
                add(bfclBefore, p.bfclClusters());
            }
            out.add(new Series(v, Collections.unmodifiableList(cells)));
        }
        return out;
    }

    private static Cell cell(TrendRun r, TrendPoint p, int previous, Map<String, long[]> failBefore,
                             Map<String, long[]> bfclBefore) {
        if (previous == 0) {
            return new Cell(r, p, 0, null, Flag.FIRST, null, Flag.FIRST);
        }
        ClusteredChange.Result f = ClusteredChange.test(p.failureClusters(), failBefore);
        ClusteredChange.Result b = p.bfclScored() == 0 || bfclBefore.isEmpty() ? null
                : ClusteredChange.test(p.bfclClusters(), bfclBefore);
        return new Cell(r, p, previous, f, flag(f, true), b, b == null ? Flag.UNTESTED : flag(b, false));
    }

    /** {@code higherIsWorse}: a failure rate (a rise is a regression) versus an accuracy (a drop is). */
    private static Flag flag(ClusteredChange.Result c, boolean higherIsWorse) {
        if (!c.tested()) return Flag.UNTESTED;
        if (!c.significant() || c.difference() == 0) return Flag.NONE;
        return (c.difference() > 0) == higherIsWorse ? Flag.REGRESSION : Flag.IMPROVEMENT;
    }

    private static void add(Map<String, long[]> into, Map<String, long[]> from) {
        for (Map.Entry<String, long[]> e : from.entrySet()) {
            long[] c = into.computeIfAbsent(e.getKey(), k -> new long[2]);
            c[0] += e.getValue()[0];
            c[1] += e.getValue()[1];
        }
    }

    static String signedPts(double d) {
        return (d > 0 ? "+" : d < 0 ? "−" : "±") + String.format(Locale.ROOT, "%.1f", Math.abs(d) * 100) + " pts";
    }

    /** {@code p=0.012}, {@code p=0.0034}, {@code p<0.0001}; {@code p –} when untested. */
    static String p(double p) {
        if (Double.isNaN(p)) return "p –";
        if (p < 0.0001) return "p<0.0001";
        return String.format(Locale.ROOT, p < 0.01 ? "p=%.4f" : "p=%.3f", p);
    }
}
