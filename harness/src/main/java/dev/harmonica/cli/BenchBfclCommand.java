package dev.harmonica.cli;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclChecker;
import dev.harmonica.tools.bfcl.BfclRuntime;
import dev.harmonica.tools.bfcl.BfclVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code harmonica bench bfcl}: executes and checks the ground truth of all entries of the four categories in one
 * process (the ground truth as the model's answer, so both sides execute every call), with warm-up rounds, and
 * reports the median round time. BFCL's Python needs about 0.8 s for the same 800 entries.
 */
@Command(name = "bfcl", mixinStandardHelpOptions = true,
        description = "Benchmark: execute and check BFCL ground truth (all categories; warm-up, then medians).")
public final class BenchBfclCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bfcl-data", required = true, paramLabel = "DIR", description = "BFCL v4 data folder.")
    Path dataDir;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up rounds (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "9", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<BfclEntry> entries = new ArrayList<>();
        for (BfclCategory c : BfclCategory.values()) entries.addAll(BfclCli.load(dataDir, c));
        BfclRuntime runtime = new BfclRuntime(dataDir);
        runtime.constants();
        long loadNanos = System.nanoTime() - t0;
        List<List<List<List<String>>>> answers = new ArrayList<>();
        for (BfclEntry e : entries) {
            List<List<List<String>>> a = new ArrayList<>();
            for (List<String> t : e.groundTruth()) a.add(t.isEmpty() ? List.of() : List.of(t));
            answers.add(a);
        }
        int valid = 0;
        long[] times = new long[rounds];
        long[] cpu = new long[rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = -warmup; r < rounds; r++) {
            long cpuStart = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < entries.size(); i++) {
                BfclEntry e = entries.get(i);
                BfclVerdict v = BfclChecker.check(e, answers.get(i), BfclChecker.DEFAULT_MODEL_NAME,
                        runtime.factoryFor(e));
                if (v.valid()) ok++;
            }
            long el = System.nanoTime() - start;
            if (r >= 0) {
                times[r] = el;
                cpu[r] = mx.getCurrentThreadCpuTime() - cpuStart;
            }
            valid = ok;
        }
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        long[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        out.printf("bench bfcl: %d entries (execute + check ground truth, both sides), %d warm-up + %d rounds%n",
                entries.size(), warmup, rounds);
        out.printf("  load (4 categories + long-context constants, once): %.1f ms%n", loadNanos / 1e6);
        if (rounds > 0) {
            out.printf("  round wall time: median %.1f ms, min %.1f ms, max %.1f ms (BFCL's Python: ~800 ms)%n",
                    median, sorted[0] / 1e6, sorted[rounds - 1] / 1e6);
            out.printf("  round CPU time (this thread): median %.1f ms, min %.1f ms%n", median(cpuSorted),
                    cpuSorted[0] / 1e6);
        }
        out.printf("  valid: %d/%d%n", valid, entries.size());
        out.flush();
        return valid == entries.size() ? Main.OK : Main.FAILED;
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        if (n == 0) return 0;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }
}
