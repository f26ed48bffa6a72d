package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reports' public entry points. Reports are pure functions of a run directory ({@code run.json} +
 * {@code journal.jsonl} / {@code journal-<shard>.jsonl}); the journal is streamed (one aggregating pass, plus a
 * second pass that reads only the drill-down sample), so a million-turn journal fits in a small heap. Every file is
 * written to a temporary name and moved into place, so an interrupted rebuild never leaves half a report.
 */
public final class Reports {
    /** The files {@link #writeAll} writes into the run directory. */
    public static final List<String> FILES = List.of("turns.csv", "failure_modes.csv", "depth.csv", "census.csv",
            "summary.csv", "summary.json", "summary.md", "bfcl_scores.csv", SweReport.FILE, "junit.xml", "index.html");

    private Reports() {
    }

    /** Options for {@link #writeAll(Path, Options)}. */
    public record Options(int drillDownScenarios) {
        public static final Options DEFAULT = new Options(30);
    }

    /** What {@link #writeAll} produced. {@code headline} is the one-line A/B result for the console. */
    public record Result(Path runDir, Path indexHtml, String headline, ReportModel model, List<Path> files) {
    }

    /** Builds every report of {@code runDir} with the default options. */
    public static Result writeAll(Path runDir) {
        return writeAll(runDir, Options.DEFAULT);
    }

    /**
     * Builds every report of {@code runDir} into the same directory. Throws {@link BadInputException} when the
     * directory has no journal or run.json is not JSON; malformed journal lines become warnings in the reports.
     */
    public static Result writeAll(Path runDir, Options options) {
        JournalScanner.requireJournal(runDir);
        RunInfo info = RunInfo.read(runDir);
        List<Path> written = new ArrayList<>();
        try {
            Path turnsTmp = tmp(runDir, "turns.csv");
            RunData data;
            try (TurnsCsv turns = new TurnsCsv(turnsTmp)) {
                data = RunAggregator.aggregate(runDir, info, turns);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(turnsTmp);
                throw e;
            }
            written.add(place(turnsTmp, runDir, "turns.csv"));
            ReportModel model = ReportModel.of(data);
            written.add(write(runDir, "failure_modes.csv", f -> SummaryWriters.failureModesCsv(model, f)));
            written.add(write(runDir, "depth.csv", f -> SummaryWriters.depthCsv(model, f)));
            written.add(write(runDir, "census.csv", f -> SummaryWriters.censusCsv(model, f)));
            written.add(write(runDir, "summary.csv", f -> SummaryWriters.summaryCsv(model, f)));
            written.add(write(runDir, "summary.json", f -> SummaryWriters.summaryJson(model, f)));
            written.add(write(runDir, "summary.md", f -> SummaryWriters.summaryMd(model, f)));
            written.add(write(runDir, "bfcl_scores.csv", f -> SummaryWriters.bfclScoresCsv(model, f)));
            written.add(write(runDir, SweReport.FILE, f -> SweReport.csv(model, f)));
            written.add(write(runDir, "junit.xml", f -> SummaryWriters.junitXml(model, f)));
            DrillDown.Selection sel = DrillDown.select(data, Math.max(0, options.drillDownScenarios()));
            List<DrillDown.Scenario> drill = DrillDown.collect(data, sel);
            Path index = write(runDir, "index.html", f -> HtmlReport.writeIndex(model, drill, sel, f));
            written.add(index);
            return new Result(runDir, index, model.headline(), model, List.copyOf(written));
        } catch (IOException e) {
            throw new UncheckedIOException("writing reports into " + runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one-line headline of a run (e.g. {@code pr114 vs harmony-v0.0.8: strict failure rate 12.3% → 4.1% (−8.2
     * pts, 95% CI −10.1 to −6.0; McNemar exact p=0.003, n=200 paired scenarios, …)}), from one pass over the journal.
     * {@link Result#headline()} gives the same line without a second read.
     */
    public static String headline(Path runDir) {
        return ReportModel.of(RunData.read(runDir)).headline();
    }

    /** What {@link #compare} produced. {@code gateFailures} holds one line per triggered rule (empty = pass). */
    public record CompareResult(List<Comparison> comparisons, List<String> gateFailures, Path csv, Path html) {
        public boolean gateFailed() {
            return !gateFailures.isEmpty();
        }
    }

    /**
     * Compares run B against run A and writes {@code comparison.csv} and {@code comparison.html} into {@code outDir}
     * (created if needed). Variants: {@code variantA}/{@code variantB} when given; otherwise every variant name both
     * runs share; otherwise the single variant of each run. Rules are evaluated on every comparison.
     */
    public static CompareResult compare(Path runA, Path runB, Path outDir, String variantA, String variantB,
                                        List<GateRule> rules) {
        return compare(runA, runB, new CompareOptions(outDir, variantA, variantB, rules, Integer.MAX_VALUE));
    }

    /**
     * What {@link #compare(Path, Path, CompareOptions)} does beyond the two runs.
     *
     * @param maxUnjudged refuse (throw {@link UnjudgedRunsException}) when either side's compared variants have more
     *                    turns not judged than this
     */
    public record CompareOptions(Path outDir, String variantA, String variantB, List<GateRule> rules,
                                 int maxUnjudged) {
    }

    /**
     * Turns and scenario × variants of one side that were not judged (endpoint errors, harness errors), over the
     * variants compared. A scenario × variant that ended not judged before any turn was recorded counts one turn.
     */
    public record Unjudged(String runId, Path runDir, List<String> variants, long turns, long scenarios,
                           long judgedTurns) {
        String describe() {
            return runId + " (" + runDir + ", variant(s) " + String.join(", ", variants) + "): " + turns
                    + " unjudged turn(s) in " + scenarios + " scenario × variant(s) not fully judged, " + judgedTurns
                    + " judged turn(s)";
        }
    }

    static Unjudged unjudged(RunData run, List<String> variants) {
        long turns = 0, scenarios = 0, judged = 0;
        for (String v : variants) {
            for (ScenarioResult s : run.scenarios().getOrDefault(v, Map.of()).values()) {
                turns += s.unjudgedTurns();
                if (!s.fullyJudged()) scenarios++;
                judged += s.evaluable();
            }
        }
        return new Unjudged(run.runId(), run.runDir(), variants, turns, scenarios, judged);
    }

    /**
     * Compares run B against run A (see {@link #compare(Path, Path, Path, String, String, List)}), first refusing
     * with {@link UnjudgedRunsException} when a side has more unjudged turns than {@code maxUnjudged}; below that,
     * scenarios not judged on both sides are left out of the paired statistics and counted in each comparison.
     */
    public static CompareResult compare(Path runA, Path runB, CompareOptions o) {
        RunData a = RunData.read(runA);
        RunData b = runA.toAbsolutePath().normalize().equals(runB.toAbsolutePath().normalize()) ? a : RunData.read(runB);
        List<Comparison> cs = comparisons(a, b, o.variantA(), o.variantB());
        Unjudged ua = unjudged(a, cs.stream().map(Comparison::variantA).distinct().toList());
        Unjudged ub = unjudged(b, cs.stream().map(Comparison::variantB).distinct().toList());
        if (ua.turns() > o.maxUnjudged() || ub.turns() > o.maxUnjudged()) {
            throw new UnjudgedRunsException(ua, ub, o.maxUnjudged());
        }
        List<String> gate = gate(cs, o.rules());
        Path outDir = o.outDir();
        try {
            Files.createDirectories(outDir);
            Path csv = write(outDir, "comparison.csv", f -> ComparisonWriters.csv(cs, f));
            Path html = write(outDir, "comparison.html", f -> ComparisonWriters.writeHtml(cs, gate,
                    a.simulated() || b.simulated(), f));
            return new CompareResult(cs, gate, csv, html);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the comparison into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The comparisons {@link #compare} makes between two runs (see there for how variants are matched). */
    public static List<Comparison> comparisons(RunData a, RunData b, String variantA, String variantB) {
        List<Comparison> cs = new ArrayList<>();
        if (variantA != null || variantB != null) {
            String va = variantA != null ? variantA : single(a, "--variant-a");
            if (a.variant(va) == null) throw new BadInputException(a.runDir() + ": no variant '" + va + "' in the journal;"
                    + " variants: " + a.variantNames());
            String vb = variantB != null ? variantB : b.variant(va) != null ? va : single(b, "--variant-b");
            if (b.variant(vb) == null) throw new BadInputException(b.runDir() + ": no variant '" + vb + "' in the journal;"
                    + " variants: " + b.variantNames());
            cs.add(Comparison.between(a, va, b, vb));
            return cs;
        }
        for (String v : a.variantNames()) if (b.variant(v) != null) cs.add(Comparison.between(a, v, b, v));
        if (!cs.isEmpty()) return cs;
        if (a.variantNames().size() == 1 && b.variantNames().size() == 1) {
            cs.add(Comparison.between(a, a.variantNames().get(0), b, b.variantNames().get(0)));
            return cs;
        }
        throw new BadInputException("cannot tell which variants to compare: " + a.runDir() + " has " + a.variantNames()
                + " and " + b.runDir() + " has " + b.variantNames() + "; pass --variant-a and --variant-b");
    }

    private static String single(RunData r, String option) {
        if (r.variantNames().size() == 1) return r.variantNames().get(0);
        throw new BadInputException(r.runDir() + " has variants " + r.variantNames() + "; pass " + option);
    }

    /** Evaluates the rules on the comparisons: one line per triggered rule × comparison; empty when all pass. */
    public static List<String> gate(List<Comparison> comparisons, List<GateRule> rules) {
        List<String> out = new ArrayList<>();
        for (GateRule r : rules) {
            for (Comparison c : comparisons) {
                String reason = r.evaluate(c);
                if (reason != null) out.add(reason);
            }
        }
        return out;
    }

    // ---- atomic file writing

    interface FileWriter {
        void write(Path file) throws IOException;
    }

    static Path write(Path dir, String name, FileWriter w) throws IOException {
        Path t = tmp(dir, name);
        try {
            w.write(t);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(t);
            throw e;
        }
        return place(t, dir, name);
    }

    private static Path tmp(Path dir, String name) {
        return dir.resolve("." + name + ".tmp");
    }

    private static Path place(Path tmp, Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
