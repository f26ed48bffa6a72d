package dev.harmonica.cli;

import dev.harmonica.report.Comparison;
import dev.harmonica.report.GateRule;
import dev.harmonica.report.Reports;
import dev.harmonica.report.UnjudgedRunsException;
import dev.harmonica.scenario.BadInputException;
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
                "RUN_B is the candidate, RUN_A the baseline. Scenarios are paired by id; only scenarios judged on"
                        + " both sides are paired. A failure rate's difference is the mean over paired scenarios of"
                        + " the per-scenario difference (failed judged turns / judged turns), with a seeded cluster"
                        + " bootstrap interval and the sign-flip permutation test of the same differences; beside it"
                        + " the minimal detectable difference, a depth-stratified Cochran-Mantel-Haenszel test, a"
                        + " Kaplan-Meier curve of turns until the first strict failure with a log-rank test, and"
                        + " McNemar's exact test on 'any failure' as a labelled secondary figure (docs/statistics.md)."
                        + " Unpaired data: a two-proportion z-test (Fisher's exact test for small counts). Writes"
                        + " comparison.csv and comparison.html into --out.",
                "Runs with turns the endpoint did not answer are refused (exit 3) unless --max-unjudged allows"
                        + " them; then the scenarios not judged on both sides are left out, and the output says how"
                        + " many.",
                "",
                "Rule grammar:  METRIC:COND[,COND...]   (every rule needs at least one condition)",
                "  METRIC: strict-rate-increase | lenient-rate-increase | non-strict-rate-increase |"
                        + " bfcl-accuracy-drop | swe-agreement-drop | new-signature",
                "  COND:   p<X   the test's p-value is below X (0<X<=1)",
                "          >X    B is worse by more than X percentage points",
                "          >=N   (new-signature only) B hit the new signature at least N times",
                "  A rule triggers when B is worse than A and every condition holds. Quote each rule: the shell"
                        + " reads < and > as redirections.",
                "  Examples: --fail-if 'strict-rate-increase:p<0.05' --fail-if 'bfcl-accuracy-drop:>2'"
                        + " --fail-if 'new-signature:>=1'"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared, no rule triggered", "1:a --fail-if rule triggered (one line per rule on stdout)",
                "2:bad usage, bad rule, or a run directory without a journal",
                "3:refused: a run has more unjudged turns (endpoint errors) than --max-unjudged; the message names"
                        + " both runs' counts"})
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

    @Option(names = "--max-unjudged", paramLabel = "N", defaultValue = "0",
            description = "Refuse (exit 3) when either run has more than N turns not judged (endpoint or harness"
                    + " errors) in the compared variants (default: ${DEFAULT-VALUE}); at or below N, compare only"
                    + " scenarios judged on both sides.")
    int maxUnjudged;

    @Override
    public Integer call() {
        List<GateRule> rules = GateRule.parseAll(failIf);
        if (maxUnjudged < 0) throw new BadInputException("--max-unjudged must not be negative, got " + maxUnjudged);
        Reports.CompareResult r;
        try {
            r = Reports.compare(runA, runB, new Reports.CompareOptions(out == null ? runB : out, variantA, variantB,
                    rules, maxUnjudged));
        } catch (UnjudgedRunsException e) {
            spec.commandLine().getErr().println("harmonica compare: " + Terminal.safe(e.getMessage()));
            return ExitCodes.NOT_JUDGED;
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Comparison c : r.comparisons()) {
            o.println(Terminal.safe(c.headline()));
            String left = c.pairing().leftOut();
            if (left != null) o.println("  " + Terminal.safe(left));
        }
        o.println(Terminal.safe(r.html().toAbsolutePath().normalize().toString()));
        for (String g : r.gateFailures()) o.println("FAIL " + Terminal.safe(g));
        if (!rules.isEmpty() && !r.gateFailed()) {
            o.println("gate passed: " + rules.size() + " rule(s), " + r.comparisons().size() + " comparison(s)");
        }
        return r.gateFailed() ? ExitCodes.GATE_FAILED : ExitCodes.OK;
    }
}
