package dev.harmonica.cli;

import dev.harmonica.report.Reports;
import dev.harmonica.report.SyntheticJournal;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code harmonica bench report}: report generation on a large synthetic journal. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Benchmark: report generation on a large synthetic journal.",
                "Generates a seeded synthetic run (default 1,000,000 turns, two variants, realistic field sizes) in a"
                        + " temporary directory, then times Reports.writeAll (all CSVs, JSON, Markdown, JUnit, HTML)"
                        + " after warm-up and prints the median wall time and the peak heap.",
                "Run the JVM with -Xmx1g to prove the memory bound: java -Xmx1g -jar harness/target/harmonica.jar"
                        + " bench report"})
public final class BenchReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--turns", defaultValue = "1000000", description = "Turn records in the synthetic journal (default: ${DEFAULT-VALUE}).")
    long turns;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "3", description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--dir", description = "Use this directory instead of a temporary one (kept afterwards).")
    Path dir;

    @Option(names = "--reuse", description = "With --dir: reuse the journal already there instead of generating one.")
    boolean reuse;

    @Override
    public Integer call() throws IOException {
        if (turns < 1 || iterations < 1 || warmup < 0) throw new BadInputException("--turns and --iterations must be >= 1, --warmup >= 0");
        PrintWriter out = spec.commandLine().getOut();
        Path runDir = dir != null ? dir : Files.createTempDirectory("harmonica-bench-report-");
        try {
            long t0 = System.nanoTime();
            if (reuse && dir == null) throw new BadInputException("--reuse needs --dir");
            long n = reuse && Files.isRegularFile(runDir.resolve("journal.jsonl")) ? countLines(runDir.resolve("journal.jsonl"))
                    : SyntheticJournal.write(runDir, SyntheticJournal.Spec.of(turns, seed));
            long genMs = (System.nanoTime() - t0) / 1_000_000;
            long bytes = Files.size(runDir.resolve("journal.jsonl"));
            out.printf(Locale.ROOT, "journal: %,d turn records, %,d bytes (%.0f bytes/line avg), %s in %,d ms%n",
                    n, bytes, (double) bytes / Math.max(1, n), reuse ? "reused, counted" : "generated", genMs);
            out.printf(Locale.ROOT, "JVM max heap: %,d MB, %d processors%n", Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            List<Long> times = new ArrayList<>();
            List<Long> peaks = new ArrayList<>();
            List<Long> lives = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                System.gc();
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                long s = System.nanoTime();
                Reports.Result r;
                try {
                    r = Reports.writeAll(runDir);
                } finally {
                    sampler.stop = true;
                }
                long ms = (System.nanoTime() - s) / 1_000_000;
                try {
                    sampler.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                boolean measured = i >= warmup;
                out.printf(Locale.ROOT, "%s %d: %,d ms, peak heap used %,d MB, peak live heap (after GC) %,d MB%n",
                        measured ? "run" : "warm-up", measured ? i - warmup + 1 : i + 1, ms, sampler.peakUsed >> 20,
                        sampler.peakLive >> 20);
                if (measured) {
                    times.add(ms);
                    peaks.add(sampler.peakUsed);
                    lives.add(sampler.peakLive);
                }
                if (i == 0) out.println("headline: " + r.headline());
                out.flush();
            }
            times.sort(null);
            peaks.sort(null);
            lives.sort(null);
            out.printf(Locale.ROOT, "median: %,d ms wall (%,.0f turns/s); peak heap used median %,d MB, peak live heap"
                    + " median %,d MB (JVM max %,d MB); index.html %,d bytes%n", times.get(times.size() / 2),
                    n * 1000.0 / Math.max(1, times.get(times.size() / 2)), peaks.get(peaks.size() / 2) >> 20,
                    lives.get(lives.size() / 2) >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    Files.size(runDir.resolve("index.html")));
            return Main.OK;
        } finally {
            if (dir == null) deleteTree(runDir);
        }
    }

    /** Samples heap use every 20 ms: peak used (garbage included) and peak occupancy right after a GC (live set). */
    static final class HeapSampler extends Thread {
        volatile boolean stop;
        long peakUsed, peakLive;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            sample();
        }

        private void sample() {
            peakUsed = Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            long live = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP && p.isValid() && p.getCollectionUsage() != null) {
                    live += p.getCollectionUsage().getUsed();
                }
            }
            peakLive = Math.max(peakLive, live);
        }
    }

    private static long countLines(Path f) throws IOException {
        try (Stream<String> s = Files.lines(f)) {
            return s.filter(l -> l.startsWith("{\"type\":\"turn\"")).count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
