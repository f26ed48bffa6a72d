package dev.harmonica.cli;

import dev.harmonica.report.Comparison;
import dev.harmonica.report.GateRule;
import dev.harmonica.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica compare}: Compare two runs (paired tests) and gate on --fail-if rules. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two runs (paired tests) and gate on --fail-if rules.",
                "RUN_B is the candidate, RUN_A the baseline. Scenarios are paired by id and turns by (scenario id,"
                        + " turn, step); paired data uses McNemar's exact test on scenario outcomes with a seeded"
                        + " bootstrap interval, unpaired data a two-proportion z-test (Fisher's exact test for small"
                        + " counts). Writes comparison.csv and comparison.html into --out.",
                "",
                "Rule grammar:  METRIC[:COND[,COND...]]",
                "  METRIC: strict-rate-increase | lenient-rate-increase | non-strict-rate-increase |"
                        + " bfcl-accuracy-drop | swe-agreement-drop | new-signature",
                "  COND:   p<X   the test's p-value is below X (0<X<=1)",
                "          >X    B is worse by more than X percentage points",
                "          >=N   (new-signature only) B hit the new signature at least N times",
                "  A rule triggers when B is worse than A and every condition holds. Defaults: p<0.05 for the rate"
                        + " and accuracy rules, >0 for swe-agreement-drop, >=1 for new-signature.",
                "  Examples: --fail-if strict-rate-increase:p<0.05 --fail-if bfcl-accuracy-drop:>2 --fail-if new-signature"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared, no rule triggered", "1:a --fail-if rule triggered (one line per rule on stdout)",
                "2:bad usage, bad rule, or a run directory without a journal"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "Baseline run directory.")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Candidate run directory.")
    Path runB;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write comparison.csv and comparison.html (default: RUN_B).")
    Path out;

    @Option(names = "--variant-a", paramLabel = "NAME", description = "Variant of RUN_A to compare (default: match by name).")
    String variantA;

    @Option(names = "--variant-b", paramLabel = "NAME", description = "Variant of RUN_B to compare (default: match by name).")
    String variantB;

    @Option(names = "--fail-if", paramLabel = "RULE", description = "Gate rule, repeatable (grammar above).")
    List<String> failIf = new ArrayList<>();

    @Override
    public Integer call() {
        List<GateRule> rules = GateRule.parseAll(failIf);
        Reports.CompareResult r = Reports.compare(runA, runB, out == null ? runB : out, variantA, variantB, rules);
        PrintWriter o = spec.commandLine().getOut();
        for (Comparison c : r.comparisons()) o.println(c.headline());
        o.println(r.html().toAbsolutePath().normalize());
        for (String g : r.gateFailures()) o.println("FAIL " + g);
        if (!rules.isEmpty() && !r.gateFailed()) {
            o.println("gate passed: " + rules.size() + " rule(s), " + r.comparisons().size() + " comparison(s)");
        }
        return r.gateFailed() ? Main.FAILED : Main.OK;
    }
}
