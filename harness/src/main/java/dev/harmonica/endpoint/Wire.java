package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyEncoding;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-compatible wire formats (the OpenAI Chat Completions API reference; vLLM's OpenAI-compatible server docs (extra parameters)): request bodies built from a {@link ModelRequest} and the
 * pieces of a {@link RawTurn} read from response bodies. Pure functions; shared by the HTTP client and the in-process
 * simulator so that both produce identical turns.
 */
public final class Wire {
    public static final String COMPLETIONS_PATH = "/v1/completions";
    public static final String CHAT_PATH = "/v1/chat/completions";
    public static final String MODELS_PATH = "/v1/models";
    /** Request extension field carrying the {@link ModelRequest.SimHint}; sent only to Harmonica simulators. */
    public static final String SIM_FIELD = "harmonica_sim";
    /** Response header listing the fault codes a simulator injected (comma-separated, empty when none). */
    public static final String SIM_FAULTS_HEADER = "x-harmonica-sim-faults";
    /** Response header present on every simulator response, value {@code 1}: the output is simulated, not a model's. */
    public static final String SIMULATED_HEADER = "x-harmonica-simulated";
    /** Response header present on every simulator response: a stable id of its fault configuration and seed. */
    public static final String FAULT_PLAN_HEADER = "x-harmonica-fault-plan";

    private Wire() {
    }

    public static String path(ModelRequest.Mode mode) {
        return mode == ModelRequest.Mode.CHAT ? CHAT_PATH : COMPLETIONS_PATH;
    }

    /**
     * The request body. Extra body fields of the configuration are merged last; an extra {@code harmonica_sim}
     * object (simulator directives such as {@code "transport"}) is merged into the hint and only sent to simulators.
     * COMPLETIONS on vLLM and simulators carries the options that keep harmony intact
     * (vLLM's OpenAI-compatible server docs (extra parameters)): {@code skip_special_tokens:false}, {@code spaces_between_special_tokens:false},
     * {@code include_stop_str_in_output:true}, {@code stop_token_ids:[200002,200012]} and, when asked,
     * {@code return_token_ids:true}. The sim hint is added only for {@link EndpointConfig.ServerKind#HARMONICA_SIM}.
     */
    public static ObjectNode requestBody(ModelRequest r, EndpointConfig c, boolean returnTokenIds) {
        return requestBody(r, c, returnTokenIds, true);
    }

    /** COMPLETIONS: whether the body carries the prompt as token ids (else as text). */
    public static boolean sendsTokenIds(ModelRequest r, EndpointConfig c) {
        return r.promptTokens() != null && (c.tokenIdPrompts() || r.promptText() == null);
    }

    /**
     * {@link #requestBody(ModelRequest, EndpointConfig, boolean)}, optionally without the COMPLETIONS {@code prompt}
     * (the in-process simulator takes the prompt as it is, see {@link #sendsTokenIds}).
     */
    public static ObjectNode requestBody(ModelRequest r, EndpointConfig c, boolean returnTokenIds, boolean withPrompt) {
        ObjectNode b = Json.object();
        b.put("model", r.model() != null ? r.model() : c.model());
        if (r.mode() == ModelRequest.Mode.COMPLETIONS) {
            if (r.promptTokens() == null && r.promptText() == null) {
                throw new IllegalArgumentException("COMPLETIONS request has neither promptTokens nor promptText");
            }
            if (!withPrompt) {
                // left out
            } else if (sendsTokenIds(r, c)) {
                ArrayNode p = b.putArray("prompt");
                for (int t : r.promptTokens()) p.add(t);
            } else {
                b.put("prompt", r.promptText());
            }
            putSampling(b, r.sampling(), true);
            b.put("stream", false);
            if (c.server() != EndpointConfig.ServerKind.GENERIC) {
                b.put("skip_special_tokens", false);
                b.put("spaces_between_special_tokens", false);
                b.put("include_stop_str_in_output", true);
                b.putArray("stop_token_ids").add(HarmonyEncoding.RETURN).add(HarmonyEncoding.CALL);
                if (returnTokenIds) b.put("return_token_ids", true);
                if (b.has("logprobs")) b.put("return_tokens_as_token_ids", true); // vLLM: "token_id:N", never text
            }
        } else {
            if (r.messages() == null || !r.messages().isArray()) {
                throw new IllegalArgumentException("CHAT request needs a messages array");
            }
            b.set("messages", r.messages());
            if (r.body() == ModelRequest.Body.BFCL_FC) {
                bfclFc(b, r);
            } else {
                harmonicaChat(b, r);
            }
        }
        if (c.server() == EndpointConfig.ServerKind.HARMONICA_SIM && r.simHint() != null) {
            b.set(SIM_FIELD, simHintJson(r.simHint()));
        }
        mergeExtra(b, c);
        return b;
    }

    /** BFCL's FC chat body: {@code store: false}, the temperature, the tools when there are any. */
    private static void bfclFc(ObjectNode b, ModelRequest r) {
        b.put("store", false);
        Double t = r.sampling() == null ? null : r.sampling().temperature();
        if (t != null) b.put("temperature", t);
        if (r.tools() != null && r.tools().isArray() && r.tools().size() > 0) b.set("tools", r.tools());
    }

    private static void harmonicaChat(ObjectNode b, ModelRequest r) {
        if (r.tools() != null && r.tools().isArray() && r.tools().size() > 0) b.set("tools", r.tools());
        if (r.toolChoice() != null && !r.toolChoice().isNull()) b.set("tool_choice", r.toolChoice());
        if (r.parallelToolCalls() != null) b.put("parallel_tool_calls", r.parallelToolCalls());
        putSampling(b, r.sampling(), false);
        b.put("stream", r.stream());
        if (r.stream()) b.putObject("stream_options").put("include_usage", true);
    }

    /** Extra body fields of the configuration, merged last (a {@code harmonica_sim} object only for simulators). */
    private static void mergeExtra(ObjectNode b, EndpointConfig c) {
        ObjectNode extra = c.extraBody();
        if (extra != null) {
            JsonNode extraSim = extra.remove(SIM_FIELD);
            b.setAll(extra);
            if (extraSim != null && extraSim.isObject() && c.server() == EndpointConfig.ServerKind.HARMONICA_SIM) {
                // e.g. {"harmonica_sim": {"transport": "503x2"}}: merged into the hint, never replacing it
                JsonNode mine = b.get(SIM_FIELD);
                if (mine instanceof ObjectNode o) o.setAll((ObjectNode) extraSim);
                else b.set(SIM_FIELD, extraSim);
            }
        }
    }

    public static ObjectNode simHintJson(ModelRequest.SimHint h) {
        ObjectNode o = Json.object();
        if (h.scenarioId() != null) o.put("scenario_id", h.scenarioId());
        o.put("depth", h.depth());
        if (h.expected() != null) o.set("expected", h.expected());
        return o;
    }

    private static void putSampling(ObjectNode b, ModelRequest.Sampling s, boolean completions) {
        if (s == null) s = ModelRequest.Sampling.DEFAULT;
        String maxTokensField = "max_tokens";
        if (completions && s.logprobs() != null && s.logprobs() > 0) b.put("logprobs", s.logprobs());
        if (s.maxTokens() != null) b.put(maxTokensField, s.maxTokens());
        if (s.temperature() != null) b.put("temperature", s.temperature());
        if (s.topP() != null) b.put("top_p", s.topP());
        if (s.seed() != null) b.put("seed", s.seed());
    }

    /**
     * The server's error message in either envelope: {@code {"error":{"message":…}}} (current vLLM, llama.cpp),
     * {@code {"object":"error","message":…}} (older vLLM, SGLang) or {@code {"error":"…"}} (Ollama); null if the body
     * is not an error.
     */
    public static String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) return null;
        JsonNode e = body.get("error");
        if (e != null && !e.isNull()) {
            if (e.isTextual()) return e.textValue();
            if (e.isObject()) {
                String m = Json.text(e, "message");
                return m != null ? m : Json.write(e);
            }
            return Json.write(e);
        }
        if ("error".equals(Json.text(body, "object"))) {
            String m = Json.text(body, "message");
            return m != null ? m : Json.write(body);
        }
        return null;
    }

    /** The pieces of a turn read from a successful response. */
    public record Parts(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                        int promptTokens, int completionTokenCount, List<String> injectedFaults,
                        List<TokenLogprob> logprobs) {
        public Parts(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                     int promptTokens, int completionTokenCount, List<String> injectedFaults) {
            this(completionTokens, completionText, chatMessage, finishReason, promptTokens, completionTokenCount,
                    injectedFaults, null);
        }
    }

    /** Thrown when a 2xx body does not have the expected shape (treated like a transport failure: retried). */
    public static final class MalformedResponseException extends Exception {
        public MalformedResponseException(String message) {
            super(message);
        }
    }

    /** Reads a non-streaming COMPLETIONS response ({@code choices[0].text}, {@code token_ids}, usage). */
    public static Parts readCompletion(JsonNode body) throws MalformedResponseException {
        JsonNode choice = firstChoice(body);
        JsonNode text = choice.get("text");
        if (text == null || !text.isTextual()) throw new MalformedResponseException("choices[0].text: expected a string");
        int[] tokens = null;
        JsonNode ids = choice.get("token_ids");
        if (ids != null && ids.isArray()) {
            tokens = new int[ids.size()];
            for (int i = 0; i < tokens.length; i++) tokens[i] = ids.get(i).asInt();
        }
        JsonNode usage = body.get("usage");
        return new Parts(tokens, text.textValue(), null, Json.text(choice, "finish_reason"),
                Json.intOr(usage, "prompt_tokens", -1), Json.intOr(usage, "completion_tokens", -1), simFaults(body),
                Logprobs.read(choice.get("logprobs")));
    }

    /**
     * Reads a non-streaming CHAT response. The message is returned as the server sent it, except that
     * {@code reasoning} is added from {@code reasoning_content} when only the old field name is present
     * (vLLM vllm/entrypoints/openai/serving_chat.py: read both).
     */
    public static Parts readChat(JsonNode body) throws MalformedResponseException {
        JsonNode choice = firstChoice(body);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) throw new MalformedResponseException("choices[0].message: expected an object");
        ObjectNode m = ((ObjectNode) message).deepCopy();
        normaliseReasoning(m);
        JsonNode usage = body.get("usage");
        return new Parts(null, null, m, Json.text(choice, "finish_reason"),
                Json.intOr(usage, "prompt_tokens", -1), Json.intOr(usage, "completion_tokens", -1), simFaults(body));
    }

    static void normaliseReasoning(ObjectNode m) {
        JsonNode r = m.get("reasoning");
        JsonNode rc = m.get("reasoning_content");
        if ((r == null || r.isNull()) && rc != null && rc.isTextual()) m.put("reasoning", rc.textValue());
    }

    private static JsonNode firstChoice(JsonNode body) throws MalformedResponseException {
        if (body == null || !body.isObject()) throw new MalformedResponseException("response: expected a JSON object");
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw new MalformedResponseException("choices: expected a non-empty array of objects");
        }
        return choices.get(0);
    }

    /** Fault codes from a simulator's {@code harmonica_sim.injected_faults} body field (empty when absent). */
    public static List<String> simFaults(JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode s = body == null ? null : body.get(SIM_FIELD);
        JsonNode f = s == null ? null : s.get("injected_faults");
        if (f != null && f.isArray()) f.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Fault codes from the {@link #SIM_FAULTS_HEADER} value. */
    public static List<String> simFaultsHeader(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) return out;
        for (String s : header.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }
}
