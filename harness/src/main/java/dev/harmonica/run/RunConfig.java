package dev.harmonica.run;

import dev.harmonica.scenario.swe.ContextBudget;
import dev.harmonica.scenario.swe.ReplayPlan;

import java.util.List;
import java.util.Objects;

/**
 * A resolved run: scenario sets × variants against one endpoint. Built from a run file ({@link RunFile}) or flags.
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
 */
public record RunConfig(String runId, List<String> scenarioSets, List<Variant> variants, EndpointSettings endpoint,
                        int stepLimit, int limit, int sweMaxSteps, boolean fsync, String sweSteps,
                        int sweContextTokens) {
    public RunConfig {
        scenarioSets = List.copyOf(scenarioSets);
        variants = List.copyOf(variants);
        Objects.requireNonNull(endpoint, "endpoint");
        if (sweSteps == null) sweSteps = "all";
        ReplayPlan.parse(sweSteps); // fails fast on a bad spec
    }

    /** With the SWE defaults ({@code all} steps, a {@value #DEFAULT_SWE_CONTEXT_TOKENS}-token context). */
    public RunConfig(String runId, List<String> scenarioSets, List<Variant> variants, EndpointSettings endpoint,
                     int stepLimit, int limit, int sweMaxSteps, boolean fsync) {
        this(runId, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, "all",
                DEFAULT_SWE_CONTEXT_TOKENS);
    }

    public static final int DEFAULT_STEP_LIMIT = 20;
    /** gpt-oss-20b/120b context window. */
    public static final int DEFAULT_SWE_CONTEXT_TOKENS = 131_072;
    /** SWE replay: the observations of this many most recent steps are never elided. */
    public static final int SWE_KEEP_LAST_STEPS = 2;

    public RunConfig withRunId(String id) {
        return new RunConfig(id, scenarioSets, variants, endpoint, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens);
    }

    public RunConfig withEndpoint(EndpointSettings e) {
        return new RunConfig(runId, scenarioSets, variants, e, stepLimit, limit, sweMaxSteps, fsync, sweSteps,
                sweContextTokens);
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
     * @param maxAttempts  attempts per request for transport failures (retry policy, endpoints.md §6)
     * @param simFaults    simulator: inject harmony faults
     * @param simSeed      simulator: fault seed
     * @param simLatencyMs simulator: latency per answer
     * @param cacheDir     response cache directory, or null for none
     * @param server       HTTP servers: {@code vllm} (default), {@code harmonica-sim} (a {@code harmonica sim}
     *                     server: the simulator hint is sent) or {@code generic} (standard fields only)
     */
    public record EndpointSettings(String url, String model, String apiKeyEnv, int concurrency, int timeoutSeconds,
                                   int maxAttempts, boolean simFaults, long simSeed, int simLatencyMs,
                                   String cacheDir, String server) {
        public static final String SIM = "sim";

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
                    latencyMs, cacheDir, server);
        }

        public EndpointSettings withConcurrency(int c) {
            return new EndpointSettings(url, model, apiKeyEnv, c, timeoutSeconds, maxAttempts, simFaults, simSeed,
                    simLatencyMs, cacheDir, server);
        }

        public EndpointSettings withUrl(String u) {
            return new EndpointSettings(u, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, server);
        }

        public EndpointSettings withServer(String kind) {
            return new EndpointSettings(url, model, apiKeyEnv, concurrency, timeoutSeconds, maxAttempts, simFaults,
                    simSeed, simLatencyMs, cacheDir, kind);
        }
    }
}
