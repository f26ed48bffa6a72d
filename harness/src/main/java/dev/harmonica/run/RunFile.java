package dev.harmonica.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.swe.ReplayPlan;
import dev.harmonica.turn.Driving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run file: JSON describing scenario sets × variants and the endpoint. Every error names the file and the
 * field (and line/column for JSON syntax errors). The same shape is stored as {@code config} in {@code run.json}.
 *
 * <pre>
 * {
 *   "run_id": "nightly-2026-11-21",              optional; default: generated
 *   "scenarios": ["bfcl:datasets/bfcl", "bfcl:../shared/data/bfcl/v4:base", "swe:datasets/swe"],   required
 *   "limit": 0,                                  scenarios per set, 0 = all
 *   "step_limit": 20,                            BFCL model steps per user turn
 *   "swe_max_steps": 0,                          SWE steps replayed per trajectory, 0 = all
 *   "swe_steps": "all",                          SWE steps to replay: all | every:K | first:N | last:N | buckets:B | steps:I,J
 *   "swe_context_tokens": 131072,                SWE context window; oldest observations elided to fit, 0 = unlimited
 *   "fsync": true,                               fsync the journal at every scenario end
 *   "system_message": "vllm",                    vllm (as vLLM renders gpt-oss requests, with Current date) | harmony-default
 *   "system_date": "2026-12-05",                 the Current date line; default: the run's start date (UTC)
 *   "deadline": "6h",                            no model call starts later than this after the start (0 = none)
 *   "scenario_deadline": "1h",                   likewise per scenario x variant (default 1h, 0 = none)
 *   "retry_unjudged": 0,                         rounds replaying scenario x variants that ended not judged
 *   "retry_unjudged_wait_s": 30,                 wait before retry round r: this x r seconds
 *   "endpoint": {                                optional; default: the simulator
 *     "url": "sim" | "http://127.0.0.1:8000/v1",
 *     "model": "gpt-oss-20b", "api_key_env": "OPENAI_API_KEY",
 *     "concurrency": 16, "timeout_s": 600, "max_attempts": 6, "cache_dir": null,
 *     "server": "vllm" | "harmonica-sim" | "generic",
 *     "sim": {"faults": true, "seed": 0, "latency_ms": 0}
 *   },
 *   "variants": [                                required, names unique
 *     {"name": "v008", "renderer": "harmony-v0.0.8", "mode": "completions" | "chat" | "chat-stream",
 *      "driving": "lenient" | "stop" | "resample", "resamples": 2,
 *      "sampling": {"max_tokens": 4096, "temperature": 1.0, "top_p": 1.0, "seed": null, "logprobs": 5},
 *      "tool_choice": "auto" | "required" | "none" | {"type":"function","function":{"name":"x"}},
 *      "parallel_tool_calls": true, "drop_analysis": true,
 *      "bfcl_compat": false}                    true: BFCL's own protocol (chat; sampling: temperature only)
 *   ]
 * }
 * </pre>
 */
public final class RunFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP = Set.of("run_id", "scenarios", "limit", "step_limit", "swe_max_steps",
            "swe_steps", "swe_context_tokens", "fsync", "endpoint", "variants", "system_message", "system_date",
            "deadline", "scenario_deadline", "retry_unjudged", "retry_unjudged_wait_s");
    private static final Set<String> ENDPOINT = Set.of("url", "model", "api_key_env", "concurrency", "timeout_s",
            "max_attempts", "cache_dir", "sim", "api_key", "server");
    private static final Set<String> SIM = Set.of("faults", "seed", "latency_ms");
    private static final Set<String> VARIANT = Set.of("name", "renderer", "mode", "driving", "resamples", "sampling",
            "tool_choice", "parallel_tool_calls", "drop_analysis", "bfcl_compat");
    private static final Set<String> SAMPLING = Set.of("max_tokens", "temperature", "top_p", "seed", "logprobs");

    private RunFile() {
    }

    /** Reads and validates a run file. */
    public static RunSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException("run file " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses run-file JSON; {@code origin} names the file in errors. */
    public static RunSpec parse(String json, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new BadInputException("run file " + origin + (loc == null ? "" : ", line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": invalid JSON: " + e.getOriginalMessage());
        }
        return fromJson(root, origin);
    }

    /** Validates a run-file JSON tree. */
    public static RunSpec fromJson(JsonNode root, String origin) {
        Ctx c = new Ctx(origin);
        if (root == null || !root.isObject()) throw c.err("", "expected a JSON object at the top level");
        c.unknown(root, TOP, "");
        String runId = c.optString(root, "run_id", null, "");
        if (runId != null) {
            try {
                RunSpec.checkRunId(runId);
            } catch (IllegalArgumentException e) {
                throw c.err("run_id", e.getMessage());
            }
        }
        JsonNode sets = root.get("scenarios");
        if (sets == null || !sets.isArray() || sets.isEmpty()) {
            throw c.err("scenarios", "required: a non-empty array of scenario sets such as \"bfcl:datasets/bfcl\" or \"swe:datasets/swe\"");
        }
        List<String> setSpecs = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            JsonNode s = sets.get(i);
            if (!s.isTextual()) throw c.err("scenarios[" + i + "]", "expected a string such as \"bfcl:<dir>[:category]\"");
            String spec = s.textValue();
            try {
                ScenarioSets.checkSpec(spec);
            } catch (IllegalArgumentException e) {
                throw c.err("scenarios[" + i + "]", e.getMessage());
            }
            setSpecs.add(spec);
        }
        int limit = c.optInt(root, "limit", 0, 0, Integer.MAX_VALUE, "");
        int stepLimit = c.optInt(root, "step_limit", RunSpec.DEFAULT_STEP_LIMIT, 1, 10_000, "");
        int sweMax = c.optInt(root, "swe_max_steps", 0, 0, Integer.MAX_VALUE, "");
        String sweSteps = c.optString(root, "swe_steps", "all", "");
        try {
            ReplayPlan.parse(sweSteps);
        } catch (IllegalArgumentException e) {
            throw c.err("swe_steps", e.getMessage());
        }
        int sweContext = c.optInt(root, "swe_context_tokens", RunSpec.DEFAULT_SWE_CONTEXT_TOKENS, 0,
                Integer.MAX_VALUE, "");
        boolean fsync = c.optBool(root, "fsync", true, "");
        RunSpec.EndpointSettings endpoint = endpoint(root.get("endpoint"), c);
        JsonNode vs = root.get("variants");
        if (vs == null || !vs.isArray() || vs.isEmpty()) {
            throw c.err("variants", "required: a non-empty array of {\"name\", \"renderer\", \"mode\", ...}");
        }
        List<Variant> variants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < vs.size(); i++) {
            Variant v = variant(vs.get(i), "variants[" + i + "]", c);
            if (!names.add(v.name())) throw c.err("variants[" + i + "].name", "duplicate variant name '" + v.name() + "'");
            variants.add(v);
        }
        if (variants.stream().allMatch(Variant::bfclCompat) && !root.path("endpoint").has("max_attempts")) {
            endpoint = endpoint.withMaxAttempts(RunSpec.EndpointSettings.BFCL_SDK_ATTEMPTS); // as the openai SDK tries
        }
        String swe = RunSpec.sweSetWithBfclProtocol(setSpecs, variants);
        if (swe != null) throw c.err("scenarios", swe);
        if (stepLimit != RunSpec.DEFAULT_STEP_LIMIT && variants.stream().anyMatch(Variant::bfclCompat)) {
            throw c.err("step_limit", "a bfcl_compat variant plays BFCL's MAXIMUM_STEP_LIMIT ("
                    + RunSpec.DEFAULT_STEP_LIMIT + "), got " + stepLimit + "; remove step_limit or the bfcl_compat variants");
        }
        return new RunSpec(runId, setSpecs, variants, endpoint, stepLimit, limit, sweMax, fsync, sweSteps, sweContext,
                policy(root, c), system(root, c));
    }

    private static RunSpec.Policy policy(JsonNode root, Ctx c) {
        RunSpec.Policy d = RunSpec.Policy.DEFAULT;
        long deadline = c.optDuration(root, "deadline", d.deadlineSeconds());
        long perScenario = c.optDuration(root, "scenario_deadline", d.scenarioDeadlineSeconds());
        int retries = c.optInt(root, "retry_unjudged", d.retryUnjudged(), 0, 100, "");
        int wait = c.optInt(root, "retry_unjudged_wait_s", d.retryWaitSeconds(), 0, 86_400, "");
        return new RunSpec.Policy(deadline, perScenario, retries, wait);
    }

    private static RunSpec.SystemSetup system(JsonNode root, Ctx c) {
        String name = c.optString(root, "system_message", RunSpec.SystemSetup.DEFAULT.style().jsonName(), "");
        RunSpec.SystemMessage style = RunSpec.SystemMessage.byName(name);
        if (style == null) throw c.err("system_message", "expected vllm or harmony-default, got '" + name + "'");
        String date = c.optString(root, "system_date", null, "");
        try {
            return new RunSpec.SystemSetup(style, date);
        } catch (IllegalArgumentException e) {
            throw c.err("system_date", e.getMessage());
        }
    }

    /** The longest duration a deadline may have (ten years): far beyond any run, far below what clocks can add. */
    public static final long MAX_DURATION_SECONDS = 10L * 365 * 24 * 3600;

    /**
     * Seconds in a duration: a number of seconds, or digits with units {@code h}, {@code m}, {@code s}
     * ({@code 6h}, {@code 90m}, {@code 1h30m}); at most {@link #MAX_DURATION_SECONDS}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static long parseDuration(String text) {
        String t = text.strip();
        if (!t.matches("\\d+") && (!t.matches("(\\d+h)?(\\d+m)?(\\d+s)?") || t.isEmpty())) {
            throw new IllegalArgumentException("expected a duration such as 6h, 90m, 1h30m or 45s, got '" + text + "'");
        }
        long total = 0;
        Matcher m = Pattern.compile("(\\d+)([hms]?)").matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = Math.addExact(total, switch (m.group(2)) {
                    case "h" -> Math.multiplyExact(n, 3600);
                    case "m" -> Math.multiplyExact(n, 60);
                    default -> n;
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            total = Long.MAX_VALUE;
        }
        checkDuration(total, text);
        return total;
    }

    private static void checkDuration(long seconds, Object given) {
        if (seconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("duration '" + given + "' is longer than ten years (" + MAX_DURATION_SECONDS
                    + " s); use 0 for no deadline");
        }
    }

    private static RunSpec.EndpointSettings endpoint(JsonNode e, Ctx c) {
        RunSpec.EndpointSettings d = RunSpec.EndpointSettings.simulator();
        if (e == null || e.isNull()) return d;
        if (!e.isObject()) throw c.err("endpoint", "expected an object");
        c.unknown(e, ENDPOINT, "endpoint.");
        if (e.has("api_key")) {
            throw c.err("endpoint.api_key", "secrets do not belong in run files; set \"api_key_env\" to the name of an environment variable holding the key");
        }
        List<String> urls = urls(e.get("url"), d.url(), c);
        String url = urls.get(0);
        for (String u : urls) {
            if (u.equals(RunSpec.EndpointSettings.SIM) ? urls.size() > 1 : !u.startsWith("http://") && !u.startsWith("https://")) {
                throw c.err("endpoint.url", "expected \"sim\" or an http(s) base URL such as http://127.0.0.1:8000/v1 "
                        + "(or an array of such URLs: replicas of one model), got '" + u + "'");
            }
        }
        String model = c.optString(e, "model", d.model(), "endpoint.");
        String keyEnv = c.optString(e, "api_key_env", null, "endpoint.");
        int conc = c.optInt(e, "concurrency", d.concurrency(), 1, 4096, "endpoint.");
        int timeout = c.optInt(e, "timeout_s", d.timeoutSeconds(), 1, 86_400, "endpoint.");
        int attempts = c.optInt(e, "max_attempts", d.maxAttempts(), 1, 100, "endpoint.");
        String cache = c.optString(e, "cache_dir", null, "endpoint.");
        String server = c.optString(e, "server", "vllm", "endpoint.");
        if (!Set.of("vllm", "harmonica-sim", "generic").contains(server)) {
            throw c.err("endpoint.server", "expected vllm, harmonica-sim or generic, got '" + server + "'");
        }
        boolean faults = d.simFaults();
        long seed = d.simSeed();
        int latency = d.simLatencyMs();
        JsonNode sim = e.get("sim");
        if (sim != null && !sim.isNull()) {
            if (!url.equals(RunSpec.EndpointSettings.SIM)) {
                throw c.err("endpoint.sim", "only applies to the in-process simulator (\"url\": \"sim\"); a "
                        + "`harmonica sim` server takes its faults on its own command line");
            }
            if (!sim.isObject()) throw c.err("endpoint.sim", "expected an object");
            c.unknown(sim, SIM, "endpoint.sim.");
            faults = c.optBool(sim, "faults", faults, "endpoint.sim.");
            seed = c.optLong(sim, "seed", seed, "endpoint.sim.");
            latency = c.optInt(sim, "latency_ms", latency, 0, 600_000, "endpoint.sim.");
        }
        return new RunSpec.EndpointSettings(url, model, keyEnv, conc, timeout, attempts, faults, seed, latency, cache,
                server, urls.subList(1, urls.size()));
    }

    /** {@code endpoint.url}: one URL, or an array of replica URLs of the same model. */
    private static List<String> urls(JsonNode n, String def, Ctx c) {
        if (n == null || n.isNull()) return List.of(def);
        if (n.isTextual()) return List.of(n.textValue());
        if (!n.isArray() || n.isEmpty()) throw c.err("endpoint.url", "expected a URL string or a non-empty array of URLs");
        List<String> out = new ArrayList<>();
        for (JsonNode u : n) {
            if (!u.isTextual()) throw c.err("endpoint.url", "expected URL strings, got " + u);
            out.add(u.textValue());
        }
        return out;
    }

    private static Variant variant(JsonNode v, String path, Ctx c) {
        if (v == null || !v.isObject()) throw c.err(path, "expected an object");
        String p = path + ".";
        c.unknown(v, VARIANT, p);
        String name = c.optString(v, "name", null, p);
        if (name == null) throw c.err(p + "name", "required: letters, digits, '.', '_', '+' and '-' only");
        String renderer = c.optString(v, "renderer", "harmony-v0.0.8", p);
        boolean bfcl = c.optBool(v, "bfcl_compat", false, p);
        String modeName = c.optString(v, "mode", bfcl ? "chat" : "completions", p);
        Variant.Mode mode = Variant.Mode.byName(modeName);
        if (mode == null) throw c.err(p + "mode", "expected completions, chat or chat-stream, got '" + modeName + "'");
        String drivingName = c.optString(v, "driving", bfcl ? "stop" : "lenient", p);
        Driving driving = Driving.byName(drivingName);
        if (driving == null) throw c.err(p + "driving", "expected lenient, stop or resample, got '" + drivingName + "'");
        int resamples = c.optInt(v, "resamples", driving == Driving.RESAMPLE ? 2 : 0, 0, 100, p);
        ModelRequest.Sampling s = bfcl ? bfclSampling(v.get("sampling"), p, c) : sampling(v.get("sampling"), p, c);
        JsonNode toolChoice = v.get("tool_choice");
        if (toolChoice != null && toolChoice.isNull()) toolChoice = null;
        if (toolChoice != null) {
            boolean ok = toolChoice.isTextual() && Set.of("auto", "required", "none").contains(toolChoice.textValue())
                    || toolChoice.isObject() && toolChoice.path("function").path("name").isTextual();
            if (!ok) {
                throw c.err(p + "tool_choice", "expected \"auto\", \"required\", \"none\" or {\"type\":\"function\",\"function\":{\"name\":\"...\"}}");
            }
        }
        Boolean parallel = v.has("parallel_tool_calls") && !v.get("parallel_tool_calls").isNull()
                ? c.optBool(v, "parallel_tool_calls", true, p) : null;
        boolean drop = c.optBool(v, "drop_analysis", true, p);
        try {
            return new Variant(name, renderer, mode, driving, resamples, s, toolChoice, parallel, drop, null,
                    bfcl ? Protocol.BFCL : Protocol.HARMONICA);
        } catch (IllegalArgumentException e) { // "field: why"
            String m = e.getMessage();
            int colon = m.indexOf(": ");
            throw c.err(p + m.substring(0, colon), m.substring(colon + 2));
        }
    }

    /** {@code bfcl_compat}: BFCL sends only a temperature (bfcl generate {@code --temperature}, default 0.001). */
    private static ModelRequest.Sampling bfclSampling(JsonNode sn, String p, Ctx c) {
        if (sn == null || sn.isNull()) return Variant.bfclSampling(null);
        if (!sn.isObject()) throw c.err(p + "sampling", "expected an object");
        Iterator<String> it = sn.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!f.equals("temperature")) {
                throw c.err(p + "sampling." + f, "bfcl_compat sends only a temperature, as BFCL's OpenAI FC handler "
                        + "does (bfcl generate --temperature); remove this field");
            }
        }
        return Variant.bfclSampling(c.optDouble(sn, "temperature", p + "sampling."));
    }

    private static ModelRequest.Sampling sampling(JsonNode sn, String p, Ctx c) {
        ModelRequest.Sampling s = ModelRequest.Sampling.DEFAULT;
        if (sn == null || sn.isNull()) return s;
        if (!sn.isObject()) throw c.err(p + "sampling", "expected an object");
        String sp = p + "sampling.";
        c.unknown(sn, SAMPLING, sp);
        Integer maxTokens = sn.has("max_tokens") && !sn.get("max_tokens").isNull()
                ? c.optInt(sn, "max_tokens", 0, 1, 10_000_000, sp) : s.maxTokens();
        Double temp = sn.has("temperature") ? c.optDouble(sn, "temperature", sp) : s.temperature();
        Double topP = sn.has("top_p") ? c.optDouble(sn, "top_p", sp) : s.topP();
        Long seed = sn.has("seed") && !sn.get("seed").isNull() ? c.optLong(sn, "seed", 0, sp) : null;
        Integer logprobs = sn.has("logprobs") && !sn.get("logprobs").isNull() ? c.optInt(sn, "logprobs", 0, 1, 20, sp) : null;
        return new ModelRequest.Sampling(maxTokens, temp, topP, seed, logprobs);
    }

    /** The run-file JSON of a config (the {@code config} object of {@code run.json}); round-trips through {@link #fromJson}. */
    public static ObjectNode toJson(RunSpec rc) {
        ObjectNode o = MAPPER.createObjectNode();
        if (rc.runId() != null) o.put("run_id", rc.runId());
        ArrayNode sets = o.putArray("scenarios");
        rc.scenarioSets().forEach(sets::add);
        o.put("limit", rc.limit());
        o.put("step_limit", rc.stepLimit());
        o.put("swe_max_steps", rc.sweMaxSteps());
        o.put("swe_steps", rc.sweSteps());
        o.put("swe_context_tokens", rc.sweContextTokens());
        o.put("fsync", rc.fsync());
        o.put("system_message", rc.systemMessage().jsonName());
        if (rc.systemDate() != null) o.put("system_date", rc.systemDate());
        o.put("deadline", rc.deadlineSeconds() + "s");
        o.put("scenario_deadline", rc.scenarioDeadlineSeconds() + "s");
        o.put("retry_unjudged", rc.retryUnjudged());
        o.put("retry_unjudged_wait_s", rc.retryUnjudgedWaitSeconds());
        RunSpec.EndpointSettings e = rc.endpoint();
        ObjectNode en = o.putObject("endpoint");
        if (e.replicas().isEmpty()) {
            en.put("url", e.url());
        } else {
            ArrayNode urls = en.putArray("url");
            e.urls().forEach(urls::add);
        }
        en.put("model", e.model());
        if (e.apiKeyEnv() != null) en.put("api_key_env", e.apiKeyEnv());
        en.put("concurrency", e.concurrency());
        en.put("timeout_s", e.timeoutSeconds());
        en.put("max_attempts", e.maxAttempts());
        if (e.cacheDir() != null) en.put("cache_dir", e.cacheDir());
        en.put("server", e.server());
        if (e.isSimulator()) { // the simulator's own settings: meaningless for a real server
            ObjectNode sim = en.putObject("sim");
            sim.put("faults", e.simFaults());
            sim.put("seed", e.simSeed());
            sim.put("latency_ms", e.simLatencyMs());
        }
        ArrayNode vs = o.putArray("variants");
        for (Variant v : rc.variants()) {
            ObjectNode vn = vs.addObject();
            vn.put("name", v.name());
            vn.put("renderer", v.renderer());
            vn.put("mode", v.mode().jsonName());
            vn.put("driving", v.driving().jsonName());
            vn.put("resamples", v.resamples());
            ObjectNode sn = vn.putObject("sampling");
            if (v.sampling().maxTokens() != null) sn.put("max_tokens", v.sampling().maxTokens());
            if (v.sampling().temperature() != null) sn.put("temperature", v.sampling().temperature());
            if (v.sampling().topP() != null) sn.put("top_p", v.sampling().topP());
            if (v.sampling().seed() != null) sn.put("seed", v.sampling().seed());
            if (v.sampling().logprobs() != null) sn.put("logprobs", v.sampling().logprobs());
            if (v.toolChoice() != null) vn.set("tool_choice", v.toolChoice());
            if (v.parallelToolCalls() != null) vn.put("parallel_tool_calls", v.parallelToolCalls());
            vn.put("drop_analysis", v.dropAnalysis());
            if (v.bfclCompat()) vn.put("bfcl_compat", true);
        }
        return o;
    }

    private record Ctx(String origin) {
        BadInputException err(String field, String msg) {
            return new BadInputException("run file " + origin + (field.isEmpty() ? "" : ", field " + field) + ": " + msg);
        }

        void unknown(JsonNode obj, Set<String> known, String prefix) {
            Iterator<String> it = obj.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (!known.contains(f)) {
                    throw err(prefix + f, "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        String optString(JsonNode o, String f, String def, String prefix) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return def;
            if (!n.isTextual()) throw err(prefix + f, "expected a string, got " + n.getNodeType().name().toLowerCase());
            return n.textValue();
        }

        int optInt(JsonNode o, String f, int def, int min, int max, String prefix) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return def;
            if (!n.canConvertToInt() || !n.isIntegralNumber()) throw err(prefix + f, "expected an integer, got " + n);
            int v = n.intValue();
            if (v < min || v > max) throw err(prefix + f, "expected " + min + ".." + max + ", got " + v);
            return v;
        }

        long optLong(JsonNode o, String f, long def, String prefix) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return def;
            if (!n.isIntegralNumber() || !n.canConvertToLong()) throw err(prefix + f, "expected an integer, got " + n);
            return n.longValue();
        }

        Double optDouble(JsonNode o, String f, String prefix) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return null;
            if (!n.isNumber()) throw err(prefix + f, "expected a number, got " + n);
            return n.doubleValue();
        }

        long optDuration(JsonNode o, String f, long def) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return def;
            if (!n.isTextual() && !(n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0)) {
                throw err(f, "expected a duration such as \"6h\" or a number of seconds, got " + n);
            }
            try {
                if (!n.isTextual()) {
                    checkDuration(n.longValue(), n.longValue());
                    return n.longValue();
                }
                return parseDuration(n.textValue());
            } catch (IllegalArgumentException e) {
                throw err(f, e.getMessage());
            }
        }

        boolean optBool(JsonNode o, String f, boolean def, String prefix) {
            JsonNode n = o.get(f);
            if (n == null || n.isNull()) return def;
            if (!n.isBoolean()) throw err(prefix + f, "expected true or false, got " + n);
            return n.booleanValue();
        }
    }
}
