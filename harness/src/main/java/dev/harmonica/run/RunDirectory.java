package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.Digests;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run directory: {@code run.json} (the resolved configuration — no secrets —, dataset hashes, versions and what
 * the endpoint is) and {@code journal.jsonl}. {@link #prepare} resolves where the run goes and with which config
 * (on resume: the one recorded in {@code run.json}); {@link #create} makes it.
 */
final class RunDirectory {
    static final String JOURNAL = "journal.jsonl";
    static final String RUN_JSON = "run.json";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final RunSpec config;
    private final Shard shard;
    private final Path base;
    private final boolean resume;

    private RunDirectory(Path path, RunSpec config, Shard shard, Path base, boolean resume) {
        this.path = path;
        this.config = config;
        this.shard = shard;
        this.base = base;
        this.resume = resume;
    }

    Path path() {
        return path;
    }

    RunSpec config() {
        return config;
    }

    Shard shard() {
        return shard;
    }

    Path base() {
        return base;
    }

    Path journal() {
        return path.resolve(JOURNAL);
    }

    /** Where the run goes and with which config. A fresh run never reuses a directory that holds one. */
    static RunDirectory prepare(RunSpec config, Runner.Options opts) {
        if (opts.resume()) {
            if (opts.outDir() == null) throw new BadInputException("--resume needs the run directory");
            Path dir = opts.outDir();
            Path base = opts.datasetsBase() != null ? opts.datasetsBase() : readBase(dir);
            return new RunDirectory(dir, readConfig(dir), readShard(dir), base, true);
        }
        RunSpec rc = config.runId() == null ? config.withRunId(newRunId(config, opts.clock())) : config;
        if (rc.systemDate() == null) {
            rc = rc.withSystemDate(LocalDate.now(opts.clock().withZone(ZoneOffset.UTC)).toString());
        }
        Shard shard = opts.shard();
        Path dir = opts.outDir() != null ? opts.outDir()
                : opts.datasetsBase().resolve("reports").resolve(rc.runId() + (shard.count() > 1
                ? "-shard-" + shard.index() + "-of-" + shard.count() : ""));
        if (Files.exists(dir.resolve(JOURNAL)) || Files.exists(dir.resolve(RUN_JSON))) {
            if (!opts.overwrite()) throw new BadInputException(occupied(dir));
            clear(dir);
        }
        return new RunDirectory(dir, rc, shard, opts.datasetsBase(), false);
    }

    /** What to say about a directory that already holds a run. */
    private static String occupied(Path dir) {
        boolean judged = Files.exists(dir.resolve(JOURNAL)) && !JournalReader.lastEnded(dir.resolve(JOURNAL)).isEmpty();
        return dir + " already holds a run" + (judged ? "" : " that never finished a scenario (its start failed?)")
                + "; use --resume " + dir + " to finish it, --out DIR or --run-id ID for a new one, or --overwrite to "
                + "replace it" + (judged ? " (its journal and reports are deleted)" : "");
    }

    /** Deletes what a run wrote into the directory (run.json, journals, reports); other files stay. */
    private static void clear(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f) && (n.equals(RUN_JSON) || n.startsWith("journal") || n.endsWith(".csv")
                        || n.endsWith(".html") || n.startsWith("summary.") || n.equals("junit.xml"))) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("--overwrite " + dir + ": cannot clear it: " + e.getMessage(), e);
        }
    }

    /** Creates the directory and writes run.json (fresh) or compacts the journal for resuming. */
    void create(int scenarios, Clock clock) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new BadInputException("cannot create run directory " + path + ": " + e.getMessage(), e);
        }
        if (resume) JournalReader.compactForResume(journal());
        else writeRunJson(scenarios, clock);
    }

    /** The config recorded in a run directory. */
    static RunSpec readConfig(Path runDir) {
        Path rj = runDir.resolve(RUN_JSON);
        if (!Files.exists(rj)) {
            throw new BadInputException("--resume " + runDir + ": no " + RUN_JSON + " there (not a run directory)");
        }
        return RunFile.fromJson(readRunJson(runDir).get("config"), rj.toString());
    }

    static JsonNode readRunJson(Path runDir) {
        Path rj = runDir.resolve(RUN_JSON);
        try {
            return MAPPER.readTree(rj.toFile());
        } catch (IOException e) {
            throw new BadInputException(rj + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The base directory the run resolved relative scenario paths against (run.json {@code datasets_base}). */
    private static Path readBase(Path runDir) {
        JsonNode b = readRunJson(runDir).get("datasets_base");
        if (b != null && b.isTextual() && Files.isDirectory(Path.of(b.textValue()))) return Path.of(b.textValue());
        return Path.of("").toAbsolutePath();
    }

    private static Shard readShard(Path runDir) {
        JsonNode s = readRunJson(runDir).get("shard");
        return s == null || s.isNull() ? Shard.ALL : Shard.parse(s.asText());
    }

    static String newRunId(RunSpec rc, Clock clock) {
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        return ts + "-" + Digests.sha256Hex16(RunFile.toJson(rc).toString()).substring(0, 6);
    }

    /** The digest of a config as far as merging is concerned (everything but the run id). */
    static String configDigest(RunSpec rc) {
        return Digests.sha256Hex16(RunFile.toJson(rc.withRunId(null)).toString());
    }

    private void writeRunJson(int scenarios, Clock clock) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("run_id", config.runId());
        o.put("created", clock.instant().toString());
        o.put("shard", shard.label());
        RunSpec.EndpointSettings e = config.endpoint();
        o.put("simulated", e.simulatedModel());
        o.put("simulator", e.simulatedModel()); // the field readers before "simulated" know
        ObjectNode ep = o.putObject("endpoint");
        ep.put("kind", e.isSimulator() ? "in_process_simulator" : "http");
        if (!e.isSimulator() && e.replicas().isEmpty()) ep.put("url", e.url());
        if (!e.replicas().isEmpty()) e.urls().forEach(ep.putArray("replicas")::add);
        ep.put("server", e.isSimulator() ? "harmonica-sim" : e.server());
        ep.put("model", e.model());
        o.put("config_digest", configDigest(config));
        o.put("datasets_base", base.toAbsolutePath().normalize().toString());
        o.set("config", RunFile.toJson(config));
        o.put("scenarios", scenarios);
        ObjectNode versions = o.putObject("versions");
        String v = RunDirectory.class.getPackage().getImplementationVersion();
        versions.put("harmonica", v == null ? "dev" : v);
        versions.put("java", System.getProperty("java.version"));
        versions.put("journal_format", 3);
        datasets(o.putArray("datasets"));
        write(o);
    }

    private void datasets(ArrayNode ds) {
        for (String spec : config.scenarioSets()) {
            ObjectNode d = ds.addObject();
            d.put("spec", spec);
            ArrayNode files = d.putArray("files");
            List<Path> specFiles;
            try {
                specFiles = ScenarioSets.files(spec, base);
            } catch (RuntimeException ex) {
                d.put("error", String.valueOf(ex.getMessage()));
                continue;
            }
            for (Path f : specFiles) {
                ObjectNode fo = files.addObject();
                fo.put("path", base.relativize(f.toAbsolutePath().normalize()).toString());
                try {
                    fo.put("bytes", Files.size(f));
                    fo.put("sha256", sha256(f));
                } catch (IOException ex) {
                    fo.put("error", ex.getMessage());
                }
            }
        }
    }

    /**
     * Records that the endpoint's answers were the simulator's (they carried {@code x-harmonica-simulated: 1}) though
     * the configuration did not say so: every report of the run then says its numbers are the simulator's.
     */
    void markSimulated() {
        JsonNode rj = readRunJson(path);
        if (rj.path("simulated").asBoolean(false) || !(rj instanceof ObjectNode o)) return;
        o.put("simulated", true);
        o.put("simulator", true);
        if (o.get("endpoint") instanceof ObjectNode ep) ep.put("simulated_evidence", "x-harmonica-simulated header");
        write(o);
    }

    /** Replaces run.json atomically. */
    void write(ObjectNode runJson) {
        Path tmp = path.resolve(RUN_JSON + ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), runJson);
            Files.move(tmp, path.resolve(RUN_JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
