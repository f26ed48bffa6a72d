package dev.harmonica.cli;

import dev.harmonica.report.Reports;
import dev.harmonica.run.Protocol;
import dev.harmonica.run.RunEndpoints;
import dev.harmonica.run.RunFile;
import dev.harmonica.run.RunSpec;
import dev.harmonica.run.Runner;
import dev.harmonica.run.ScenarioSets;
import dev.harmonica.run.Shard;
import dev.harmonica.run.Variant;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.turn.Driving;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
import java.util.function.Function;

/** {@code harmonica run}: scenario sets x variants against an endpoint (default: the built-in simulator). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run scenario sets x variants against an endpoint (default: the built-in simulator) and write "
                + "reports/<run-id>/ (run.json, journal.jsonl, reports).",
                "",
                "With no arguments: the bundled datasets (datasets/bfcl, datasets/swe) x the presets harmony-v0.0.8 and "
                        + "pr114 in completions mode against the in-process simulator with faults on (seed 0); then "
                        + "the reports are built and the path of index.html and the headline A/B line are printed.",
                "",
                "RUN_FILE is JSON; flags given as well override it. Its fields are documented in docs/run-file.md "
                        + "(every field, type and default); unknown fields are errors and every error names the file "
                        + "and the field. Secrets never go in run files: name the variable with api_key_env.",
                "",
                "Every model turn ends judged (the parsers read the model's output) or not judged (the endpoint "
                        + "gave no output after its retries: refused, timed out, 5xx, a broken stream). Rates exclude "
                        + "unjudged work and the reports say how much there was and why. --resume DIR finishes a "
                        + "killed run and plays not-judged work again; --retry-unjudged N does so at the end of a run.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario x variant was judged (model failures are results, not errors)",
                "2:bad usage or input (bad run file, missing dataset, run directory taken)",
                "3:the run finished, but some scenario x variants were not judged because of the endpoint (under "
                        + "--bfcl-compat: failed as BFCL inference errors)",
                "4:nothing could be judged (e.g. the endpoint refused every connection)",
                "70:internal error (a bug in Harmonica; the journal says where)"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_FILE", description = "run file (JSON, see docs/run-file.md)")
    Path runFile;

    @Option(names = "--scenarios", paramLabel = "SPEC", description = "scenario set, repeatable: bfcl:<dir>[:category] or swe:<file|dir>")
    List<String> scenarios;

    @Option(names = "--renderer", paramLabel = "SPEC", description = "one variant per renderer (preset or custom), repeatable")
    List<String> renderers;

    @Option(names = "--mode", description = "completions | chat | chat-stream, for every variant (default completions)")
    String mode;

    @Option(names = "--driving", description = "lenient | stop | resample, for every variant (default lenient)")
    String driving;

    @Option(names = "--bfcl-compat", description = "play BFCL entries under BFCL's own protocol (bfcl-eval 2026.3.23's "
            + "OpenAI FC handler): chat completions with BFCL's body (temperature 0.001, store false), the server's "
            + "message kept as it came, no lenient driving, 20-step limit, an endpoint failure fails the entry "
            + "(multi_turn:inference_error); every variant, or one variant 'bfcl' by default (docs/bfcl-compat.md)")
    boolean bfclCompat;

    @Mixin
    BfclResultsOptions bfclFiles = new BfclResultsOptions();

    @Option(names = "--endpoint", paramLabel = "URL", description = "sim (default: the in-process simulator) or an "
            + "OpenAI-compatible base URL; repeat it for replicas of the same model (each attempt goes to the least "
            + "busy healthy one; --concurrency is per replica)")
    List<String> endpoint;

    @Option(names = "--server", description = "HTTP server kind: vllm (default), harmonica-sim (a `harmonica sim` server), generic")
    String server;

    @Option(names = "--model", description = "model name sent to the server")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "environment variable holding the API key")
    String apiKeyEnv;

    @Option(names = "--concurrency", description = "requests in flight (scenario x variants run concurrently up to this)")
    Integer concurrency;

    @Option(names = "--sim-faults", negatable = true, description = "in-process simulator: inject harmony faults (default on)")
    Boolean simFaults;

    @Option(names = "--sim-seed", description = "in-process simulator: fault seed (default 0)")
    Long simSeed;

    @Option(names = "--sim-latency-ms", description = "in-process simulator: latency per answer (default 0)")
    Integer simLatency;

    @Option(names = "--limit", description = "at most N scenarios per set")
    Integer limit;

    @Option(names = "--swe-steps", paramLabel = "PLAN", description = "SWE steps to replay: all (default), every:K, first:N, last:N, buckets:B, steps:I,J")
    String sweSteps;

    @Option(names = "--swe-context-tokens", paramLabel = "N", description = "SWE replay context window; the oldest observations are elided to fit (default 131072, 0 = unlimited)")
    Integer sweContextTokens;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "no model call starts later than this after the start (e.g. 6h); the rest is recorded not judged")
    String deadline;

    @Option(names = "--scenario-deadline", paramLabel = "DURATION", description = "the same per scenario x variant (default 1h, 0 = none)")
    String scenarioDeadline;

    @Option(names = "--retry-unjudged", paramLabel = "N", description = "after the run, play scenario x variants that ended not judged again, up to N rounds (default 0)")
    Integer retryUnjudged;

    @Option(names = "--system-message", paramLabel = "STYLE", description = "completions mode: vllm (default: as vLLM renders gpt-oss requests, with Current date) or harmony-default")
    String systemMessage;

    @Option(names = "--system-date", paramLabel = "YYYY-MM-DD", description = "the Current date of the system message (default: the run's start date, UTC)")
    String systemDate;

    @Option(names = "--run-id", description = "run id, a plain directory name (default: UTC time + config hash); give shards the same id")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default reports/<run-id>)")
    Path out;

    @Option(names = "--overwrite", description = "replace a run already in the run directory (its journal and reports are deleted)")
    boolean overwrite;

    @Option(names = "--datasets", paramLabel = "DIR", description = "base for relative scenario paths and reports/ (default: the current directory)")
    Path datasets;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "finish a killed or partial run and replay its not-judged work (its run.json wins over flags)")
    Path resume;

    @Option(names = "--shard", paramLabel = "i/n|auto", description = "run the deterministic slice i of n (stable hash of "
            + "the scenario id); auto: from the scheduler (Kubernetes JOB_COMPLETION_INDEX, Slurm SLURM_ARRAY_TASK_ID, "
            + "or SHARD_INDEX/SHARD_COUNT; docs/scale-out.md)")
    String shard;

    @Option(names = "--shard-count", paramLabel = "N", description = "with --shard auto: the number of shards, when the scheduler does not say")
    Integer shardCount;

    @Option(names = "--no-fsync", description = "do not fsync the journal at scenario ends")
    boolean noFsync;

    @Option(names = "--no-report", description = "do not build the reports after the run")
    boolean noReport;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = (datasets != null ? datasets : Path.of("")).toAbsolutePath().normalize();
        if (datasets != null && !Files.isDirectory(base)) throw new BadInputException("--datasets " + datasets + ": not a directory");
        Shard slice = "auto".equals(shard) ? Shard.fromEnvironment(System.getenv(), shardCount) : Shard.parse(shard);
        Runner.Options opts;
        RunSpec rc = null;
        if (resume != null) {
            opts = new Runner.Options(resume.toAbsolutePath().normalize(), datasets == null ? null : base, Shard.ALL,
                    true, null, progressStream(), terminal());
        } else {
            rc = resolve(base);
            if (slice.count() > 1 && rc.runId() == null) {
                throw new BadInputException("--shard: give every shard the same --run-id (or run_id in the run file), "
                        + "so that their directories reports/<run-id>-shard-i-of-n belong together for merge");
            }
            opts = new Runner.Options(out == null ? null : out.toAbsolutePath().normalize(), base, slice,
                    false, null, progressStream(), terminal()).withOverwrite(overwrite);
        }
        Runner.Result r = Runner.run(rc, opts, Runner.Services.standard(RunEndpoints.factory()));
        stdout.printf("run %s: %d scenario x variant(s) played, %d already complete, %d not judged (endpoint), "
                        + "%d harness errors, %d model turns in %.1f s%n",
                r.runId(), r.played(), r.skippedComplete(), r.notJudged(), r.harnessErrors(), r.turns(), r.seconds());
        if (r.inferenceErrors() > 0) {
            stdout.printf("BFCL protocol: %d entr%s failed by an endpoint failure, scored multi_turn:inference_error as "
                    + "BFCL scores them (the journal has each cause)%n", r.inferenceErrors(),
                    r.inferenceErrors() == 1 ? "y" : "ies");
        }
        stdout.println("run directory: " + r.runDir());
        stdout.println("journal: " + r.runDir().resolve(Runner.JOURNAL));
        if (!noReport) report(r.runDir(), stdout, err);
        int code = exitCode(r, err);
        if (bfclFiles.requested() && !bfclFiles.write(r.runDir(), "run", stdout, err) && code == ExitCodes.OK) {
            code = ExitCodes.BAD_INPUT;
        }
        return code;
    }

    /** The exit code of a finished run (ExitCodes); says why on stderr when it is not 0. */
    static int exitCode(Runner.Result r, PrintWriter err) {
        switch (r.completion()) {
            case COMPLETE:
                return ExitCodes.OK;
            case PARTLY_NOT_JUDGED:
                err.printf("harmonica run: %d scenario x variant(s) ended by the endpoint (%d not judged, %d BFCL "
                        + "inference errors); play them again with: harmonica run --resume %s%n",
                        r.notJudged() + r.inferenceErrors(), r.notJudged(), r.inferenceErrors(), r.runDir());
                return ExitCodes.NOT_JUDGED;
            case NOTHING_JUDGED:
                err.printf("harmonica run: nothing was judged: the endpoint gave no output for any scenario x variant "
                        + "(see the reports' \"not judged\" section); resume with: harmonica run --resume %s%n", r.runDir());
                return ExitCodes.NOT_STARTED;
            default:
                err.printf("harmonica run: %d scenario x variant(s) ended in a harness error (a bug in Harmonica; the "
                        + "journal says where)%n", r.harnessErrors());
                return ExitCodes.INTERNAL_ERROR;
        }
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
            String protocol = r.model().run().protocol();
            if (!protocol.equals(Protocol.HARMONICA.label())) out.println("numbers: " + protocol);
            if (r.headline() != null && !r.headline().isBlank()) out.println(Terminal.safe(r.headline()));
        } catch (RuntimeException e) {
            err.println("harmonica run: building the reports failed (" + Terminal.safeLine(e.getMessage()) + "); the journal is complete, "
                    + "retry with: harmonica report " + runDir);
        }
    }

    /** The run config: the run file (or the README's main job) with the flags applied, each checked where it is given. */
    RunSpec resolve(Path base) {
        RunSpec rc = runFile != null ? RunFile.read(runFile)
                : defaults(scenarios != null ? checkedSets(scenarios) : defaultSets(base));
        RunSpec.Builder b = rc.toBuilder();
        if (scenarios != null) b.scenarioSets(checkedSets(scenarios));
        if (renderers != null) b.variants(variantsFor(renderers));
        else if (bfclCompat && runFile == null) b.variants(List.of(Variant.of("bfcl", "harmony-v0.0.8", Variant.Mode.COMPLETIONS)));
        if (runId != null) b.runId(flag("--run-id", runId, id -> {
            RunSpec.checkRunId(id);
            return id;
        }));
        if (limit != null) b.limit(limit);
        if (sweSteps != null) b.sweSteps(sweSteps);
        if (sweContextTokens != null) b.sweContextTokens(sweContextTokens);
        if (noFsync) b.fsync(false);
        b.policy(policy(rc.policy()));
        b.system(system(rc.system()));
        RunSpec withVariants = flag("--renderer", b, RunSpec.Builder::build);
        b.variants(withVariantFlags(withVariants.variants()));
        RunSpec.EndpointSettings e = endpointFlags(rc.endpoint());
        // BFCL's protocol: the openai SDK's attempts per request (a run file's own max_attempts is kept)
        if (bfclCompat && runFile == null) e = e.withMaxAttempts(RunSpec.EndpointSettings.BFCL_SDK_ATTEMPTS);
        b.endpoint(e);
        RunSpec out = flag("flags", b, RunSpec.Builder::build);
        String swe = RunSpec.sweSetWithBfclProtocol(out.scenarioSets(), out.variants());
        if (swe != null) throw new BadInputException("--bfcl-compat: " + swe);
        return out;
    }

    private List<String> checkedSets(List<String> specs) {
        for (String s : specs) flag("--scenarios", s, x -> ScenarioSets.checkSpec(x));
        return specs;
    }

    private static List<Variant> variantsFor(List<String> renderers) {
        List<Variant> vs = new ArrayList<>();
        for (String r : renderers) {
            vs.add(flag("--renderer", r, x -> Variant.of(variantName(x, vs.size()), x, Variant.Mode.COMPLETIONS)));
        }
        return vs;
    }

    private List<Variant> withVariantFlags(List<Variant> variants) {
        Variant.Mode m = mode == null ? null : flag("--mode", mode, x -> require(Variant.Mode.byName(x),
                "expected completions, chat or chat-stream"));
        Driving d = driving == null ? null : flag("--driving", driving, x -> require(Driving.byName(x),
                "expected lenient, stop or resample"));
        if (bfclCompat && (m != null || d != null)) {
            throw new BadInputException("--bfcl-compat: BFCL's protocol sets the mode (chat) and drives with the "
                    + "server's message as it came; drop --mode and --driving");
        }
        List<Variant> out = new ArrayList<>();
        for (Variant v : variants) {
            Variant x = v;
            if (m != null) x = flag("--mode", x, y -> y.withMode(m));
            if (d != null) x = x.withDriving(d, d == Driving.RESAMPLE && x.resamples() == 0 ? 2 : x.resamples());
            if (bfclCompat) x = x.withBfclCompat();
            out.add(x);
        }
        return out;
    }

    private RunSpec.EndpointSettings endpointFlags(RunSpec.EndpointSettings e) {
        RunSpec.EndpointSettings x = e;
        if (endpoint != null) x = flag("--endpoint", x, y -> y.withUrls(endpoint));
        if (server != null) x = flag("--server", x, y -> y.withServer(server));
        if (model != null) x = x.withModel(model);
        if (apiKeyEnv != null) x = x.withApiKeyEnv(apiKeyEnv);
        if (concurrency != null) x = flag("--concurrency", x, y -> y.withConcurrency(concurrency));
        if (simFaults != null || simSeed != null || simLatency != null) {
            if (!x.isSimulator()) {
                throw new BadInputException("--sim-faults/--sim-seed/--sim-latency-ms: only apply to the in-process "
                        + "simulator (--endpoint sim); a `harmonica sim` server takes them on its own command line");
            }
            x = x.withSim(simFaults != null ? simFaults : x.simFaults(), simSeed != null ? simSeed : x.simSeed(),
                    simLatency != null ? simLatency : x.simLatencyMs());
        }
        return x;
    }

    private RunSpec.Policy policy(RunSpec.Policy p) {
        long d = deadline == null ? p.deadlineSeconds() : flag("--deadline", deadline, RunFile::parseDuration);
        long sd = scenarioDeadline == null ? p.scenarioDeadlineSeconds()
                : flag("--scenario-deadline", scenarioDeadline, RunFile::parseDuration);
        int r = retryUnjudged == null ? p.retryUnjudged() : retryUnjudged;
        return flag("--retry-unjudged", r, x -> new RunSpec.Policy(d, sd, x, p.retryWaitSeconds()));
    }

    private RunSpec.SystemSetup system(RunSpec.SystemSetup s) {
        RunSpec.SystemMessage style = systemMessage == null ? s.style()
                : flag("--system-message", systemMessage, x -> require(RunSpec.SystemMessage.byName(x),
                "expected vllm or harmony-default"));
        String date = systemDate == null ? s.date() : systemDate;
        return flag("--system-date", date, x -> new RunSpec.SystemSetup(style, x));
    }

    /** Applies a flag's value; an IllegalArgumentException becomes bad input naming the flag. */
    private static <T, R> R flag(String name, T value, Function<T, R> f) {
        try {
            return f.apply(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + (value instanceof String s ? " '" + s + "'" : "") + ": " + e.getMessage(), e);
        }
    }

    private static <T> T require(T value, String expectation) {
        if (value == null) throw new IllegalArgumentException(expectation);
        return value;
    }

    /** The README's main job: the bundled datasets x both presets against the in-process simulator. */
    private static RunSpec defaults(List<String> sets) {
        List<Variant> vs = new ArrayList<>();
        for (String r : List.of("harmony-v0.0.8", "pr114")) vs.add(Variant.of(variantName(r, vs.size()), r, Variant.Mode.COMPLETIONS));
        return new RunSpec(null, sets, vs, RunSpec.EndpointSettings.simulator(),
                RunSpec.DEFAULT_STEP_LIMIT, 0, 0, true);
    }

    private static String variantName(String renderer, int index) {
        String n = renderer.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (n.length() > 40) n = "custom" + (index + 1);
        return n;
    }

    private List<String> defaultSets(Path base) {
        List<String> sets = new ArrayList<>();
        if (Files.isDirectory(base.resolve("datasets/bfcl"))) sets.add("bfcl:datasets/bfcl");
        if (Files.isDirectory(base.resolve("datasets/swe")) && !bfclCompat) sets.add("swe:datasets/swe");
        if (sets.isEmpty()) {
            throw new BadInputException("no bundled datasets under " + base + " (expected datasets/bfcl and datasets/swe); "
                    + "run from the project root, pass --datasets DIR, or name scenario sets with --scenarios");
        }
        return sets;
    }
}
