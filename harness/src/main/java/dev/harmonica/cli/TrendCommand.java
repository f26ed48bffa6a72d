package dev.harmonica.cli;

import dev.harmonica.report.ClusteredChange;
import dev.harmonica.report.Trend;
import dev.harmonica.report.TrendPoint;
import dev.harmonica.report.TrendRun;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code harmonica trend}: runs over time, per variant, with a regression gate on the latest run. */
@Command(name = "trend", mixinStandardHelpOptions = true,
        description = {"Show runs over time, per variant, and flag significant changes.",
                "Orders the runs by their start time (run.json created) and groups them by model, simulated or"
                        + " real endpoint, and scenario set (a digest of the scenario ids); runs of different groups"
                        + " are never pooled or compared, and trend.html says why a group stands apart. Per run and"
                        + " variant: strict failure rate, rescue rate and rescued-with-loss rate of judged turns, BFCL"
                        + " accuracy of scored entries, SWE agreement of fully judged replays, each with a 95%%"
                        + " interval (Wilson score for rates; percentile bootstrap for SWE agreement), and the judged,"
                        + " not judged and harness-error turn counts.",
                "Every run after the first of its group is tested against the pooled earlier runs of the group:"
                        + " two-proportion z-test whose standard error is the larger of the pooled binomial one and the"
                        + " scenario-clustered paired one (turns of a scenario are correlated), alpha 0.05, on the"
                        + " failure rate and on BFCL accuracy; fewer than 5 scenarios:"
                        + " not tested.",
                "Writes trend.html (self-contained) and trend.csv into --out.",
                "",
                "Example, a nightly gate (the shell expands the glob; a quoted glob is expanded too):",
                "  harmonica trend reports/nightly-* --out reports/trend --fail-if-regressed"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trend written (with --fail-if-regressed: the latest run is no significant regression)",
                "1:--fail-if-regressed: the latest run's strict failure rate rose significantly for some variant"
                        + " (one line per variant on stdout)",
                "2:bad usage or bad input: a directory without a journal, run.json without created",
                "3:--fail-if-regressed: a variant of the latest run has no judged turn, so it cannot be tested"})
public final class TrendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (reports/<run-id>/), any order;"
            + " shell globs such as reports/nightly-* work.")
    List<String> runDirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/trend",
            description = "Where to write trend.html and trend.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--fail-if-regressed", description = "Exit 1 when the latest run (by start time) is a"
            + " significant regression in strict failure rate against the earlier runs of its group.")
    boolean failIfRegressed;

    @Override
    public Integer call() {
        List<Path> dirs = new ArrayList<>();
        for (String a : runDirs) dirs.addAll(expand(a));
        Trend.Result r = Trend.write(dirs, out);
        PrintWriter o = spec.commandLine().getOut();
        Trend.Model m = r.model();
        TrendRun latest = m.latest();
        o.println(Terminal.safe("trend: " + dirs.size() + " run(s) in " + m.groups().size() + " group(s); latest "
                + latest.runId() + " (" + latest.started() + ")" + (latest.simulated() ? " [simulated model]" : "")));
        List<String> unjudged = new ArrayList<>();
        for (TrendPoint p : latest.points()) {
            o.println(Terminal.safe("  " + p.variant() + ": " + (p.judged() == 0 ? "no turn judged"
                    : String.format(Locale.ROOT, "strict failure rate %.1f%% (95%% Wilson %.1f–%.1f%%)",
                    p.failureRate() * 100, p.failureInterval().low() * 100, p.failureInterval().high() * 100))
                    + ", " + p.judged() + " judged, " + p.notJudged() + " not judged, " + p.harnessErrors()
                    + " harness errors"));
            if (p.judged() == 0) unjudged.add(p.variant());
        }
        o.println(r.html().toAbsolutePath().normalize());
        o.println(r.csv().toAbsolutePath().normalize());
        if (!failIfRegressed) return ExitCodes.OK;
        if (latestIsFirstOfItsGroup(m)) {
            o.println(Terminal.safe("the latest run " + latest.runId() + " is the first of its group (another model,"
                    + " endpoint kind or scenario set): nothing earlier to compare it with"));
        }
        for (String line : m.latestRegressions()) o.println(Terminal.safe("REGRESSION " + line));
        if (m.latestRegressed()) return ExitCodes.GATE_FAILED;
        if (!unjudged.isEmpty()) {
            o.println(Terminal.safe("NOT JUDGED the latest run has no judged turn for " + String.join(", ", unjudged)
                    + "; its failure rate cannot be tested"));
            return ExitCodes.NOT_JUDGED;
        }
        o.println("gate passed: the latest run is no significant regression in strict failure rate (alpha "
                + ClusteredChange.ALPHA + ")");
        return ExitCodes.OK;
    }

    private static boolean latestIsFirstOfItsGroup(Trend.Model m) {
        for (Trend.Group g : m.groups()) if (g.runs().get(0) == m.latest()) return true;
        return false;
    }

    /** A run directory, or a glob the shell left unexpanded (quoted): its matches in name order. */
    static List<Path> expand(String arg) {
        Path p = Path.of(arg);
        if (Files.exists(p) || !arg.matches(".*[*?\\[{].*")) return List.of(p);
        Path parent = p.getParent() == null ? Path.of(".") : p.getParent();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p.getFileName().toString())) {
            for (Path d : ds) if (Files.isDirectory(d)) found.add(d);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(arg + ": cannot expand the pattern: " + e.getMessage(), e);
        }
        if (found.isEmpty()) throw new BadInputException(arg + ": no run directory matches");
        found.sort(null);
        return found;
    }
}
