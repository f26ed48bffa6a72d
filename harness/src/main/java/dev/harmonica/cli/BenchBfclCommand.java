package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclChecker;
import dev.harmonica.tools.bfcl.BfclRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code harmonica bench bfcl}: executes and checks the ground truth of all entries of the four categories in one
 * process (the ground truth as the model's answer, so both sides execute every call). Reports the cold first round
 * apart from the warm steady state: warm-up rounds run until {@code --stable} consecutive rounds lie within
 * {@code --tolerance} of each other, then {@code --rounds} measured rounds give the median and its spread. With
 * {@code --python}, BFCL's own checker (bfcl-eval, through the test tooling's {@code bfcl_reference.py timing})
 * is timed the same way, side by side.
 */
@Command(name = "bfcl", mixinStandardHelpOptions = true,
        description = "Benchmark: execute and check BFCL ground truth (all categories): cold first round, warm "
                + "steady state (median and spread), optionally BFCL's Python side by side.")
public final class BenchBfclCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bfcl-data", required = true, paramLabel = "DIR", description = "BFCL v4 data folder.")
    Path dataDir;

    @Option(names = "--rounds", defaultValue = "15", description = "Measured warm rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--stable", defaultValue = "3", description = "Warm-up ends when this many consecutive rounds "
            + "are within --tolerance of each other (default: ${DEFAULT-VALUE}).")
    int stable;

    @Option(names = "--tolerance", defaultValue = "0.05", description = "Relative spread (max-min)/median that "
            + "counts as stable (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-warmup", defaultValue = "60", description = "Most warm-up rounds (default: "
            + "${DEFAULT-VALUE}).")
    int maxWarmup;

    @Option(names = "--python", paramLabel = "PATH", description = "A Python with bfcl-eval 2026.3.23: time BFCL's own "
            + "checker on the same work.")
    String python;

    @Option(names = "--python-rounds", defaultValue = "5", description = "Rounds for --python (the first is its cold "
            + "round; default: ${DEFAULT-VALUE}).")
    int pythonRounds;

    @Option(names = "--python-script", paramLabel = "FILE", defaultValue =
            "harness/src/test/python/differential/bfcl/bfcl_reference.py", description = "The timing script of the "
            + "test tooling (default: ${DEFAULT-VALUE}, relative to the repository).")
    Path pythonScript;

    /** One round's wall and CPU time, in nanoseconds, and its valid count. */
    private record Round(long wall, long cpu, int valid) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rounds < 1 || stable < 2 || tolerance <= 0) {
            throw new BadInputException("--rounds must be at least 1, --stable at least 2, --tolerance above 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<BfclEntry> entries = new ArrayList<>();
        for (BfclCategory c : BfclCategory.values()) entries.addAll(BfclCli.load(dataDir, c));
        BfclRuntime runtime = new BfclRuntime(dataDir);
        runtime.constants();
        long load = System.nanoTime() - t0;
        List<List<List<List<String>>>> answers = new ArrayList<>();
        for (BfclEntry e : entries) {
            List<List<List<String>>> a = new ArrayList<>();
            for (List<String> t : e.groundTruth()) a.add(t.isEmpty() ? List.of() : List.of(t));
            answers.add(a);
        }
        Round cold = round(entries, answers, runtime);
        List<Round> warmup = new ArrayList<>();
        while (warmup.size() < maxWarmup && !stable(warmup)) warmup.add(round(entries, answers, runtime));
        List<Round> measured = new ArrayList<>();
        for (int r = 0; r < rounds; r++) measured.add(round(entries, answers, runtime));
        int valid = measured.get(measured.size() - 1).valid();
        out.printf(Locale.ROOT, "bench bfcl: %d entries (execute + check ground truth, both sides)%n", entries.size());
        out.printf(Locale.ROOT, "  load (4 categories + long-context constants, once): %.1f ms%n", load / 1e6);
        out.printf(Locale.ROOT, "  cold first round: %.1f ms (CPU %.1f ms), %d/%d valid%n", cold.wall() / 1e6,
                cold.cpu() / 1e6, cold.valid(), entries.size());
        out.printf(Locale.ROOT, "  warm-up: %d rounds until %d consecutive rounds were within %.0f%%%s%n",
                warmup.size(), stable, tolerance * 100, stable(warmup) ? "" : " (not reached: --max-warmup)");
        out.printf(Locale.ROOT, "  warm steady state: %s; CPU median %.1f ms%n", spread(walls(measured)),
                median(cpus(measured)));
        if (python != null) out.printf(Locale.ROOT, "  %s%n", pythonTiming());
        out.printf(Locale.ROOT, "  valid: %d/%d%n", valid, entries.size());
        out.flush();
        return valid == entries.size() && cold.valid() == entries.size() ? Main.OK : Main.FAILED;
    }

    private static Round round(List<BfclEntry> entries, List<List<List<List<String>>>> answers, BfclRuntime runtime) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int ok = 0;
        for (int i = 0; i < entries.size(); i++) {
            BfclEntry e = entries.get(i);
            if (BfclChecker.check(e, answers.get(i), BfclChecker.DEFAULT_MODEL_NAME, runtime.factoryFor(e)).valid()) {
                ok++;
            }
        }
        return new Round(System.nanoTime() - start, mx.getCurrentThreadCpuTime() - cpuStart, ok);
    }

    /** Whether the last {@link #stable} rounds lie within {@link #tolerance} of their median. */
    private boolean stable(List<Round> warmup) {
        if (warmup.size() < stable) return false;
        long[] last = walls(warmup.subList(warmup.size() - stable, warmup.size()));
        Arrays.sort(last);
        return (last[last.length - 1] - last[0]) / (median(last) * 1e6) <= tolerance;
    }

    private static long[] walls(List<Round> rs) {
        return rs.stream().mapToLong(Round::wall).toArray();
    }

    private static long[] cpus(List<Round> rs) {
        return rs.stream().mapToLong(Round::cpu).toArray();
    }

    /** Milliseconds. */
    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) return 0;
        return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0) / 1e6;
    }

    /** {@code median X ms over N rounds (p10 a, p90 b, min c, max d)}. */
    static String spread(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format(Locale.ROOT, "median %.1f ms over %d rounds (p10 %.1f, p90 %.1f, min %.1f, max %.1f ms)",
                median(s), n, s[(int) Math.floor(0.1 * (n - 1))] / 1e6, s[(int) Math.ceil(0.9 * (n - 1))] / 1e6,
                s[0] / 1e6, s[n - 1] / 1e6);
    }

    /** Runs {@code bfcl_reference.py timing} with {@code --python} and summarises its rounds. */
    private String pythonTiming() throws IOException, InterruptedException {
        if (!Files.isRegularFile(pythonScript)) {
            throw new BadInputException("--python-script " + pythonScript + ": file not found (run from the repository, "
                    + "or pass the path of harness/src/test/python/differential/bfcl/bfcl_reference.py)");
        }
        ProcessBuilder pb = new ProcessBuilder(python, pythonScript.toString(), "timing", "--data",
                dataDir.toString(), "--rounds", Integer.toString(Math.max(2, pythonRounds)));
        pb.environment().put("PYTHONWARNINGS", "ignore");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BadInputException("--python " + python + ": " + e.getMessage());
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new BadInputException("--python " + python + ": the timing script failed (exit "
                    + (p.isAlive() ? "timeout" : p.exitValue()) + "); does it have bfcl-eval 2026.3.23?");
        }
        ObjectMapper json = new ObjectMapper();
        List<Long> nanos = new ArrayList<>();
        String version = "";
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            if (n.has("seconds")) nanos.add(Math.round(n.get("seconds").asDouble() * 1e9));
            if (n.has("python")) version = " (bfcl-eval " + n.get("bfcl_eval").asText() + ", CPython " + n.get("python").asText() + ")";
        }
        if (nanos.size() < 2) throw new BadInputException("--python " + python + ": no timing rounds in its output");
        long[] warm = nanos.subList(1, nanos.size()).stream().mapToLong(Long::longValue).toArray();
        return String.format(Locale.ROOT, "BFCL's Python%s: cold first round %.1f ms; warm %s", version,
                nanos.get(0) / 1e6, spread(warm));
    }
}
