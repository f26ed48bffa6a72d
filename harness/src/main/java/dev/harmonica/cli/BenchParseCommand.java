package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code harmonica bench parse}: strict and lenient parsing throughput on {@code harmony/perf/} input (a) one
 * 200-message ~101k-token completion and (b) 10,000 small completions (~613k tokens). Token input is tokenized once
 * outside the timed region; text input (tokenization included) is timed separately. Token input: the three parsers
 * are measured interleaved (warm-up rounds, then the median of the measured rounds; each round runs every parser once
 * in rotating order), and the CPU-time ratios to harmony non-strict are printed.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Benchmark: strict, harmony-non-strict and lenient parsing throughput on the harmony perf inputs.")
public final class BenchParseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Shared data folder holding harmony/perf/ (default ${DEFAULT-VALUE}, relative to the working directory).")
    Path data;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up runs (rounds) per measurement, and at least 3 s for token input (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "41", description = "Measured runs (rounds) per measurement (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--text-runs", defaultValue = "5", description = "Measured runs for text input incl. tokenization (default ${DEFAULT-VALUE}).")
    int textRuns;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two perf inputs, tokenized once outside the timed regions. */
    private record Inputs(Path a, String roleA, String textA, int[] tokensA, Path b, String roleB, String[] textsB,
                          int[][] tokensB, long totalB) {
    }

    @Override
    public Integer call() throws IOException {
        if (warmup < 0 || runs < 1 || textRuns < 1) throw new BadInputException("--warmup >= 0, --runs >= 1, --text-runs >= 1");
        Path perf = data.resolve("harmony/perf");
        Path a = perf.resolve("perf_a_large_completion.json");
        Path b = perf.resolve("perf_b_small_completions.json");
        for (Path p : List.of(a, b)) {
            if (!Files.isRegularFile(p)) throw new BadInputException(p + ": not found (use --data DIR, the folder holding harmony/perf/)");
        }
        PrintWriter out = spec.commandLine().getOut();
        HarmonyParsers.strict().parse(new int[0], null); // load tables outside the timed region
        Inputs in = load(a, b);
        out.printf(Locale.ROOT, "harmonica bench parse  (warm-up %d, median of %d runs; text input: median of %d)%n",
                warmup, runs, textRuns);
        out.printf(Locale.ROOT, "(a) %s: 1 completion, %,d tokens%n", a.getFileName(), in.tokensA().length);
        out.printf(Locale.ROOT, "(b) %s: %,d completions, %,d tokens%n%n", b.getFileName(), in.textsB().length, in.totalB());
        out.printf(Locale.ROOT, "%-36s %12s %12s %16s%n", "measurement", "median ms", "cpu ms", "tokens/s");
        tokenInput(out, in);
        textInput(out, in);
        out.println();
        out.println("median ms = wall clock; cpu ms = this thread's CPU time (less sensitive to shared cores);"
                + " tokens/s from wall clock");
        out.println("targets: (a) strict/lenient token input < 5 ms, (b) < 150 ms; openai/harmony ~50 ms and ~3.1 s");
        out.flush();
        return Main.OK;
    }

    private static Inputs load(Path a, Path b) throws IOException {
        HarmonyEncoding enc = HarmonyEncoding.get();
        JsonNode ja = JSON.readTree(a.toFile());
        String textA = text(ja, "text", a);
        int[] tokensA = enc.encodeWithSpecials(textA);
        if (ja.has("token_count") && ja.get("token_count").asInt() != tokensA.length) {
            throw new BadInputException(a + ": token_count " + ja.get("token_count") + " but the text tokenizes to " + tokensA.length);
        }
        if (ja.has("token_ids_sha256_u32le") && !ja.get("token_ids_sha256_u32le").asText().equals(sha256U32le(tokensA))) {
            throw new BadInputException(a + ": token_ids_sha256_u32le does not match the tokenized text");
        }
        JsonNode jb = JSON.readTree(b.toFile());
        JsonNode texts = jb.get("texts");
        if (texts == null || !texts.isArray()) throw new BadInputException(b + ": field texts: expected an array of strings");
        String[] textsB = new String[texts.size()];
        int[][] tokensB = new int[texts.size()][];
        long totalB = 0;
        for (int i = 0; i < textsB.length; i++) {
            textsB[i] = texts.get(i).asText();
            tokensB[i] = enc.encodeWithSpecials(textsB[i]);
            totalB += tokensB[i].length;
        }
        return new Inputs(a, role(ja, a), textA, tokensA, b, role(jb, b), textsB, tokensB, totalB);
    }

    /**
     * Token input. The three parsers are measured interleaved (each round runs each once, in rotating order) so that
     * none is measured while the JIT or the machine is in another state than for the others: measured one after the
     * other, whichever ran first was up to 3x slower (JFR showed the same compiled code; the order decided).
     */
    private void tokenInput(PrintWriter out, Inputs in) {
        List<HarmonyParser> parsers = List.of(HarmonyParsers.strict(), HarmonyParsers.harmonyNonStrict(), HarmonyParsers.lenient());
        for (HarmonyParser p : parsers) checkOk(p.parse(in.tokensA(), in.roleA()), p.kind().jsonName(), in.a());
        Timing[] msA = interleaved(parsers, p -> p.parse(in.tokensA(), in.roleA()), warmup, runs);
        Timing[] msB = interleaved(parsers, p -> {
            for (int[] t : in.tokensB()) p.parse(t, in.roleB());
        }, warmup, runs);
        for (int k = 0; k < parsers.size(); k++) {
            row(out, "(a) " + parsers.get(k).kind().jsonName() + ", token input", msA[k], in.tokensA().length);
        }
        for (int k = 0; k < parsers.size(); k++) {
            row(out, "(b) " + parsers.get(k).kind().jsonName() + ", token input", msB[k], in.totalB());
        }
        out.printf(Locale.ROOT, "(a) CPU ratios: strict / harmony_non_strict %.2fx, lenient / harmony_non_strict %.2fx%n",
                msA[0].cpuMs() / msA[1].cpuMs(), msA[2].cpuMs() / msA[1].cpuMs());
    }

    /** Text input, tokenization included (measured one parser after the other; tokenization dominates). */
    private void textInput(PrintWriter out, Inputs in) {
        for (HarmonyParser p : List.of(HarmonyParsers.strict(), HarmonyParsers.lenient())) {
            String name = p.kind().jsonName();
            Timing ms = median(() -> p.parseText(in.textA(), in.roleA()), Math.min(warmup, 3), textRuns);
            row(out, "(a) " + name + ", text input", ms, in.tokensA().length);
            Timing msB = median(() -> {
                for (String t : in.textsB()) p.parseText(t, in.roleB());
            }, Math.min(warmup, 2), textRuns);
            row(out, "(b) " + name + ", text input", msB, in.totalB());
        }
        HarmonyEncoding enc = HarmonyEncoding.get();
        Timing tok = median(() -> enc.encodeWithSpecials(in.textA()), Math.min(warmup, 3), textRuns);
        row(out, "(a) tokenization only", tok, in.tokensA().length);
    }

    private static void checkOk(ParseOutcome o, String parser, Path file) {
        if (!o.isOk()) throw new BadInputException(file + ": " + parser + " parse failed: " + o.error());
    }

    private static String role(JsonNode n, Path file) {
        JsonNode r = n.get("role");
        if (r == null || r.isNull()) return null;
        if (!r.isTextual()) throw new BadInputException(file + ": field role: expected a string or null");
        return r.asText();
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode t = n.get(field);
        if (t == null || !t.isTextual()) throw new BadInputException(file + ": field " + field + ": expected a string");
        return t.asText();
    }

    private static void row(PrintWriter out, String name, Timing t, long tokens) {
        out.printf(Locale.ROOT, "%-36s %12.3f %12.3f %16s%n", name, t.wallMs(), t.cpuMs(),
                String.format(Locale.ROOT, "%,.0f", tokens / (t.wallMs() / 1000.0)));
        out.flush();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Median wall-clock and median thread-CPU milliseconds (CPU time is robust when the cores are shared). */
    private record Timing(double wallMs, double cpuMs) {
    }

    /** Minimum warm-up time per interleaved measurement. */
    private static final long WARMUP_NANOS = 3_000_000_000L;

    /** Median timings of {@code work} per parser, measured in rounds that run every parser once, in rotating order. */
    private static Timing[] interleaved(List<HarmonyParser> parsers, Consumer<HarmonyParser> work, int warmup, int runs) {
        int n = parsers.size();
        double[][] wall = new double[n][runs], cpu = new double[n][runs];
        boolean withCpu = THREADS.isCurrentThreadCpuTimeSupported();
        // warm-up: at least `warmup` rounds and WARMUP_NANOS (a short input needs many rounds before C2 is done)
        long warmEnd = System.nanoTime() + WARMUP_NANOS;
        for (int round = 0; round < warmup || System.nanoTime() < warmEnd; round++) {
            for (int j = 0; j < n; j++) work.accept(parsers.get(Math.floorMod(j + round, n)));
        }
        for (int round = 0; round < runs; round++) {
            for (int j = 0; j < n; j++) {
                int k = Math.floorMod(j + round, n);
                long c0 = withCpu ? THREADS.getCurrentThreadCpuTime() : 0;
                long s = System.nanoTime();
                work.accept(parsers.get(k));
                wall[k][round] = (System.nanoTime() - s) / 1e6;
                cpu[k][round] = withCpu ? (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 : Double.NaN;
            }
        }
        Timing[] out = new Timing[n];
        for (int k = 0; k < n; k++) out[k] = new Timing(med(wall[k]), med(cpu[k]));
        return out;
    }

    private static Timing median(Runnable r, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] t = new double[runs];
        double[] c = new double[runs];
        boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
        for (int i = 0; i < runs; i++) {
            long c0 = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
            c[i] = cpu ? (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 : Double.NaN;
        }
        return new Timing(med(t), med(c));
    }

    private static double med(double[] t) {
        Arrays.sort(t);
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }

    private static String sha256U32le(int[] ids) {
        ByteBuffer bb = ByteBuffer.allocate(ids.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) bb.putInt(id);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
