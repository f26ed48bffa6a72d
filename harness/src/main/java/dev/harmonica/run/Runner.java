package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.journal.Digests;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.turn.TurnAnalyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs scenario sets × variants into a run directory: {@code run.json} (resolved config, dataset hashes, versions)
 * and {@code journal.jsonl} (see {@link Journal} for the completeness rule). Scenarios run concurrently on a
 * bounded pool sized to the endpoint's concurrency limit; turns within a scenario are sequential.
 */
public final class Runner {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String JOURNAL = "journal.jsonl";
    public static final String RUN_JSON = "run.json";

    private Runner() {
    }

    /**
     * How to run.
     *
     * @param outDir        run directory (null: {@code reports/<run-id>} under {@code datasetsBase})
     * @param datasetsBase  base for relative scenario-set paths (the project root, or {@code --datasets})
     * @param shard         the slice to run
     * @param resume        continue the run in {@code outDir} (its {@code run.json} config wins)
     * @param crashHook     test hook (null in production)
     * @param progress      where the progress line goes (null: nowhere)
     * @param terminal      progress with {@code \r} (a console) or periodic lines
     */
    public record Options(Path outDir, Path datasetsBase, Shard shard, boolean resume, Journal.CrashHook crashHook,
                          PrintStream progress, boolean terminal) {
        public static Options defaults(Path outDir, Path base) {
            return new Options(outDir, base, Shard.ALL, false, null, null, false);
        }

        public Options resuming() {
            return new Options(outDir, datasetsBase, shard, true, crashHook, progress, terminal);
        }

        public Options withCrashHook(Journal.CrashHook hook) {
            return new Options(outDir, datasetsBase, shard, resume, hook, progress, terminal);
        }

        public Options withShard(Shard s) {
            return new Options(outDir, datasetsBase, s, resume, crashHook, progress, terminal);
        }

        public Options withProgress(PrintStream out, boolean term) {
            return new Options(outDir, datasetsBase, shard, resume, crashHook, out, term);
        }
    }

    /** What a run did. */
    public record Result(Path runDir, String runId, int scenarioVariants, int skippedComplete, int played,
                         int errors, long turns, double seconds) {
    }

    /** Makes the endpoint for a resolved config (the simulator or an HTTP client). */
    @FunctionalInterface
    public interface EndpointFactory {
        Endpoint create(RunConfig.EndpointSettings settings);
    }

    /** The run directory a config would use, and its config (from {@code run.json} when resuming). */
    public static RunConfig resolveForResume(Path runDir) {
        Path rj = runDir.resolve(RUN_JSON);
        if (!Files.exists(rj)) {
            throw new BadInputException("--resume " + runDir + ": no " + RUN_JSON + " there (not a run directory)");
        }
        try {
            JsonNode root = MAPPER.readTree(rj.toFile());
            return RunFile.fromJson(root.get("config"), rj.toString());
        } catch (IOException e) {
            throw new BadInputException(rj + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads the scenarios of a run (the default reads the config's scenario sets). */
    @FunctionalInterface
    public interface ScenarioLoader {
        List<Scenario> load(RunConfig config, Path base, Shard shard);
    }

    /**
     * What a run talks to. {@link #standard} is the production wiring; tests replace parts.
     */
    public record Services(EndpointFactory endpoints, TurnAnalyzer analyzer, RendererFactory renderers,
                           ScenarioLoader loader) {
        public static Services standard(EndpointFactory endpoints) {
            return new Services(endpoints, TurnAnalyzer.harmony(), RendererFactory.harmony(), Runner::loadScenarios);
        }

        public Services withAnalyzer(TurnAnalyzer a) {
            return new Services(endpoints, a, renderers, loader);
        }

        public Services withLoader(ScenarioLoader l) {
            return new Services(endpoints, analyzer, renderers, l);
        }
    }

    public static Result run(RunConfig config, Options opts, Services services) {
        EndpointFactory endpoints = services.endpoints();
        TurnAnalyzer analyzer = services.analyzer();
        RendererFactory renderers = services.renderers();
        long start = System.nanoTime();
        Path base = opts.datasetsBase();
        Path runDir;
        RunConfig rc;
        Shard shard = opts.shard();
        if (opts.resume()) {
            if (opts.outDir() == null) throw new BadInputException("--resume needs the run directory");
            runDir = opts.outDir();
            rc = resolveForResume(runDir);
            shard = readShard(runDir);
            if (opts.datasetsBase() == null) base = readBase(runDir);
        } else {
            rc = config.runId() == null ? config.withRunId(newRunId(config)) : config;
            runDir = opts.outDir() != null ? opts.outDir()
                    : base.resolve("reports").resolve(rc.runId() + (shard.count() > 1
                    ? "-shard-" + shard.index() + "-of-" + shard.count() : ""));
            if (Files.exists(runDir.resolve(JOURNAL)) || Files.exists(runDir.resolve(RUN_JSON))) {
                throw new BadInputException(runDir + " already holds a run; use --resume " + runDir
                        + " to finish it, or --out to choose another directory");
            }
        }
        List<Scenario> scenarios = services.loader().load(rc, base, shard);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new BadInputException("cannot create run directory " + runDir + ": " + e.getMessage(), e);
        }
        if (!opts.resume()) writeRunJson(runDir, rc, shard, base, scenarios.size());
        Path journalPath = runDir.resolve(JOURNAL);
        Set<JournalReader.Key> complete = Set.of();
        if (opts.resume()) {
            JournalReader.compactForResume(journalPath);
            complete = JournalReader.completeKeys(journalPath);
        }
        List<Work> work = new ArrayList<>();
        int skipped = 0;
        for (Scenario s : scenarios) {
            for (Variant v : rc.variants()) {
                if (complete.contains(new JournalReader.Key(s.id(), v.name()))) skipped++;
                else work.add(new Work(s, v));
            }
        }
        Progress progress = new Progress(opts.progress(), opts.terminal(), work.size(), opts.terminal() ? 200 : 10_000);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        final RunConfig frc = rc;
        final String shardLabel = shard.label();
        try (Journal journal = Journal.open(journalPath, opts.crashHook());
             Endpoint endpoint = endpoints.create(rc.endpoint())) {
            int threads = Math.max(1, Math.min(rc.endpoint().concurrency(), Math.max(1, work.size())));
            ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
            List<Future<?>> futures = new ArrayList<>(work.size());
            for (Work w : work) {
                futures.add(pool.submit(() -> {
                    if (crash.get() != null) return;
                    try {
                        ScenarioPlayer player = new ScenarioPlayer(frc.runId(), shardLabel, frc, endpoint, analyzer,
                                renderers, t -> {
                            journal.append(t);
                            progress.turn(t.strict() != null && !t.strict().ok());
                        });
                        ScenarioRecord sr;
                        try {
                            sr = player.play(w.scenario, w.variant);
                        } catch (RuntimeException e) {
                            // a bug or bad data in one scenario must not lose the night: record it and go on
                            sr = new ScenarioRecord(ScenarioRecord.TYPE, frc.runId(), shardLabel, w.scenario.id(),
                                    w.scenario.source(), w.scenario.category(), w.variant.name(), "error",
                                    "internal error: " + e, 0, 0, 0, null, null, null, null, null);
                        }
                        journal.append(sr);
                        if (frc.fsync()) journal.sync();
                        boolean err = "error".equals(sr.status());
                        if (err) errors.incrementAndGet();
                        progress.scenario(err);
                    } catch (Journal.SimulatedCrash | UncheckedIOException c) {
                        crash.compareAndSet(null, c);
                    }
                }));
            }
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    if (crash.get() != null) pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            for (Future<?> f : futures) {
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        crash.compareAndSet(null, e.getCause() == null ? e : e.getCause());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + journalPath + ": " + e.getMessage(), e);
        }
        progress.finish();
        Throwable c = crash.get();
        if (c instanceof Journal.SimulatedCrash sc) throw sc;
        if (c instanceof UncheckedIOException u) throw u;
        if (c != null) throw new IllegalStateException("run failed: " + c, c);
        return new Result(runDir, rc.runId(), scenarios.size() * rc.variants().size(), skipped, work.size(),
                errors.get(), progress.turns(), (System.nanoTime() - start) / 1e9);
    }

    private record Work(Scenario scenario, Variant variant) {
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "harmonica-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Loads every set, applies the limit and the shard; ids must be unique across the run (the journal key). */
    public static List<Scenario> loadScenarios(RunConfig rc, Path base, Shard shard) {
        List<Scenario> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String spec : rc.scenarioSets()) {
            List<Scenario> set = ScenarioSets.load(spec, base);
            if (rc.limit() > 0 && set.size() > rc.limit()) set = set.subList(0, rc.limit());
            for (Scenario s : set) {
                String prev = seen.putIfAbsent(s.id(), spec);
                if (prev != null) {
                    throw new BadInputException("scenario id '" + s.id() + "' appears in " + prev
                            + (prev.equals(spec) ? " twice" : " and in " + spec)
                            + "; ids must be unique within a run (they key the journal)");
                }
                if (shard.includes(s.id())) out.add(s);
            }
        }
        return out;
    }

    static String newRunId(RunConfig rc) {
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        return ts + "-" + Digests.sha256Hex16(RunFile.toJson(rc).toString()).substring(0, 6);
    }

    /** The base directory the run resolved relative scenario paths against (run.json {@code datasets_base}). */
    private static Path readBase(Path runDir) {
        try {
            JsonNode b = MAPPER.readTree(runDir.resolve(RUN_JSON).toFile()).get("datasets_base");
            if (b != null && b.isTextual() && Files.isDirectory(Path.of(b.textValue()))) return Path.of(b.textValue());
        } catch (IOException e) {
            throw new BadInputException(runDir.resolve(RUN_JSON) + ": cannot read: " + e.getMessage(), e);
        }
        return Path.of("").toAbsolutePath();
    }

    private static Shard readShard(Path runDir) {
        try {
            JsonNode root = MAPPER.readTree(runDir.resolve(RUN_JSON).toFile());
            JsonNode s = root.get("shard");
            return s == null || s.isNull() ? Shard.ALL : Shard.parse(s.asText());
        } catch (IOException e) {
            throw new BadInputException(runDir.resolve(RUN_JSON) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The digest of a config as far as merging is concerned (everything but the run id). */
    public static String configDigest(RunConfig rc) {
        ObjectNode j = RunFile.toJson(rc.withRunId(null));
        return Digests.sha256Hex16(j.toString());
    }

    private static void writeRunJson(Path runDir, RunConfig rc, Shard shard, Path base, int scenarios) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("run_id", rc.runId());
        o.put("created", Instant.now().toString());
        o.put("shard", shard.label());
        o.put("simulator", rc.endpoint().simulatedModel());
        o.put("config_digest", configDigest(rc));
        o.put("datasets_base", base.toAbsolutePath().normalize().toString());
        o.set("config", RunFile.toJson(rc));
        o.put("scenarios", scenarios);
        ObjectNode versions = o.putObject("versions");
        String v = Runner.class.getPackage().getImplementationVersion();
        versions.put("harmonica", v == null ? "dev" : v);
        versions.put("java", System.getProperty("java.version"));
        versions.put("journal_format", 1);
        ArrayNode ds = o.putArray("datasets");
        for (String spec : rc.scenarioSets()) {
            ObjectNode d = ds.addObject();
            d.put("spec", spec);
            ArrayNode files = d.putArray("files");
            List<Path> specFiles;
            try {
                specFiles = ScenarioSets.files(spec, base);
            } catch (RuntimeException e) {
                d.put("error", String.valueOf(e.getMessage()));
                continue;
            }
            for (Path f : specFiles) {
                ObjectNode fo = files.addObject();
                fo.put("path", base.relativize(f.toAbsolutePath().normalize()).toString());
                try {
                    fo.put("bytes", Files.size(f));
                    fo.put("sha256", sha256(f));
                } catch (IOException e) {
                    fo.put("error", e.getMessage());
                }
            }
        }
        Path tmp = runDir.resolve(RUN_JSON + ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), o);
            Files.move(tmp, runDir.resolve(RUN_JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
