package dev.harmonica.cli;

import dev.harmonica.report.Comparison;
import dev.harmonica.report.GateRule;
import dev.harmonica.report.Reports;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica report}: Build CSV, Markdown, JUnit and HTML reports from a run journal. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Build CSV, Markdown, JUnit and HTML reports from a run journal.",
                "Writes turns.csv, failure_modes.csv, depth.csv, census.csv, summary.csv, summary.json, summary.md,"
                        + " bfcl_scores.csv, junit.xml and a self-contained index.html into RUN_DIR, then prints the"
                        + " path of index.html and the headline A/B result.",
                "--fail-if rules (see `harmonica compare --help`) are applied to each variant against the first"
                        + " (baseline) variant of the run."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reports written (and no --fail-if rule triggered)", "1:a --fail-if rule triggered",
                "2:bad usage, bad rule, or no journal in RUN_DIR (or the --bfcl-results files could not be written)"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory (reports/<run-id>/) with journal.jsonl or journal-<shard>.jsonl.")
    Path runDir;

    @Option(names = "--fail-if", paramLabel = "RULE", description = "Gate rule, repeatable, e.g. 'strict-rate-increase:p<0.05' (quoted: the shell reads < and > as redirections).")
    List<String> failIf = new ArrayList<>();

    @Mixin
    BfclResultsOptions bfclFiles = new BfclResultsOptions();

    @Option(names = "--drill-down", paramLabel = "N", defaultValue = "30", description = "Scenarios in the HTML drill-down sample (default: ${DEFAULT-VALUE}).")
    int drillDown;

    @Override
    public Integer call() {
        List<GateRule> rules = GateRule.parseAll(failIf);
        if (drillDown < 0) throw new BadInputException("--drill-down must not be negative");
        Reports.Result r = Reports.writeAll(runDir, new Reports.Options(drillDown));
        PrintWriter out = spec.commandLine().getOut();
        out.println(r.indexHtml().toAbsolutePath().normalize());
        out.println(Terminal.safe(r.headline()));
        if (r.model().run().warnings().total() > 0) {
            spec.commandLine().getErr().println("harmonica report: " + r.model().run().warnings().total()
                    + " journal warning(s), e.g. " + r.model().run().warnings().first().get(0));
        }
        List<Comparison> cs = r.model().comparisons();
        List<String> gate = Reports.gate(cs, rules);
        for (String g : gate) out.println("FAIL " + g);
        if (!rules.isEmpty() && gate.isEmpty()) out.println("gate passed: " + rules.size() + " rule(s), " + cs.size() + " comparison(s)");
        if (bfclFiles.requested() && !bfclFiles.write(runDir, "report", out, spec.commandLine().getErr())) {
            return Main.USAGE;
        }
        return gate.isEmpty() ? Main.OK : Main.FAILED;
    }
}
