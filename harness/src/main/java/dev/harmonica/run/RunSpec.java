package dev.harmonica.run;

import dev.harmonica.scenario.swe.ContextBudget;
import dev.harmonica.scenario.swe.ReplayPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to run, typed and validated once: scenario sets × variants against one endpoint, with the run's policy and
 * system message. Parsed from a run file ({@link RunFile}, errors name the file and field), then changed by command
 * line flags through {@link #toBuilder} (errors name the flag); records and enums throughout, never re-serialised to
 * be re-read. {@code run.json} records it ({@link RunFile#toJson}) so that {@code --resume} plays the same run.
 *
 * @param runId        run id (directory name under {@code reports/}); null = generate one
 * @param scenarioSets scenario-set specs: {@code bfcl:<dir>[:category]}, {@code swe:<file or dir>}
 * @param variants     the variants, each played on every scenario
 * @param endpoint     where the model is
 * @param stepLimit    BFCL: model steps per user turn before a force-quit (BFCL's {@code MAXIMUM_STEP_LIMIT} = 20)
 * @param limit        at most this many scenarios per set (0 = all), taken in the set's order
 * @param sweMaxSteps  SWE replay: at most this many steps per trajectory (0 = all)
 * @param fsync        fsync the journal at the end of every scenario
 * @param sweSteps     SWE replay: which steps to replay, a {@link ReplayPlan} spec ({@code all}, {@code every:K},
 *                     {@code first:N}, {@code last:N}, {@code buckets:B}, {@code steps:I,J}); {@code sweMaxSteps}
 *                     then keeps the first N of the selection
 * @param sweContextTokens SWE replay: the model's context window in tokens; the prompt budget is this minus the
 *                     variant's {@code max_tokens}, and the oldest observations are elided to fit
 *                     ({@link dev.harmonica.scenario.swe.ContextBudget}); 0 = unlimited
 * @param policy       how the run copes with time and with an endpoint that fails ({@link Policy})
 * @param system       the harmony system message Harmonica renders in completions mode ({@link SystemSetup})
 */
public record RunSpec(String runId, List<String> scenarioSets, List<Variant> variants, EndpointSettings endpoint,
                        int stepLimit, int limit, int sweMaxSteps, boolean fsync, String sweSteps,
                        int sweContextTokens, Policy policy, SystemSetup system) {
    public RunSpec {
        if (runId != null) checkRunId(runId);
        scenarioSets = List.copyOf(scenarioSets);
        variants = List.copyOf(variants);
        Objects.requireNonNull(endpoint, "endpoint");
        if (sweSteps == null) sweSteps = "all";
        ReplayPlan.parse(sweSteps); // fails fast on a bad spec
        if (policy == null) policy = Policy.DEFAULT;
        if (system == null) system = SystemSetup.DEFAULT;
    }

    /** With the SWE defaults ({@code all} steps, a {@value #DEFAULT_SWE_CONTEXT_TOKENS}-token context). */
    public RunSpec(String runId, List<String> scenarioSets, List<Variant> variants, EndpointSettings endpoint,
                     int stepLimit, int limit, int sweMaxSteps, boolean fsync) {
        this(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, "all",
                DEFAULT_SWE_CONTEXT_TOKENS);
    }

    /** With the default {@link Policy} and {@link SystemSetup}. */
    public RunSpec(String runId, List<String> scenarioSets, List<Variant> variants, EndpointSettings endpoint,
                     int stepLimit, int limit, int sweMaxSteps, boolean fsync, String sweSteps, int sweContextTokens) {
        this(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, Policy.DEFAULT, SystemSetup.DEFAULT);
    }

    /**
     * BFCL's protocol plays BFCL entries only: why a SWE set cannot run beside a {@code bfcl_compat} variant, or null
     * when it can.
     */
    public static String sweSetWithBfclProtocol(List<String> sets, List<Variant> variants) {
        if (variants.stream().noneMatch(Variant::bfclCompat)) return null;
        for (String s : sets) {
            if (s.startsWith("swe:")) {
                return "'" + s + "': BFCL's protocol (bfcl_compat, --bfcl-compat) plays BFCL entries only; replay SWE "
                        + "sets in a run without it";
            }
        }
        return null;
    }

    /**
     * A run id names a directory under {@code reports/}: one plain name, never a path.
     *
     * @throws IllegalArgumentException naming the rule
     */
    public static void checkRunId(String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("a run id is a plain directory name: 1-128 letters, digits, '.', '_' "
                    + "and '-', starting with a letter or digit (no '/', '..', spaces or control characters), got '"
                    + printable(id) + "'");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x7F) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    /**
     * How a run copes with time and with an endpoint that fails.
     *
     * @param deadlineSeconds         no model call starts this long after the run started; the rest is recorded not
     *                                judged (cause {@code deadline}); 0 = none
     * @param scenarioDeadlineSeconds the same for each scenario × variant, from its start; 0 = none
     * @param retryUnjudged           after the run, play scenario × variants that ended not judged again, up to this
     *                                many rounds (each a new attempt in the journal)
     * @param retryWaitSeconds        wait before retry round r: this × r seconds
     */
    public record Policy(long deadlineSeconds, long scenarioDeadlineSeconds, int retryUnjudged, int retryWaitSeconds) {
        /** No run deadline; one hour per scenario × variant; no retry rounds; 30 s between rounds. */
        public static final Policy DEFAULT = new Policy(0, 3600, 0, 30);

        public Policy {
            if (deadlineSeconds < 0 || scenarioDeadlineSeconds < 0 || retryUnjudged < 0 || retryWaitSeconds < 0) {
                throw new IllegalArgumentException("deadlines, retry rounds and waits cannot be negative");
            }
        }
    }

    /**
     * The harmony system message Harmonica renders in completions mode.
     *
     * @param style the shape: as vLLM renders it for gpt-oss chat requests, or harmony's bare defaults
     * @param date  {@code Current date:} (vLLM style), fixed for the whole run; null = the run's start date (UTC),
     *              resolved when the run starts and recorded in run.json
     */
    public record SystemSetup(SystemMessage style, String date) {
        public static final SystemSetup DEFAULT = new SystemSetup(SystemMessage.VLLM, null);

        public SystemSetup {
            Objects.requireNonNull(style, "style");
            if (date != null && !date.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new IllegalArgumentException("expected a date YYYY-MM-DD, got '" + date + "'");
            }
        }
    }

    /** The system message's shape (README, "The prompt Harmonica renders"). */
    public enum SystemMessage {
        /**
         * As vLLM renders gpt-oss chat requests: harmony's default system content (model identity, knowledge cutoff
         * 2024-06, reasoning medium) plus {@code Current date:}; without tools, {@code commentary} is not a valid channel.
         */
        VLLM("vllm"),
        /** harmony's {@code SystemContent::new()} as is: no date (what openai/harmony renders by default). */
        HARMONY_DEFAULT("harmony-default");

        private final String jsonName;

        SystemMessage(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public static SystemMessage byName(String s) {
            for (SystemMessage m : values()) if (m.jsonName.equals(s)) return m;
            return null;
        }
    }

    public SystemMessage systemMessage() {
        return system.style();
    }

    public String systemDate() {
        return system.date();
    }

    public int retryUnjudged() {
        return policy.retryUnjudged();
    }

    public int retryUnjudgedWaitSeconds() {
        return policy.retryWaitSeconds();
    }

    public long deadlineSeconds() {
        return policy.deadlineSeconds();
    }

    public long scenarioDeadlineSeconds() {
        return policy.scenarioDeadlineSeconds();
    }

    public RunSpec withSystemDate(String date) {
        return new RunSpec(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, policy, new SystemSetup(system.style(), date));
    }

    public RunSpec withSystem(SystemSetup s) {
        return new RunSpec(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, policy, s);
    }

    public RunSpec withPolicy(Policy p) {
        return new RunSpec(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, p, system);
    }

    public static final int DEFAULT_STEP_LIMIT = 20;
    /** gpt-oss-20b/120b context window. */
    public static final int DEFAULT_SWE_CONTEXT_TOKENS = 131_072;
    /** SWE replay: the observations of this many most recent steps are never elided. */
    public static final int SWE_KEEP_LAST_STEPS = 2;

    public RunSpec withRunId(String id) {
        return new RunSpec(id, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, policy, system);
    }

    public RunSpec withEndpoint(EndpointSettings e) {
        return new RunSpec(runId, scenarioSets, variants, e, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens, policy, system);
    }

    /** A builder holding every field of this config, to change some and keep the rest. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link RunSpec}; {@link #build} validates like the constructor. */
    public static final class Builder {
        private String runId;
        private List<String> scenarioSets;
        private List<Variant> variants;
        private EndpointSettings endpoint;
        private int stepLimit;
        private int limit;
        private int sweMaxSteps;
        private boolean fsync;
        private String sweSteps;
        private int sweContextTokens;
        private Policy policy;
        private SystemSetup system;

        private Builder(RunSpec c) {
            runId = c.runId;
            scenarioSets = c.scenarioSets;
            variants = c.variants;
            endpoint = c.endpoint;
            stepLimit = c.stepLimit;
            limit = c.limit;
            sweMaxSteps = c.sweMaxSteps;
            fsync = c.fsync;
            sweSteps = c.sweSteps;
            sweContextTokens = c.sweContextTokens;
            policy = c.policy;
            system = c.system;
        }

        public Builder runId(String v) { runId = v; return this; }
        public Builder scenarioSets(List<String> v) { scenarioSets = v; return this; }
        public Builder variants(List<Variant> v) { variants = v; return this; }
        public Builder endpoint(EndpointSettings v) { endpoint = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder fsync(boolean v) { fsync = v; return this; }
        public Builder sweSteps(String v) { sweSteps = v; return this; }
        public Builder sweContextTokens(int v) { sweContextTokens = v; return this; }
        public Builder policy(Policy v) { policy = v; return this; }
        public Builder system(SystemSetup v) { system = v; return this; }

        public RunSpec build() {
            return new RunSpec(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync,
                    sweSteps, sweContextTokens, policy, system);
        }
    }

    /** The parsed {@link #sweSteps}. */
    public ReplayPlan swePlan() {
        return ReplayPlan.parse(sweSteps);
    }

    /** The prompt budget for a variant: the context window minus its completion budget. */
    public ContextBudget sweBudget(Variant v) {
        if (sweContextTokens <= 0) return ContextBudget.unlimited();
        Integer max = v.sampling().maxTokens();
        return new ContextBudget(Math.max(1, sweContextTokens - (max == null ? 0 : max)), SWE_KEEP_LAST_STEPS);
    }

    /**
     * The endpoint. Secrets are never stored: only the name of the environment variable holding the API key.
     *
     * @param url          {@code sim} for the in-process simulator, or the server's base URL ({@code http://host:port/v1})
     * @param model        model name sent to the server
     * @param apiKeyEnv    environment variable with the API key, or null
     * @param concurrency  requests in flight at most (scenarios run concurrently up to this)
     * @param timeoutSeconds read timeout per request
     * @param maxAttempts  attempts per request for transport failures (retry policy, docs/endpoint.md, Client policy)
     * @param simFaults    simulator: inject harmony faults
     * @param simSeed      simulator: fault seed
     * @param simLatencyMs simulator: latency per answer
     * @param cacheDir     response cache directory, or null for none
     * @param server       HTTP servers: {@code vllm} (default), {@code harmonica-sim} (a {@code harmonica sim}
     *                     server: the simulator hint is sent) or {@code generic} (standard fields only)
     */
    public record EndpointSettings(String url, String model, String apiKeyEnv, int concurrency, int timeoutSeconds,
                                   int maxAttempts, boolean simFaults, long simSeed, int simLatencyMs,
                                   String cacheDir, String server, List<String> replicas) {
        public static final String SIM = "sim";
        /** The server kinds {@code server} may name. */
        public static final List<String> SERVERS = List.of("vllm", "harmonica-sim", "generic");

        /** @throws IllegalArgumentException naming the field and the rule */
        public EndpointSettings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(model, "model");
            if (!url.equals(SIM) && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("url: expected \"sim\" or an http(s) base URL such as "
                        + "http://127.0.0.1:8000/v1, got '" + url + "'");
            }
            if (server == null) server = "vllm";
            if (!SERVERS.contains(server)) {
                throw new IllegalArgumentException("server: expected vllm, harmonica-sim or generic, got '" + server + "'");
            }
            if (concurrency < 1) throw new IllegalArgumentException("concurrency: must be at least 1, got " + concurrency);
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
            for (String r : replicas) {
                if (url.equals(SIM) || !(r.startsWith("http://") || r.startsWith("https://"))) {
                    throw new IllegalArgumentException("url: replicas are http(s) base URLs of the same model, got '"
                            + r + "' besides '" + url + "'");
                }
            }
        }

        public EndpointSettings(String url, String model, String apiKeyEnv, int concurrency, int timeoutSeconds,
                                int maxAttempts, boolean simFaults, long simSeed, int simLatencyMs, String cacheDir,
                                String server) {
            this(url, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults, simSeed, simLatencyMs,
                    cacheDir, server, List.of());
        }

        /** Every base URL: {@code url} and then the replicas. */
        public List<String> urls() {
            List<String> out = new ArrayList<>(1 + replicas.size());
            out.add(url);
            out.addAll(replicas);
            return out;
        }

        /** The same settings with these base URLs (the first is {@code url}, the rest replicas). */
        public EndpointSettings withUrls(List<String> urls) {
            return new EndpointSettings(urls.get(0), model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts,
                    simFaults, simSeed, simLatencyMs, cacheDir, server, urls.subList(1, urls.size()));
        }

        public static EndpointSettings simulator() {
            return new EndpointSettings(SIM, "gpt-oss-sim", null, Math.max(2, Runtime.getRuntime().availableProcessors()),
                    600, 6, true, 0L, 0, null, "vllm");
        }

        public boolean isSimulator() {
            return SIM.equals(url);
        }

        /**
         * Whether the model behind this endpoint is Harmonica's simulator: in-process, or a {@code harmonica sim}
         * server named with {@code server: harmonica-sim}. Reports of such runs say that their numbers are the
         * simulator's fault model.
         */
        public boolean simulatedModel() {
            return isSimulator() || "harmonica-sim".equals(server);
        }

        public EndpointSettings withSim(boolean faults, long seed, int latencyMs) {
            return new EndpointSettings(url, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, faults, seed,
                    latencyMs, cacheDir, server, replicas);
        }

        public EndpointSettings withConcurrency(int c) {
            return new EndpointSettings(url, model, apiKeyEnv, c, timeoutSeconds, maxAttempts, simFaults, simSeed,
                    simLatencyMs, cacheDir, server, replicas);
        }

        public EndpointSettings withUrl(String u) {
            return new EndpointSettings(u, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, server, replicas);
        }

        public EndpointSettings withModel(String m) {
            return new EndpointSettings(url, m, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, server, replicas);
        }

        public EndpointSettings withApiKeyEnv(String env) {
            return new EndpointSettings(url, model, env, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, server, replicas);
        }

        public EndpointSettings withMaxAttempts(int attempts) {
            return new EndpointSettings(url, model, apiKeyEnv, concurrency, timeoutSeconds, attempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, server, replicas);
        }

        /** The openai SDK's attempts per request under BFCL's protocol: its {@code max_retries=2} plus the first. */
        public static final int BFCL_SDK_ATTEMPTS = 3;

        public EndpointSettings withServer(String kind) {
            return new EndpointSettings(url, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, kind, replicas);
        }
    }
}
