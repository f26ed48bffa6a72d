package dev.harmonica.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.report.Reports;
import dev.harmonica.run.RunConfig;
import dev.harmonica.run.RunEndpoints;
import dev.harmonica.run.RunFile;
import dev.harmonica.run.Runner;
import dev.harmonica.run.Shard;
import dev.harmonica.run.Variant;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica run}: Run scenario sets x renderer variants against an endpoint (default: the built-in simulator). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run scenario sets x variants against an endpoint (default: the built-in simulator) and write "
                + "reports/<run-id>/ (run.json, journal.jsonl, reports).",
                "",
                "With no arguments: the bundled datasets (datasets/bfcl, datasets/swe) x the presets harmony-v0.0.8 and "
                        + "pr114 in completions mode against the in-process simulator with faults on (seed 0); then "
                        + "the reports are built and the path of index.html and the headline A/B line are printed.",
                "",
                "RUN_FILE is JSON (flags given as well override it):",
                "  {\"run_id\": \"nightly-1\",                      optional",
                "   \"scenarios\": [\"bfcl:datasets/bfcl\", \"bfcl:../shared/data/bfcl/v4:base\", \"swe:datasets/swe\"],",
                "   \"limit\": 0, \"step_limit\": 20, \"swe_max_steps\": 0, \"swe_steps\": \"all\", \"swe_context_tokens\": 131072,",
                "   \"fsync\": true,",
                "   \"endpoint\": {\"url\": \"sim\" | \"http://127.0.0.1:8000/v1\", \"model\": \"gpt-oss-20b\",",
                "                \"api_key_env\": \"OPENAI_API_KEY\", \"concurrency\": 16, \"timeout_s\": 600,",
                "                \"max_attempts\": 6, \"cache_dir\": null, \"server\": \"vllm\" | \"harmonica-sim\" | \"generic\",",
                "                \"sim\": {\"faults\": true, \"seed\": 0, \"latency_ms\": 0}},",
                "   \"variants\": [{\"name\": \"v008\", \"renderer\": \"harmony-v0.0.8\" | \"pr114\" | \"recipient=...,content-type=...,tool-result=...\",",
                "                 \"mode\": \"completions\" | \"chat\" | \"chat-stream\",",
                "                 \"driving\": \"lenient\" | \"stop\" | \"resample\", \"resamples\": 2,",
                "                 \"sampling\": {\"max_tokens\": 4096, \"temperature\": 1.0, \"top_p\": 1.0, \"seed\": null},",
                "                 \"tool_choice\": \"auto\" | \"required\" | \"none\" | {\"type\":\"function\",\"function\":{\"name\":\"x\"}},",
                "                 \"parallel_tool_calls\": true, \"drop_analysis\": true}]}",
                "Unknown fields are errors; every error names the file and the field. Secrets never go in run files.",
                "",
                "Journal: one JSON line per model turn (\"type\":\"turn\") and per finished scenario x variant "
                        + "(\"type\":\"scenario\"). A scenario x variant is complete iff its scenario line exists; "
                        + "readers ignore turn lines without one. --resume DIR finishes a killed run with the same "
                        + "result as an uninterrupted one.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished (model failures are results, not errors)",
                "1:the run itself failed (e.g. the journal could not be written)",
                "2:bad usage or input (bad run file, missing dataset)"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_FILE", description = "run file (JSON, schema above)")
    Path runFile;

    @Option(names = "--scenarios", paramLabel = "SPEC", description = "scenario set, repeatable: bfcl:<dir>[:category] or swe:<file|dir>")
    List<String> scenarios;

    @Option(names = "--renderer", paramLabel = "SPEC", description = "one variant per renderer (preset or custom), repeatable")
    List<String> renderers;

    @Option(names = "--mode", description = "completions | chat | chat-stream (with --renderer; default completions)")
    String mode;

    @Option(names = "--driving", description = "lenient | stop | resample (with --renderer; default lenient)")
    String driving;

    @Option(names = "--endpoint", paramLabel = "URL", description = "sim (default) or an OpenAI-compatible base URL")
    String endpoint;

    @Option(names = "--server", description = "HTTP server kind: vllm (default), harmonica-sim (a `harmonica sim` server), generic")
    String server;

    @Option(names = "--model", description = "model name sent to the server")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "environment variable holding the API key")
    String apiKeyEnv;

    @Option(names = "--concurrency", description = "requests in flight (scenarios run concurrently up to this)")
    Integer concurrency;

    @Option(names = "--sim-faults", negatable = true, description = "simulator: inject harmony faults (default on)")
    Boolean simFaults;

    @Option(names = "--sim-seed", description = "simulator: fault seed (default 0)")
    Long simSeed;

    @Option(names = "--sim-latency-ms", description = "simulator: latency per answer (default 0)")
    Integer simLatency;

    @Option(names = "--limit", description = "at most N scenarios per set")
    Integer limit;

    @Option(names = "--swe-steps", paramLabel = "PLAN", description = "SWE steps to replay: all (default), every:K, first:N, last:N, buckets:B, steps:I,J")
    String sweSteps;

    @Option(names = "--swe-context-tokens", paramLabel = "N", description = "SWE replay context window; the oldest observations are elided to fit (default 131072, 0 = unlimited)")
    Integer sweContextTokens;

    @Option(names = "--run-id", description = "run id (default: UTC time + config hash); give shards the same id")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default reports/<run-id>)")
    Path out;

    @Option(names = "--datasets", paramLabel = "DIR", description = "base for relative scenario paths and reports/ (default: the current directory)")
    Path datasets;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "finish a killed or partial run (its run.json wins over flags)")
    Path resume;

    @Option(names = "--shard", paramLabel = "i/n", description = "run the deterministic slice i of n (stable hash of the scenario id)")
    String shard;

    @Option(names = "--no-fsync", description = "do not fsync the journal at scenario ends")
    boolean noFsync;

    @Option(names = "--no-report", description = "do not build the reports after the run")
    boolean noReport;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = (datasets != null ? datasets : Path.of("")).toAbsolutePath().normalize();
        if (datasets != null && !Files.isDirectory(base)) throw new BadInputException("--datasets " + datasets + ": not a directory");
        Shard shardSlice = Shard.parse(shard);
        Runner.Options opts;
        RunConfig rc = null;
        if (resume != null) {
            opts = new Runner.Options(resume.toAbsolutePath().normalize(), datasets == null ? null : base, Shard.ALL, true, null, progressStream(), terminal());
        } else {
            rc = resolve(base);
            opts = new Runner.Options(out == null ? null : out.toAbsolutePath().normalize(), base, shardSlice,
                    false, null, progressStream(), terminal());
        }
        Runner.Result r = Runner.run(rc, opts, Runner.Services.standard(RunEndpoints.factory()));
        stdout.printf("run %s: %d scenario x variant(s) played, %d already complete, %d with errors, %d model turns in %.1f s%n",
                r.runId(), r.played(), r.skippedComplete(), r.errors(), r.turns(), r.seconds());
        stdout.println("run directory: " + r.runDir());
        stdout.println("journal: " + r.runDir().resolve(Runner.JOURNAL));
        if (!noReport) report(r.runDir(), stdout, err);
        return Main.OK;
    }

    private PrintStream progressStream() {
        return quiet ? null : System.err;
    }

    private static boolean terminal() {
        return System.console() != null;
    }

    /** Builds the reports and prints index.html and the headline A/B line; a report failure never loses the run. */
    private static void report(Path runDir, PrintWriter out, PrintWriter err) {
        try {
            Reports.Result r = Reports.writeAll(runDir);
            out.println("report: " + r.indexHtml());
            if (r.headline() != null && !r.headline().isBlank()) out.println(r.headline());
        } catch (RuntimeException e) {
            err.println("harmonica run: building the reports failed (" + e.getMessage() + "); the journal is complete, "
                    + "retry with: harmonica report " + runDir);
        }
    }

    /** The run config from the run file and/or flags; no arguments at all give the README's main job. */
    RunConfig resolve(Path base) {
        RunConfig rc;
        if (runFile != null) {
            rc = RunFile.read(runFile);
        } else {
            List<String> sets = scenarios != null ? scenarios : defaultSets(base);
            List<Variant> vs = new ArrayList<>();
            for (String r : renderers != null ? renderers : List.of("harmony-v0.0.8", "pr114")) {
                vs.add(Variant.of(variantName(r, vs.size()), r, Variant.Mode.COMPLETIONS));
            }
            rc = new RunConfig(null, sets, vs, RunConfig.EndpointSettings.simulator(), RunConfig.DEFAULT_STEP_LIMIT,
                    0, 0, true);
        }
        // flags override (validated through the run-file parser so errors read the same)
        var json = RunFile.toJson(rc);
        if (scenarios != null && runFile != null) {
            var arr = json.putArray("scenarios");
            scenarios.forEach(arr::add);
        }
        if (renderers != null && runFile != null) {
            var arr = json.putArray("variants");
            for (String r : renderers) arr.addObject().put("name", variantName(r, arr.size())).put("renderer", r);
        }
        for (var v : json.withArray("variants")) {
            var o = (ObjectNode) v;
            if (mode != null) {
                o.put("mode", mode);
                if (Variant.Mode.byName(mode) != null && Variant.Mode.byName(mode).isChat()) o.remove("drop_analysis");
            }
            if (driving != null) o.put("driving", driving);
        }
        var e = json.with("endpoint");
        if (endpoint != null) e.put("url", endpoint);
        if (model != null) e.put("model", model);
        if (server != null) e.put("server", server);
        if (apiKeyEnv != null) e.put("api_key_env", apiKeyEnv);
        if (concurrency != null) e.put("concurrency", concurrency);
        var sim = e.with("sim");
        if (simFaults != null) sim.put("faults", simFaults);
        if (simSeed != null) sim.put("seed", simSeed);
        if (simLatency != null) sim.put("latency_ms", simLatency);
        if (limit != null) json.put("limit", limit);
        if (sweSteps != null) json.put("swe_steps", sweSteps);
        if (sweContextTokens != null) json.put("swe_context_tokens", sweContextTokens);
        if (runId != null) json.put("run_id", runId);
        if (noFsync) json.put("fsync", false);
        return RunFile.fromJson(json, runFile == null ? "(command line)" : runFile + " (with command-line overrides)");
    }

    private static String variantName(String renderer, int index) {
        String n = renderer.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (n.length() > 40) n = "custom" + (index + 1);
        return n;
    }

    private static List<String> defaultSets(Path base) {
        List<String> sets = new ArrayList<>();
        Path bfcl = base.resolve("datasets/bfcl");
        Path swe = base.resolve("datasets/swe");
        if (Files.isDirectory(bfcl)) sets.add("bfcl:datasets/bfcl");
        if (Files.isDirectory(swe)) sets.add("swe:datasets/swe");
        if (sets.isEmpty()) {
            throw new BadInputException("no bundled datasets under " + base + " (expected datasets/bfcl and datasets/swe); "
                    + "run from the project root, pass --datasets DIR, or name scenario sets with --scenarios");
        }
        return sets;
    }
}
